// Kretprobes in the kernel (issue 14): the return value of functions whose
// results user space knows.
// - __x64_sys_getppid returns the caller's parent's pid, which the shell
//   that calls it at start-up knows too ($PPID).
// - vfs_write, probed at both ends: dd's writes of 4321 bytes to /dev/null
//   return the count the entry saw, those to /dev/full -ENOSPC.
// - vfs_read, whose return a task blocked in it at detach makes only
//   afterwards: the program must not run then (it prints only for cat).
// With -DIU_KRET_TARGET=NAME, only a kretprobe on NAME (the refusals).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

bool comm_is_dd() {
  iu::comm_t c = iu::current_comm();
  return c.chars[0] == 'd' && c.chars[1] == 'd' && c.chars[2] == 0;
}

bool comm_is_cat() {
  iu::comm_t c = iu::current_comm();
  return c.chars[0] == 'c' && c.chars[1] == 'a' && c.chars[2] == 't' && c.chars[3] == 0;
}

int getppid_ret(const iu::kretprobe_ctx &ctx) {
  iu::trace_printk("getppid returned %llu to pid %u\n", ctx.ret(), iu::current_pid());
  return 0;
}

int write_enter(const iu::kprobe_ctx &ctx) {
  if (comm_is_dd())
    iu::trace_printk("vfs_write(count=%llu)\n", ctx.arg3());
  return 0;
}

// vfs_write returns ssize_t: all 64 bits of rax.
int write_ret(const iu::kretprobe_ctx &ctx) {
  if (comm_is_dd())
    iu::trace_printk("vfs_write returned %lld\n", static_cast<iu::s64>(ctx.ret()));
  return 0;
}

int read_ret(const iu::kretprobe_ctx &ctx) {
  if (comm_is_cat())
    iu::trace_printk("vfs_read returned %lld\n", static_cast<iu::s64>(ctx.ret()));
  return 0;
}

} // namespace

#define RETPROBE_ON(func, prog) IU_KRETPROBE(func, prog)
#ifdef IU_KRET_TARGET
RETPROBE_ON(IU_KRET_TARGET, getppid_ret);
#else
IU_KRETPROBE(__x64_sys_getppid, getppid_ret);
IU_KPROBE(vfs_write, write_enter);
IU_KRETPROBE(vfs_write, write_ret);
IU_KRETPROBE(vfs_read, read_ret);
#endif
