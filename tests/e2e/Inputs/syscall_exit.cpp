// Syscall entry and exit tracepoints side by side: openat at its entry
// (number, pid) and at its exit (number, return value, pid); the exits of
// clone and vfork (twice each: 0 in the child, the child's pid in the
// parent) and of execve.
#include <iu/iu.h>

namespace {

int enter_openat(const iu::syscall_enter_ctx &ctx) {
  iu::trace_printk("enter openat nr=%d pid=%d\n", ctx.nr(), ctx.pid());
  return 0;
}

int exit_openat(const iu::syscall_exit_ctx &ctx) {
  iu::trace_printk("exit openat nr=%d ret=%ld pid=%d\n", ctx.nr(), ctx.ret(), ctx.pid());
  return 0;
}

// glibc's fork() is clone(2); some shells use vfork(2).
int exit_fork(const iu::syscall_exit_ctx &ctx) {
  iu::trace_printk("exit fork nr=%d ret=%ld pid=%d\n", ctx.nr(), ctx.ret(), ctx.pid());
  return 0;
}

int exit_clone(const iu::syscall_exit_ctx &ctx) { return exit_fork(ctx); }
int exit_vfork(const iu::syscall_exit_ctx &ctx) { return exit_fork(ctx); }

int exit_execve(const iu::syscall_exit_ctx &ctx) {
  iu::trace_printk("exit execve ret=%ld pid=%d\n", ctx.ret(), ctx.pid());
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_openat, enter_openat);
IU_TRACEPOINT(syscalls, sys_exit_openat, exit_openat);
IU_TRACEPOINT(syscalls, sys_exit_clone, exit_clone);
IU_TRACEPOINT(syscalls, sys_exit_vfork, exit_vfork);
IU_TRACEPOINT(syscalls, sys_exit_execve, exit_execve);
