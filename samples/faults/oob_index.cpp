// oob_index: a per-syscall counter table too small for the syscalls it
// sees. The first syscall numbered 4 or above indexes past the end of the
// iu::array, and the invocation ends with "index out of bounds" at the
// line of the indexing expression.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  iu::array<iu::u64, 4> counts{};
  iu::u64 nr = ctx.arg1();
  counts[nr] += 1; // out of bounds for nr >= 4
  return static_cast<int>(counts[0]);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
