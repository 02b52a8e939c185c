// Writing a configuration global is a compile-time error, however it is
// tried (-DASSIGN, -DINTERNAL, -DINCREMENT).
#include <iu/iu.h>
IU_LICENSE("GPL");
IU_CONFIG(iu::u32, target_pid, 0);
namespace {
int prog(const iu::syscall_tp_ctx &) {
#if defined(ASSIGN)
  target_pid = 3;
#elif defined(INTERNAL)
  target_pid.__iu_value = 3;
#elif defined(INCREMENT)
  ++target_pid;
#endif
  return 0;
}
} // namespace
IU_TRACEPOINT(syscalls, sys_enter_write, prog);
