// Program contexts: what a hook hands a program, behind read-only, typed
// accessors. The raw pointer stays inside the runtime; user code sees only
// copies of integers.
#pragma once
#include <iu/kernel_types.h>
#include <iu/panic.h>

namespace iu {

// kprobe programs: the registers at the probed instruction (function entry).
class kprobe_ctx {
public:
  explicit kprobe_ctx(const pt_regs *regs) : regs_(regs) {}

  // Function arguments 1..6 in the x86-64 calling convention.
  u64 arg1() const { return regs_->di; }
  u64 arg2() const { return regs_->si; }
  u64 arg3() const { return regs_->dx; }
  u64 arg4() const { return regs_->cx; }
  u64 arg5() const { return regs_->r8; }
  u64 arg6() const { return regs_->r9; }
  u64 ip() const { return regs_->ip; }
  u64 sp() const { return regs_->sp; }
  u64 ret() const { return regs_->ax; }
  // A copy of every register.
  pt_regs regs() const { return *regs_; }

private:
  const pt_regs *regs_;
};

// tracepoint/syscalls/sys_enter_* programs: syscall number and arguments.
class syscall_tp_ctx {
public:
  explicit syscall_tp_ctx(const syscall_enter_record *rec) : rec_(rec) {}

  int nr() const { return rec_->syscall_nr; }
  // Argument i (0..5); any other index ends the invocation.
  u64 arg(unsigned i, const char *file = __builtin_FILE(),
          unsigned line = __builtin_LINE()) const {
    if (i >= kMaxArgs)
      __iu_panic(IU_PANIC_INDEX_OOB, file, line, "syscall argument index out of range");
    return rec_->args[i];
  }
  int pid() const { return rec_->common_pid; }

private:
  const syscall_enter_record *rec_;
};
// The same context under the name that pairs with syscall_exit_ctx.
using syscall_enter_ctx = syscall_tp_ctx;

// tracepoint/syscalls/sys_exit_* programs: syscall number and return value.
class syscall_exit_ctx {
public:
  explicit syscall_exit_ctx(const syscall_exit_record *rec) : rec_(rec) {}

  int nr() const { return rec_->syscall_nr; }
  // The system call's return value: a negative errno when it failed.
  long ret() const { return rec_->ret; }
  int pid() const { return rec_->common_pid; }

private:
  const syscall_exit_record *rec_;
};

} // namespace iu
