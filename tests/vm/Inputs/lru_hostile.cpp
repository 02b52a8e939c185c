// A hostile hook placement: a kprobe inside the LRU map's own code, on the
// function named by -DIU_TARGET=NAME (htab_lru_map_delete_node, which the
// map calls with its LRU list locks held; _raw_spin_lock_irqsave, which it
// calls under them for the bucket lock), whose program updates the same
// full LRU map. Had anything outside iu been able to write the map (the
// bpf() system call), a hit under its locks would run the program on that
// CPU and the program's update would spin on a lock its own CPU holds.
// iu.ko takes the map only frozen and read-only for BPF programs, and runs
// user space's writes with the CPU marked inside iu, where the hit is
// counted as missed.
//   runs[0]  invocations
//   runs[1]  invocations whose update failed
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(lru, iu::lru_hash<iu::u32, iu::u64, 64>);
IU_MAP(runs, iu::array_map<iu::u64, 2>);

namespace {

int prog(const iu::kprobe_ctx &) {
  runs.add(0, 1);
  iu::u64 now = iu::ktime_get_ns();
  // Keys with the top bit set: user space's keys never have it.
  iu::u32 key = static_cast<iu::u32>(now) | 0x80000000u;
  if (!lru.update(key, now))
    runs.add(1, 1);
  return 0;
}

} // namespace

#define PROBE_ON(func, prog) IU_KPROBE(func, prog)
PROBE_ON(IU_TARGET, prog);
