// IU_TRACEPOINT picks the context by the tracepoint's name at compile time:
// syscalls/sys_enter_* get iu::syscall_enter_ctx (iu::syscall_tp_ctx),
// syscalls/sys_exit_* get iu::syscall_exit_ctx. Any other tracepoint, which
// would be handed a record of another layout, is an error that names it; a
// program taking the wrong context is an error that says which it takes.
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: not %iucc -fsyntax-only -DOTHER_CATEGORY %s 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: not %iucc -fsyntax-only -DBARE_PREFIX %s 2>&1 | FileCheck %s --check-prefix=BARE
// RUN: not %iucc -fsyntax-only -DBARE_EXIT %s 2>&1 | FileCheck %s --check-prefix=BAREEXIT
// RUN: not %iucc -fsyntax-only -DRAW %s 2>&1 | FileCheck %s --check-prefix=RAW
// RUN: not %iucc -fsyntax-only -DENTER_CTX_ON_EXIT %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DEXIT_CTX_ON_ENTER %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// SCHED: error: {{.*}}IU_TRACEPOINT(sched, sched_switch, enter): tracepoint 'sched/sched_switch' is not supported; supported tracepoints: syscalls/sys_enter_<syscall> and syscalls/sys_exit_<syscall>
// SCHED-NOT: error:
// BARE: error: {{.*}}tracepoint 'syscalls/sys_enter_' is not supported
// BARE-NOT: error:
// BAREEXIT: error: {{.*}}tracepoint 'syscalls/sys_exit_' is not supported
// RAW: error: {{.*}}tracepoint 'raw_syscalls/sys_exit' is not supported
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: const iu::kprobe_ctx & (IU_KPROBE), const iu::kretprobe_ctx & (IU_KRETPROBE), const iu::fentry_ctx & (IU_FENTRY), const iu::fexit_ctx & (IU_FEXIT), const iu::perf_event_ctx & (IU_PERF_EVENT), const iu::syscall_enter_ctx & (syscalls/sys_enter_*), const iu::syscall_exit_ctx & (syscalls/sys_exit_*)
// WRONGCTX-NOT: error:
#include <iu/iu.h>

namespace {
int enter(const iu::syscall_enter_ctx &ctx) { return ctx.nr(); }
int enter_tp(const iu::syscall_tp_ctx &ctx) { return static_cast<int>(ctx.arg(0)); }
int exit(const iu::syscall_exit_ctx &ctx) { return static_cast<int>(ctx.ret()) + ctx.nr() + ctx.pid(); }
} // namespace

#if defined(GOOD)
IU_TRACEPOINT(syscalls, sys_enter_openat, enter);
IU_TRACEPOINT(syscalls, sys_enter_write, enter_tp);
IU_TRACEPOINT(syscalls, sys_exit_openat, exit);
#elif defined(OTHER_CATEGORY)
IU_TRACEPOINT(sched, sched_switch, enter);
#elif defined(BARE_PREFIX)
IU_TRACEPOINT(syscalls, sys_enter_, enter);
#elif defined(BARE_EXIT)
IU_TRACEPOINT(syscalls, sys_exit_, exit);
#elif defined(RAW)
IU_TRACEPOINT(raw_syscalls, sys_exit, exit);
#elif defined(ENTER_CTX_ON_EXIT)
IU_TRACEPOINT(syscalls, sys_exit_openat, enter);
#elif defined(EXIT_CTX_ON_ENTER)
IU_TRACEPOINT(syscalls, sys_enter_openat, exit);
#endif
