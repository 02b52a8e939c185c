// Misuses of kernel type fields, each a compile-time error with the reason;
// with START_TIME a valid read the user backend cannot answer; with BOUNDS
// raw reads around the user backend's stand-in task.
#include <iu/iu.h>

#include "vmlinux.hpp"  // samples/common, through -I

IU_LICENSE("GPL");

// expected-note@*:* 0+ {{in instantiation}}

namespace {

struct other : iu::kernel_struct {
  static constexpr iu::field<other, "other.x", iu::u32> x{};
};

int prog(const iu::syscall_enter_ctx &) {
  iu::kptr<vmlinux::task_struct> t = iu::current_task();
#ifdef WRONG_PARENT
  // expected-error@*:* {{this field is not a member of the struct read so far}}
  (void)iu::read(t, other::x);
#endif
#ifdef FOLLOW_INTEGER
  // expected-error@*:* {{only a pointer (iu::kptr) or embedded struct member can be followed}}
  (void)iu::read(t, vmlinux::task_struct::pid, other::x);
#endif
#ifdef BOUNDS
  // The user backend's kernel memory is its stand-in tasks alone: a read
  // that starts before one, runs past its end or lies elsewhere fails.
  iu::u64 a = t.addr();
  iu::trace_printk("inside %d before %d past %d far %d",
                   (int)iu::probe_read_kernel(iu::kptr<iu::u32>(a)).has_value(),
                   (int)iu::probe_read_kernel(iu::kptr<iu::u32>(a - 4)).has_value(),
                   (int)iu::probe_read_kernel(iu::kptr<iu::array<iu::u8, 4096>>(a)).has_value(),
                   (int)iu::probe_read_kernel(iu::kptr<iu::u32>(a + (1u << 20))).has_value());
#endif
#ifdef START_TIME
  iu::trace_printk("start %llu", iu::read(t, vmlinux::task_struct::start_time).value_or(0));
#endif
  (void)t;
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, prog);
