// perf_event programs and iu::get_stack in the kernel (issue 14): a CPU
// clock sample at 100 Hz on every CPU. Each sample prints its CPU, the
// interrupted task and whether it was in user mode, and for a kernel-mode
// sample the kernel stack get_stack walked from the interrupted registers:
// how many frames, and "ok" when there is at least one, the first is the
// interrupted ip and every one is a kernel text address (at or above
// 0xffffffff80000000: the kernel image and modules); a user-mode sample
// must get 0 frames. The program returns get_stack's result (a test run on
// the user backend: -EOPNOTSUPP).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

constexpr iu::u64 kKernelText = 0xffffffff80000000ull;

int sample(const iu::perf_event_ctx &ctx) {
  iu::array<iu::u64, 16> stack{};
  iu::s64 n = iu::get_stack(ctx, stack);
  bool ok = false;
  if (ctx.user_mode()) {
    ok = n == 0;
  } else if (n > 0 && stack[0] == ctx.ip()) {
    ok = true;
    for (iu::s64 i = 0; i < n; ++i)
      if (stack[i] < kKernelText)
        ok = false;
  }
  if (ok)
    iu::trace_printk("sample cpu=%u pid=%u tgid=%u user=%d frames=%lld ok\n", ctx.cpu(), ctx.pid(),
                     ctx.tgid(), ctx.user_mode() ? 1 : 0, n);
  else
    iu::trace_printk("sample cpu=%u pid=%u tgid=%u user=%d frames=%lld bad ip=%llx\n", ctx.cpu(),
                     ctx.pid(), ctx.tgid(), ctx.user_mode() ? 1 : 0, n, ctx.ip());
  return static_cast<int>(n);
}

} // namespace

IU_PERF_EVENT(100, sample);
