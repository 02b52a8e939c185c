// Kernel and uapi types with the kernel's exact x86-64 layout. Fields are
// integers only, so a copy read from the kernel is always a valid value.
#pragma once
#include <iu/abi.h>
#include <iu/types.h>

namespace iu {

// arch/x86/include/asm/ptrace.h (abi.h)
using pt_regs = ::iu_pt_regs;
static_assert(sizeof(pt_regs) == IU_PT_REGS_SIZE);
static_assert(__builtin_offsetof(pt_regs, di) == 112);
static_assert(__builtin_offsetof(pt_regs, orig_ax) == 120);
static_assert(__builtin_offsetof(pt_regs, ip) == 128);
static_assert(__builtin_offsetof(pt_regs, sp) == 152);

// include/uapi/linux/seccomp.h
struct seccomp_data {
  s32 nr;
  u32 arch;
  u64 instruction_pointer;
  u64 args[6];
};
static_assert(sizeof(seccomp_data) == 64);
static_assert(__builtin_offsetof(seccomp_data, args) == 16);

// The record a syscall-entry tracepoint (syscalls/sys_enter_*) hands its
// programs (abi.h).
using syscall_enter_record = ::iu_syscall_enter_record;
static_assert(sizeof(syscall_enter_record) == IU_SYSCALL_ENTER_RECORD_SIZE);
static_assert(__builtin_offsetof(syscall_enter_record, syscall_nr) == 8);
static_assert(__builtin_offsetof(syscall_enter_record, args) == 16);

// The record a syscall-exit tracepoint (syscalls/sys_exit_*) hands its
// programs (abi.h).
using syscall_exit_record = ::iu_syscall_exit_record;
static_assert(sizeof(syscall_exit_record) == IU_SYSCALL_EXIT_RECORD_SIZE);
static_assert(__builtin_offsetof(syscall_exit_record, common_pid) == 4);
static_assert(__builtin_offsetof(syscall_exit_record, syscall_nr) == 8);
static_assert(__builtin_offsetof(syscall_exit_record, ret) == 16);

// System V / kernel calling convention for function arguments 1..6.
inline constexpr unsigned kMaxArgs = 6;

} // namespace iu
