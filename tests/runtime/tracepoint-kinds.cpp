// IU_TRACEPOINT picks the context by the tracepoint's name at compile time:
// syscalls/sys_enter_* get iu::syscall_enter_ctx (iu::syscall_tp_ctx),
// syscalls/sys_exit_* get iu::syscall_exit_ctx, any other event its
// generated iu::tp::<category>::<event> (iu/tp/<category>.h). A syscalls
// event that is neither is an error that names it; so is an event whose
// category's header is not included or that no context exists for; a
// program taking the wrong context is an error that says which it takes.
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: not %iucc -fsyntax-only -DOTHER_CATEGORY %s 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: not %iucc -fsyntax-only -DUNKNOWN_EVENT %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %iucc -fsyntax-only -DBARE_PREFIX %s 2>&1 | FileCheck %s --check-prefix=BARE
// RUN: not %iucc -fsyntax-only -DBARE_EXIT %s 2>&1 | FileCheck %s --check-prefix=BAREEXIT
// RUN: not %iucc -fsyntax-only -DNOT_SYSCALL %s 2>&1 | FileCheck %s --check-prefix=NOTSYSCALL
// RUN: not %iucc -fsyntax-only -DENTER_CTX_ON_EXIT %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DEXIT_CTX_ON_ENTER %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DSYSCALL_CTX_ON_EVENT %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// SCHED: error: no member named 'sched' in namespace 'iu::tp'
// SCHED-NOT: error:
// UNKNOWN: error: no member named 'sched_nonexistent' in namespace 'iu::tp::sched'
// BARE: error: {{.*}}tracepoint 'syscalls/sys_enter_' is not a syscall's: the syscalls category has sys_enter_<syscall> and sys_exit_<syscall>
// BARE-NOT: error:
// BAREEXIT: error: {{.*}}tracepoint 'syscalls/sys_exit_' is not a syscall's
// NOTSYSCALL: error: {{.*}}tracepoint 'syscalls/sys_bogus' is not a syscall's
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: const iu::kprobe_ctx & (IU_KPROBE), const iu::kretprobe_ctx & (IU_KRETPROBE), const iu::fentry_ctx & (IU_FENTRY), const iu::fexit_ctx & (IU_FEXIT), const iu::perf_event_ctx & (IU_PERF_EVENT), const iu::syscall_enter_ctx & (syscalls/sys_enter_*), const iu::syscall_exit_ctx & (syscalls/sys_exit_*), const iu::tp::<category>::<event> & (any other tracepoint), const iu::raw_tracepoint_ctx & (IU_RAW_TRACEPOINT)
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
#elif defined(UNKNOWN_EVENT)
#include <iu/tp/sched.h>
IU_TRACEPOINT(sched, sched_nonexistent, enter);
#elif defined(BARE_PREFIX)
IU_TRACEPOINT(syscalls, sys_enter_, enter);
#elif defined(BARE_EXIT)
IU_TRACEPOINT(syscalls, sys_exit_, exit);
#elif defined(NOT_SYSCALL)
IU_TRACEPOINT(syscalls, sys_bogus, exit);
#elif defined(ENTER_CTX_ON_EXIT)
IU_TRACEPOINT(syscalls, sys_exit_openat, enter);
#elif defined(EXIT_CTX_ON_ENTER)
IU_TRACEPOINT(syscalls, sys_enter_openat, exit);
#elif defined(SYSCALL_CTX_ON_EVENT)
#include <iu/tp/raw_syscalls.h>
IU_TRACEPOINT(raw_syscalls, sys_exit, exit);
#endif
