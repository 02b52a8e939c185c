// Two files of one image reading the same kernel type field (kernel-types.test).
#include <iu/iu.h>
#include "vmlinux.hpp"  // samples/common, through -I
IU_LICENSE("GPL");
namespace {
int on(const iu::syscall_enter_ctx &) {
  iu::trace_printk("a %d", iu::read(iu::current_task(), vmlinux::task_struct::pid).value_or(-1));
  return 0;
}
}
IU_TRACEPOINT(syscalls, sys_enter_getppid, on);
