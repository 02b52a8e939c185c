// A kprobe program that prints on every hit, on the function named by
// -DIU_TARGET=NAME: the VM tests probe _raw_spin_unlock_irqrestore (which
// iu.ko's own record buffer calls) and iu.ko's internals with it.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &) {
  iu::trace_printk("kprobe hit on CPU %u\n", iu::smp_processor_id());
  return 0;
}

} // namespace

#define PROBE_ON(func, prog) IU_KPROBE(func, prog)
PROBE_ON(IU_TARGET, prog);
