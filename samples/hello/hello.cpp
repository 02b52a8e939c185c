// hello: a syscall tracepoint program that greets every write(2).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int hello(const iu::syscall_tp_ctx &) {
  iu::trace_printk("Hello from PID %d\n", iu::current_tgid());
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, hello);
