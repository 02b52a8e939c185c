// task_fields: the current task's own fields, read through kernel types
// from BTF (docs/kernel-types.md). On each getppid(2) it prints
//   task pid=%d tgid=%d ppid=%d comm=%s
// from task_struct's pid, tgid, real_parent->tgid and comm. The same image
// runs on every kernel: the loader finds the members' offsets in the
// running kernel's BTF. Build: iu-cc -I ../common task_fields.cpp (the
// shared vmlinux.hpp, iu-btf's output for task_struct).
#include <iu/iu.h>

#include "vmlinux.hpp"

IU_LICENSE("GPL");

namespace {

using vmlinux::task_struct;

int on_getppid(const iu::syscall_enter_ctx &) {
  iu::kptr<task_struct> task = iu::current_task();
  iu::s32 pid = iu::read(task, task_struct::pid).value_or(-1);
  iu::s32 tgid = iu::read(task, task_struct::tgid).value_or(-1);
  iu::s32 ppid = iu::read(task, task_struct::real_parent, task_struct::tgid).value_or(-1);
  iu::array<char, 16> comm = iu::read(task, task_struct::comm).value_or(iu::array<char, 16>{});
  comm[15] = 0;
  iu::trace_printk("task pid=%d tgid=%d ppid=%d comm=%s", pid, tgid, ppid, comm);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, on_getppid);
