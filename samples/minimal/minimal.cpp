// minimal: libbpf-bootstrap's minimal.bpf.c in iu. Prints a line for each
// write(2) of the process whose pid user space configured before load
// (the original's my_pid global, here a load-time configuration).
//
//   iu-load --set my_pid=1234 minimal.iu -- COMMAND
//
// One difference: 0 (the default) means every process. Under the user
// backend the traced command's pid is not known before it starts, so the
// filter can only be set for processes that already run (on the kernel
// backend, where programs see every process).
#include <iu/iu.h>

IU_LICENSE("Dual BSD/GPL");

IU_CONFIG(iu::u32, my_pid, 0);

namespace {

int handle_tp(const iu::syscall_enter_ctx &) {
  iu::u32 pid = iu::current_tgid();
  if (my_pid != 0 && pid != my_pid)
    return 0;
  iu::trace_printk("BPF triggered from PID %d.\n", pid);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, handle_tp);
