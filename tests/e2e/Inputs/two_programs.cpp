// Two programs on one syscall tracepoint, each printing its own name, for
// iu-load --only (tests/e2e/only.test).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int first(const iu::syscall_enter_ctx &) {
  iu::trace_printk("first: getppid");
  return 0;
}

int second(const iu::syscall_enter_ctx &) {
  iu::trace_printk("second: getppid");
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, first);
IU_TRACEPOINT(syscalls, sys_enter_getppid, second);
