// iu::current_cgroup_id() at each getppid(2): the shell's cgroup v2 id,
// which tests compare with the inode number of its cgroup directory
// (tests/e2e/cgroup-id.test, and tests/vm on both kernels).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int on_getppid(const iu::syscall_enter_ctx &) {
  iu::trace_printk("cgroup id=%llu", iu::current_cgroup_id());
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, on_getppid);
