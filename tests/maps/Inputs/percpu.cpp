// Per-CPU maps: a program reads and writes its CPU's slot (the CPU it
// reports with smp_processor_id), user space sees every CPU's.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(pa, iu::percpu_array<iu::u64, 2>);
IU_MAP(ph, iu::percpu_hash<iu::u32, iu::u32, 4>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  pa.add(1, 1);
  if (!ph.add(7, 1))
    ph.update(7, 1, iu::noexist);
  iu::trace_printk("cpu %u slot %llu\n", iu::smp_processor_id(), pa.lookup(1).value_or(0));
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
