// loop_forever: a kprobe program that never finishes. The loop has no exit
// the compiler can see through (the syscall number is never ~0), so only
// the fuel charged at its back-edge ends the invocation: the host reports
// "fuel exhausted" and the probed syscall carries on.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  iu::u64 nr = ctx.arg1();
  iu::u64 spins = 0;
  while (nr != ~0ull)
    spins = spins * 6364136223846793005ull + nr;
  return static_cast<int>(spins);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
