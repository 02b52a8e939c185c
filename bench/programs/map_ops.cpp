// map_ops (iu): the map benchmark's iu programs (bench/run, "kernel").
// Each runs on sys_enter_getppid and does K operations (K: a configuration
// set at load: lookups, updates or atomic adds) on one map of 1024 u32 -> u64 entries, all present (the
// loader fills the hash map first). bench/programs/map_ops.bpf.c is the
// same program in eBPF; K = 0 is the baseline that the per-operation cost
// is measured against.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_CONFIG(iu::u32, K, 0);
IU_MAP(hash, iu::hash_map<iu::u32, iu::u64, 1024>);
IU_MAP(array, iu::array_map<iu::u64, 1024>);

namespace {

constexpr iu::u32 kMask = 1023;

template <class Map> int lookups(const Map &map) {
  iu::u64 acc = 0;
  for (iu::u32 i = 0; i < K; ++i)
    acc += map.lookup(i & kMask).value_or(0);
  return static_cast<int>(acc & 1);
}

template <class Map> int updates(const Map &map) {
  iu::u32 failed = 0;
  for (iu::u32 i = 0; i < K; ++i)
    if (!map.update(i & kMask, i))
      ++failed;
  return static_cast<int>(failed & 1);
}

template <class Map> int adds(const Map &map) {
  iu::u32 failed = 0;
  for (iu::u32 i = 0; i < K; ++i)
    if (!map.add(i & kMask, 1))
      ++failed;
  return static_cast<int>(failed & 1);
}

int hash_lookup(const iu::syscall_enter_ctx &) { return lookups(hash); }
int hash_update(const iu::syscall_enter_ctx &) { return updates(hash); }
int array_lookup(const iu::syscall_enter_ctx &) { return lookups(array); }
int array_update(const iu::syscall_enter_ctx &) { return updates(array); }
int hash_add(const iu::syscall_enter_ctx &) { return adds(hash); }
int array_add(const iu::syscall_enter_ctx &) { return adds(array); }

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, hash_lookup);
IU_TRACEPOINT(syscalls, sys_enter_getppid, hash_update);
IU_TRACEPOINT(syscalls, sys_enter_getppid, array_lookup);
IU_TRACEPOINT(syscalls, sys_enter_getppid, array_update);
IU_TRACEPOINT(syscalls, sys_enter_getppid, hash_add);
IU_TRACEPOINT(syscalls, sys_enter_getppid, array_add);
