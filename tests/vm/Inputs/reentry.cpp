// Re-entry: a printing kprobe on _raw_spin_unlock_irqrestore, which runs
// inside iu (the record buffer's unlock, the trace event, the reader's
// wake-up), next to a printing syscall program. iu.ko must neither run a
// program inside another nor wait on a lock its own CPU holds: the kernel
// keeps running, and what could not be run or recorded is counted.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int on_unlock(const iu::kprobe_ctx &) {
  iu::trace_printk("unlock on CPU %u\n", iu::smp_processor_id());
  return 0;
}

int on_write(const iu::syscall_tp_ctx &) {
  iu::trace_printk("write from PID %d\n", iu::current_tgid());
  return 0;
}

} // namespace

IU_KPROBE(_raw_spin_unlock_irqrestore, on_unlock);
IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
