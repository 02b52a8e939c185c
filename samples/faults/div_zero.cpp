// div_zero: divides by (syscall number - write), which is zero on every
// write(2): the invocation ends with "division by zero" at the line of the
// division, never with a #DE.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  int nr = static_cast<int>(ctx.arg1());
  int per_call = 1000 / (nr - iu::sys::write); // zero divisor on write(2)
  return per_call;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
