// Reads the parent's thread-group id through generated bindings
// (vmlinux.hpp, made by iu-btf next to this file).
#include <iu/iu.h>

#include "vmlinux.hpp"

IU_LICENSE("GPL");

using vmlinux::task_struct;

namespace {

int on_getpid(const iu::syscall_enter_ctx &) {
  iu::optional<iu::s32> ppid =
      iu::read(iu::current_task(), task_struct::real_parent, task_struct::tgid);
  iu::optional<iu::array<char, 16>> comm = iu::read(iu::current_task(), task_struct::comm);
  return ppid && comm ? 0 : 1;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getpid, on_getpid);
