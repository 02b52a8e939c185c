// Reads 8 bytes of kernel memory (the probed syscall's kernel stack) and
// says whether it could: lockdown (confidentiality) must make it fail.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  iu::optional<iu::u64> v = iu::probe_read_kernel(iu::kptr<iu::u64>(ctx.sp()));
  if (v)
    iu::trace_printk("kernel read: ok\n");
  else
    iu::trace_printk("kernel read: refused\n");
  return 0;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
