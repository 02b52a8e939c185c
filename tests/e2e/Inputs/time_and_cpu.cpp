// ktime_get_ns and smp_processor_id at run time: time is monotonic and
// advances across a busy stretch; the CPU is one this machine has.
#include <iu/iu.h>

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::u64 t0 = iu::ktime_get_ns();
  iu::u64 spin = 0;
  for (iu::u64 i = 0; i < 20000; ++i)
    spin += i ^ static_cast<iu::u64>(ctx.nr());
  iu::u64 t1 = iu::ktime_get_ns();
  iu::trace_printk("time advances %d nonzero %d cpu %u\n", t1 > t0 ? 1 : 0, t0 != 0 ? 1 : 0,
                   iu::smp_processor_id());
  return static_cast<int>(spin & 1);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
