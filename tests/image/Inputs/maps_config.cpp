// A base image for the .maps / .iu.config mutations of malformed-maps.test:
// its first map is an array, its first configuration a u32, its second a
// u32 too (records of 72 bytes each).
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(by_nr, iu::array_map<iu::u64, 16>);
IU_MAP(by_pid, iu::hash_map<iu::u32, iu::u64, 64>);
IU_CONFIG(iu::u32, first, 1);
IU_CONFIG(iu::u32, second, 2);

namespace {
int count(const iu::syscall_tp_ctx &ctx) {
  by_nr.add(static_cast<iu::u32>(ctx.nr() & 15) + first + second, 1);
  by_pid.update(iu::current_tgid(), 1);
  return 0;
}
} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, count);
