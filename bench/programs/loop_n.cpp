// loop_n (iu): the load-time benchmark's iu family (bench/run, "load").
// The same bounded loop as loop_n.bpf.c: N iterations (iu-cc -DLOOP_N=...) over a
// value read from the context. Nothing at load time depends on N: iu.ko
// checks the signature, maps and relocates the image, whatever the loop does.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int loop_n(const iu::kprobe_ctx &ctx) {
  iu::u64 x = ctx.arg1();
  iu::u64 acc = 0;
  for (iu::u32 i = 0; i < LOOP_N; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    acc += (x >> 33) ^ i;
  }
  return static_cast<int>(acc & 0xff);
}

} // namespace

IU_KPROBE(__seccomp_filter, loop_n);
