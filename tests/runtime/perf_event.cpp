// IU_PERF_EVENT(frequency_hz, prog): prog takes const iu::perf_event_ctx &
// (the interrupted ip, sp, registers, task and CPU); the frequency is a
// decimal literal from 1 to 10000 Hz, checked at compile time (the
// validator parses it back from the target "cpu_clock/<hz>"); iu::get_stack
// takes the context of a hook that fired with kernel registers and an
// array of 1 to 127 u64s (tests/e2e/perf_event.test runs them).
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: %iucc -fsyntax-only -DMACRO_HZ %s
// RUN: not %iucc -fsyntax-only -DHZ=0 %s 2>&1 | FileCheck %s --check-prefix=RANGE0
// RUN: not %iucc -fsyntax-only -DHZ=10001 %s 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not %iucc -fsyntax-only -DHZ=99u %s 2>&1 | FileCheck %s --check-prefix=LITERAL
// RUN: not %iucc -fsyntax-only -DHZ=0x63 %s 2>&1 | FileCheck %s --check-prefix=LITERAL
// RUN: not %iucc -fsyntax-only -DHZ=099 %s 2>&1 | FileCheck %s --check-prefix=LITERAL
// RUN: not %iucc -fsyntax-only "-DHZ=50*2" %s 2>&1 | FileCheck %s --check-prefix=LITERAL
// RUN: not %iucc -fsyntax-only -DARGS %s 2>&1 | FileCheck %s --check-prefix=ARGS
// RUN: not %iucc -fsyntax-only -DKPROBE_CTX %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DSYSCALL_STACK %s 2>&1 | FileCheck %s --check-prefix=SYSCALL
// RUN: not %iucc -fsyntax-only -DDEEP_STACK %s 2>&1 | FileCheck %s --check-prefix=DEEP
// RANGE0: error: {{.*}}IU_PERF_EVENT(HZ, sampled): the frequency must be from 1 to 10000 Hz
// RANGE0-NOT: error:
// RANGE: error: {{.*}}IU_PERF_EVENT(HZ, sampled): the frequency must be from 1 to 10000 Hz
// RANGE-NOT: error:
// LITERAL: error: {{.*}}the frequency must be a decimal integer literal, such as 99
// LITERAL-NOT: error:
// ARGS: error: no member named 'arg1' in 'iu::perf_event_ctx'
// ARGS-NOT: error:
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: {{.*}}const iu::perf_event_ctx & (IU_PERF_EVENT),
// WRONGCTX-NOT: error:
// SYSCALL: error: {{.*}}get_stack: ctx must be the context of a perf_event, kprobe, kretprobe, fentry or fexit program (a syscall tracepoint has no kernel stack to walk)
// SYSCALL-NOT: error:
// DEEP: error: {{.*}}get_stack: the array holds 1 to 127 entries (IU_STACK_DEPTH_MAX)
// DEEP-NOT: error:
#include <iu/iu.h>

namespace {
int sampled(const iu::perf_event_ctx &ctx) {
  iu::array<iu::u64, 127> stack{};
  iu::s64 n = iu::get_stack(ctx, stack);
  iu::pt_regs r = ctx.regs();
  return static_cast<int>(ctx.ip() + ctx.sp() + ctx.pid() + ctx.tgid() + ctx.cpu() +
                          (ctx.user_mode() ? 1 : 0) + r.ax + static_cast<iu::u64>(n) + stack[0]);
}
// Every hook that fires with kernel registers can walk the stack.
int probed(const iu::kprobe_ctx &ctx) {
  iu::array<iu::u64, 1> one{};
  return static_cast<int>(iu::get_stack(ctx, one));
}
int returned(const iu::kretprobe_ctx &ctx) {
  iu::array<iu::u64, 8> st{};
  return static_cast<int>(iu::get_stack(ctx, st));
}
int entered(const iu::fentry_ctx &ctx) {
  iu::array<iu::u64, 8> st{};
  return static_cast<int>(iu::get_stack(ctx, st));
}
int exited(const iu::fexit_ctx &ctx) {
  iu::array<iu::u64, 8> st{};
  return static_cast<int>(iu::get_stack(ctx, st));
}
} // namespace

#if defined(GOOD)
IU_PERF_EVENT(99, sampled);
IU_KPROBE(vfs_write, probed);
IU_KRETPROBE(vfs_write, returned);
IU_FENTRY(vfs_write, entered);
IU_FEXIT(vfs_write, exited);
#elif defined(MACRO_HZ)
#define SAMPLE_HZ 10000
IU_PERF_EVENT(SAMPLE_HZ, sampled);
#elif defined(HZ)
IU_PERF_EVENT(HZ, sampled);
#elif defined(ARGS)
namespace {
int wants_args(const iu::perf_event_ctx &ctx) { return static_cast<int>(ctx.arg1()); }
} // namespace
IU_PERF_EVENT(99, wants_args);
#elif defined(KPROBE_CTX)
IU_PERF_EVENT(99, probed);
#elif defined(SYSCALL_STACK)
namespace {
int entering(const iu::syscall_enter_ctx &ctx) {
  iu::array<iu::u64, 8> st{};
  return static_cast<int>(iu::get_stack(ctx, st));
}
} // namespace
IU_TRACEPOINT(syscalls, sys_enter_write, entering);
#elif defined(DEEP_STACK)
namespace {
int deep(const iu::perf_event_ctx &ctx) {
  iu::array<iu::u64, 128> st{};
  return static_cast<int>(iu::get_stack(ctx, st));
}
} // namespace
IU_PERF_EVENT(99, deep);
#endif
