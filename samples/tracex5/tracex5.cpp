// tracex5: Linux samples/bpf/tracex5_kern.c in iu. A kprobe on
// __seccomp_filter reports write calls of size 512, reads of size 129..1024,
// mmap, and the get/set uid/pid/gid family. The eBPF original dispatches
// with tail calls through a program array; here each case is a plain
// function call.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

struct syscall_args {
  iu::u64 a[6];
};

// __seccomp_filter(int this_syscall, const struct seccomp_data *sd, ...):
// on x86-64 the kernel passes sd == NULL, so a correct port falls back to
// the task's user registers, where the syscall arguments are.
syscall_args read_args(const iu::kprobe_ctx &ctx) {
  syscall_args args{};
  iu::kptr<iu::seccomp_data> sd(ctx.arg2());
  if (sd) {
    if (auto data = iu::probe_read_kernel(sd)) {
      iu::seccomp_data d = data.value();
      for (unsigned i = 0; i < 6; ++i)
        args.a[i] = d.args[i];
      return args;
    }
  }
  if (auto regs = iu::current_task_regs()) {
    iu::pt_regs r = regs.value();
    args.a[0] = r.di;
    args.a[1] = r.si;
    args.a[2] = r.dx;
    args.a[3] = r.r10;
    args.a[4] = r.r8;
    args.a[5] = r.r9;
  }
  return args;
}

void trace_write(const iu::kprobe_ctx &ctx) {
  syscall_args sd = read_args(ctx);
  if (sd.a[2] == 512)
    iu::trace_printk("write(fd=%d, buf=%p, size=%d)\n", static_cast<int>(sd.a[0]), sd.a[1],
                     static_cast<int>(sd.a[2]));
}

void trace_read(const iu::kprobe_ctx &ctx) {
  syscall_args sd = read_args(ctx);
  if (sd.a[2] > 128 && sd.a[2] <= 1024)
    iu::trace_printk("read(fd=%d, buf=%p, size=%d)\n", static_cast<int>(sd.a[0]), sd.a[1],
                     static_cast<int>(sd.a[2]));
}

void trace_mmap() { iu::trace_printk("mmap\n"); }

int bpf_prog1(const iu::kprobe_ctx &ctx) {
  int sc_nr = static_cast<int>(ctx.arg1());
  switch (sc_nr) {
  case iu::sys::write:
    trace_write(ctx);
    return 0;
  case iu::sys::read:
    trace_read(ctx);
    return 0;
  case iu::sys::mmap:
    trace_mmap();
    return 0;
  default:
    break;
  }
  if (sc_nr >= iu::sys::getuid && sc_nr <= iu::sys::getsid)
    iu::trace_printk("syscall=%d (one of get/set uid/pid/gid)\n", sc_nr);
  return 0;
}

} // namespace

IU_KPROBE(__seccomp_filter, bpf_prog1);
