// syscall_tp: Linux's samples/bpf/syscall_tp_kern.c in iu. Counts entries
// to and exits from open(2) and openat(2) in two array maps, which user
// space reads (syscall_tp_user.cpp, or iu-load --dump-maps).
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(enter_open_map, iu::array_map<iu::u32, 1>);
IU_MAP(exit_open_map, iu::array_map<iu::u32, 1>);

namespace {

// The original looks the value up and increments it through the pointer
// (racy across CPUs) or creates it; an array's entries always exist, and
// add() is atomic.
template <class Map> void count(const Map &map) {
  if (!map.add(0, 1))
    map.update(0, 1, iu::noexist);
}

int trace_enter_open(const iu::syscall_enter_ctx &) {
  count(enter_open_map);
  return 0;
}

int trace_enter_open_at(const iu::syscall_enter_ctx &) {
  count(enter_open_map);
  return 0;
}

int trace_exit_open(const iu::syscall_exit_ctx &) {
  count(exit_open_map);
  return 0;
}

int trace_exit_open_at(const iu::syscall_exit_ctx &) {
  count(exit_open_map);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_open, trace_enter_open);
IU_TRACEPOINT(syscalls, sys_enter_openat, trace_enter_open_at);
IU_TRACEPOINT(syscalls, sys_exit_open, trace_exit_open);
IU_TRACEPOINT(syscalls, sys_exit_openat, trace_exit_open_at);
