// shift_overflow: shifts a 32-bit mask by the syscall number, which is 32
// or more for most syscalls (openat is 257): the invocation ends with
// "shift out of bounds" at the line of the shift.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  iu::u32 nr = static_cast<iu::u32>(ctx.arg1());
  iu::u32 mask = 1u << nr; // shift exponent too large for nr >= 32
  return static_cast<int>(mask & 1u);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
