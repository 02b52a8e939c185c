// The termination case of a helper doing the work: 10^6 reads of 8 KiB of
// kernel memory (the task's kernel stack) in one invocation, with the
// largest fuel budget iu-cc accepts. Each read is charged for its bytes, so
// the fuel (or, before it, iu.ko's time bound) ends the first invocation
// within milliseconds instead of letting the syscall take minutes.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

struct block {
  iu::u8 bytes[8192];
};

int prog(const iu::kprobe_ctx &ctx) {
  // The bottom of the 16 KiB kernel stack the probed syscall runs on.
  iu::kptr<block> stack(ctx.sp() & ~0x3fffull);
  iu::u64 sum = 0;
  for (iu::u64 i = 0; i < 1000000; ++i) {
    iu::optional<block> b = iu::probe_read_kernel(stack);
    if (b)
      sum += b.value().bytes[i % 8192];
  }
  iu::trace_printk("sum %llu\n", sum);
  return 0;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
