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

// kretprobe programs: the registers as the probed function returns to its
// caller. The argument registers are gone by then (the function was free
// to overwrite them), so there are no arg accessors: a program that needs
// an argument pairs with an IU_KPROBE on the same function.
class kretprobe_ctx {
public:
  explicit kretprobe_ctx(const pt_regs *regs) : regs_(regs) {}

  // The function's return value: rax, all 64 bits. A function returning a
  // 32-bit int sets only the low half (eax): read static_cast<s32>(ret()).
  u64 ret() const { return regs_->ax; }
  // The return address: where the function returns to in its caller.
  u64 ip() const { return regs_->ip; }
  // The stack pointer after the return.
  u64 sp() const { return regs_->sp; }
  // A copy of every register.
  pt_regs regs() const { return *regs_; }

private:
  const pt_regs *regs_;
};

static_assert(sizeof(::iu_fentry_ctx) == IU_FENTRY_CTX_SIZE);
static_assert(sizeof(::iu_fexit_ctx) == IU_FEXIT_CTX_SIZE);
static_assert(__builtin_offsetof(::iu_fexit_ctx, ip) == __builtin_offsetof(::iu_fentry_ctx, ip));
static_assert(__builtin_offsetof(::iu_fexit_ctx, ret) == 64);

// What both function hooks' contexts (fentry, fexit) offer, read-only.
// Public (not detail): programs call these members.
template <class Raw> class function_ctx {
public:
  explicit function_ctx(const Raw *raw) : raw_(raw) {}

  // Function arguments 1..6 in the x86-64 calling convention (fexit: as
  // they were at the entry).
  u64 arg1() const { return raw_->args[0]; }
  u64 arg2() const { return raw_->args[1]; }
  u64 arg3() const { return raw_->args[2]; }
  u64 arg4() const { return raw_->args[3]; }
  u64 arg5() const { return raw_->args[4]; }
  u64 arg6() const { return raw_->args[5]; }
  // Where the function was traced: its first instruction (after its
  // endbr64 on kernels built with IBT).
  u64 ip() const { return raw_->ip; }
  // The return address: where the function returns to in its caller.
  u64 ret_ip() const { return raw_->ret_ip; }

protected:
  const Raw *raw_;
};

// fentry programs: a kernel function's arguments at its entry (ftrace).
// Not the whole register set: ftrace saves what a call needs.
class fentry_ctx : public function_ctx<::iu_fentry_ctx> {
public:
  using function_ctx::function_ctx;
};

// fexit programs: a kernel function's return value together with the
// arguments it was called with (saved at its entry, as the function was
// free to overwrite their registers).
class fexit_ctx : public function_ctx<::iu_fexit_ctx> {
public:
  using function_ctx::function_ctx;

  // The return value: rax, all 64 bits. A function returning a 32-bit
  // int sets only the low half (eax): read static_cast<s32>(ret()).
  u64 ret() const { return raw_->ret; }
};

static_assert(sizeof(::iu_perf_event_ctx) == IU_PERF_EVENT_CTX_SIZE);
static_assert(__builtin_offsetof(::iu_perf_event_ctx, cpu) == IU_PT_REGS_SIZE);

// perf_event programs: one sample of the CPU clock, taken in the timer
// interrupt on the sampled CPU, read-only.
class perf_event_ctx {
public:
  explicit perf_event_ctx(const ::iu_perf_event_ctx *raw) : raw_(raw) {}

  // Where the sample interrupted: a kernel address, or a user one when
  // user_mode().
  u64 ip() const { return raw_->regs.ip; }
  u64 sp() const { return raw_->regs.sp; }
  // Whether the sample interrupted user mode (then regs() are the task's
  // user registers and the kernel stack is empty).
  bool user_mode() const { return raw_->user_mode != 0; }
  // The interrupted task's thread id and process id (0 for the idle task).
  u32 pid() const { return raw_->pid; }
  u32 tgid() const { return raw_->tgid; }
  // The sampled CPU.
  u32 cpu() const { return raw_->cpu; }
  // A copy of every interrupted register.
  pt_regs regs() const { return raw_->regs; }

private:
  const ::iu_perf_event_ctx *raw_;
};

static_assert(sizeof(::iu_raw_tracepoint_ctx) == IU_RAW_TRACEPOINT_CTX_SIZE);

// raw_tracepoint programs: the tracepoint's arguments as it passed them
// (its TP_PROTO: sched_switch's are preempt, prev, next, prev_state), the
// first five, read-only. Those past the tracepoint's own count are
// meaningless.
class raw_tracepoint_ctx {
public:
  explicit raw_tracepoint_ctx(const ::iu_raw_tracepoint_ctx *raw) : raw_(raw) {}

  u64 arg1() const { return raw_->args[0]; }
  u64 arg2() const { return raw_->args[1]; }
  u64 arg3() const { return raw_->args[2]; }
  u64 arg4() const { return raw_->args[3]; }
  u64 arg5() const { return raw_->args[4]; }
  // Argument i (0..4); any other index ends the invocation.
  u64 arg(unsigned i, const char *file = __builtin_FILE(), unsigned line = __builtin_LINE()) const {
    if (i >= IU_RAW_TRACEPOINT_ARGS)
      __iu_panic(IU_PANIC_INDEX_OOB, file, line, "raw tracepoint argument index out of range");
    return raw_->args[i];
  }

private:
  const ::iu_raw_tracepoint_ctx *raw_;
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
