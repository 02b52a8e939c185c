// A program that ends every invocation with an explicit panic and a
// message, for the reports of attached runs and of --test-run.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  if (ctx.arg1() != ~0ull)
    iu::panic("the test asked for it");
  return 0;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
