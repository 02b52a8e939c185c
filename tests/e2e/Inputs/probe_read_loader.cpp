// Reads 8 bytes at the address a traced command passes as lseek(2)'s
// offset and says whether the read succeeded. The command passes addresses
// that are mapped in iu-load itself: on the user backend no address may
// read the loader's memory.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::kptr<iu::u64> addr(ctx.arg(1));
  if (auto value = iu::probe_read_kernel(addr))
    iu::trace_printk("read %llx: ok %llx\n", addr.addr(), value.value());
  else
    iu::trace_printk("read %llx: failed\n", addr.addr());
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_lseek, prog);
