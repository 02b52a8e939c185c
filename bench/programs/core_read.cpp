// core_read: the load-time cost of kernel type fields (bench/run,
// "kernel"). With -DIU_BENCH_CORE the program reads the current task's
// pid, tgid, parent's tgid, comm and start time through kernel types from
// BTF: five IU_CONFIG_CORE records the loader resolves against the
// kernel's BTF at load. Without, it reads what helpers give, and the image
// has none. kbench load_time loads each.
#include <iu/iu.h>

#ifdef IU_BENCH_CORE
#include "vmlinux.hpp"
#endif

IU_LICENSE("GPL");

namespace {

int on_getppid(const iu::syscall_enter_ctx &) {
#ifdef IU_BENCH_CORE
  using vmlinux::task_struct;
  iu::kptr<task_struct> t = iu::current_task();
  iu::trace_printk("%d %d %d %llu\n", iu::read(t, task_struct::pid).value_or(-1),
                   iu::read(t, task_struct::tgid).value_or(-1),
                   iu::read(t, task_struct::real_parent, task_struct::tgid).value_or(-1),
                   iu::read(t, task_struct::start_time).value_or(0));
  iu::array<char, 16> comm = iu::read(t, task_struct::comm).value_or(iu::array<char, 16>{});
  comm[15] = 0;
  iu::trace_printk("%s\n", comm);
#else
  iu::trace_printk("%d %d %d %llu\n", iu::current_pid(), iu::current_tgid(), -1, 0ull);
  iu::trace_printk("%s\n", iu::current_comm());
#endif
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, on_getppid);
