// The time bound alone: a loop of cheap helper calls with the largest
// budget iu-cc accepts. Each call costs one unit, so the fuel would last
// 10^7 calls (seconds under TCG); iu.ko's 10 ms time bound ends the
// invocation first, at a helper call.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &) {
  iu::u64 t = 0;
  for (iu::u64 i = 0; i < 100000000; ++i)
    t ^= iu::ktime_get_ns();
  return static_cast<int>(t & 1);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
