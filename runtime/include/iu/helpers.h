// Typed, safe wrappers over the helper ABI (abi.h). Each says why it is
// safe to expose: helpers only ever copy in or out of storage the caller
// owns, with sizes taken from types, and never return a pointer.
#pragma once
#include <iu/abi.h>
#include <iu/array.h>
#include <iu/context.h>
#include <iu/kptr.h>
#include <iu/optional.h>
#include <iu/uptr.h>

namespace iu {

// Process and thread ids of the current task, kernel-style: the thread id
// (kernel "pid") in the low 32 bits, the process id (tgid) in the high.
// Safe: returns an integer.
inline u64 current_pid_tgid() { return iu_get_current_pid_tgid(); }
inline u32 current_pid() { return static_cast<u32>(iu_get_current_pid_tgid()); }
inline u32 current_tgid() { return static_cast<u32>(iu_get_current_pid_tgid() >> 32); }

// Monotonic time in nanoseconds. Safe: returns an integer.
inline u64 ktime_get_ns() { return iu_ktime_get_ns(); }

// Time since boot in nanoseconds, including time suspended (CLOCK_BOOTTIME,
// bpf_ktime_get_boot_ns). Safe: returns an integer.
inline u64 ktime_get_boot_ns() { return iu_ktime_get_boot_ns(); }

// The current task's real user and group ids as its own user namespace
// sees them, bpf_get_current_uid_gid's layout: gid << 32 | uid. Safe:
// returns an integer.
inline u64 current_uid_gid() { return iu_get_current_uid_gid(); }

// The current task's cgroup v2 id (bpf_get_current_cgroup_id): the inode
// number of its cgroup directory, 1 for the root, 0 when unknown. Safe:
// returns an integer.
inline u64 current_cgroup_id() { return iu_get_current_cgroup_id(); }

// A pseudo-random number (a per-CPU PRNG in the kernel, like
// bpf_get_prandom_u32): for sampling, not for secrets. Safe: returns an
// integer.
inline u32 get_prandom_u32() { return iu_get_prandom_u32(); }

// CPU the program runs on. Safe: returns an integer.
inline u32 smp_processor_id() { return iu_get_smp_processor_id(); }

// The current task's name, always NUL-terminated.
struct comm_t {
  char chars[IU_COMM_LEN];
};

// Safe: the host writes at most sizeof(comm_t) bytes into our copy.
inline comm_t current_comm() {
  comm_t c{};
  if (iu_get_current_comm(c.chars, sizeof(c.chars)) < 0)
    c.chars[0] = 0;
  c.chars[IU_COMM_LEN - 1] = 0;
  return c;
}

// The current task's user-mode registers (the kernel's task_pt_regs):
// where syscall arguments are on x86-64 when a hook has no seccomp_data.
// Safe: copy-out of exactly sizeof(pt_regs) bytes into our storage.
inline optional<pt_regs> current_task_regs() {
  pt_regs r{};
  if (iu_get_current_task_regs(&r, sizeof(r)) < 0)
    return nullopt;
  return r;
}

namespace detail {
// Types whose every bit pattern is a valid value: a kernel read can
// produce any bytes. Integers and arrays/structs of them; the checker
// enforces the struct case (iu-probe-read-plain-types).
template <class T>
inline constexpr bool plain_data_v = __is_trivially_copyable(T) && !__is_same(T, bool) &&
                                     !__is_enum(T) && !__is_pointer(T) && !__is_union(T);
} // namespace detail

// Reads a T from kernel memory. Safe: fault-tolerant copy
// (copy_from_kernel_nofault in the kernel) into a value we own; on a bad
// address the result is empty, never a crash.
template <class T> inline optional<T> probe_read_kernel(kptr<T> addr) {
  static_assert(detail::plain_data_v<T>,
                "probe_read_kernel<T>: T must be plain data (integers, arrays and structs of them)");
  T value{};
  if (iu_probe_read_kernel(&value, sizeof(T), addr.addr()) < 0)
    return nullopt;
  return value;
}

// Reads a T from the current task's user memory. Safe: fault-tolerant copy
// (copy_from_user_nofault in the kernel; the traced task's memory through
// process_vm_readv on the user backend) into a value we own, with the size
// taken from T; T must be plain data for the same reason as in
// probe_read_kernel (the bytes are whatever the task wrote there). On a bad
// address the result is empty, never a crash.
template <class T> inline optional<T> probe_read_user(uptr<T> addr) {
  static_assert(detail::plain_data_v<T>,
                "probe_read_user<T>: T must be plain data (integers, arrays and structs of them)");
  T value{};
  if (iu_probe_read_user(&value, sizeof(T), addr.addr()) < 0)
    return nullopt;
  return value;
}

// Copies the NUL-terminated string at a user address into out, like
// bpf_probe_read_user_str: returns the length copied including the NUL
// (at most N: a longer string is cut to N - 1 characters and a NUL), or a
// negative errno (-EFAULT for a bad address, out then all zeros). Safe:
// the host writes at most N bytes, the size of storage we own, and out is
// NUL-terminated afterwards whatever the host did, so printing it with %s
// or reading it as a string stops inside it.
template <size_t N> inline s64 probe_read_user_str(uptr<char> addr, array<char, N> &out) {
  static_assert(N <= IU_STACK_SIZE, "probe_read_user_str: the array is larger than a helper copies");
  s64 ret = iu_probe_read_user_str(out.__iu_elems, static_cast<u32>(N), addr.addr());
  out.__iu_elems[N - 1] = 0;
  return ret;
}

// The same for a string in kernel memory (bpf_probe_read_kernel_str): also
// -EPERM under lockdown, like probe_read_kernel; always an error on the
// user backend, which has no kernel memory. Safe for the same reasons.
template <size_t N> inline s64 probe_read_kernel_str(kptr<char> addr, array<char, N> &out) {
  static_assert(N <= IU_STACK_SIZE, "probe_read_kernel_str: the array is larger than a helper copies");
  s64 ret = iu_probe_read_kernel_str(out.__iu_elems, static_cast<u32>(N), addr.addr());
  out.__iu_elems[N - 1] = 0;
  return ret;
}

namespace detail {
// The contexts of hooks that fire in the kernel with its registers, from
// which a kernel stack can be walked.
template <class Ctx>
inline constexpr bool has_kernel_stack_v =
    is_same_v<Ctx, perf_event_ctx> || is_same_v<Ctx, kprobe_ctx> ||
    is_same_v<Ctx, kretprobe_ctx> || is_same_v<Ctx, fentry_ctx> || is_same_v<Ctx, fexit_ctx>;
} // namespace detail

// The kernel stack where ctx's hook fired, innermost first, like
// bpf_get_stack for a kernel stack: out[0] is the interrupted (perf_event)
// or probed (kprobe, fentry) instruction, then one return address per
// caller. Returns how many entries it wrote (the rest of out is zeroed): 0
// when a perf_event sample interrupted user mode, which has no kernel
// stack; or a negative errno with out all zeros: -E2BIG out of fuel,
// -EPERM under lockdown, -EOPNOTSUPP on the user backend (it runs
// programs at system call stops in user space: there is no kernel stack
// to walk). The host walks the registers it recorded for this invocation;
// ctx is what ties the call to a hook that has them (a syscall
// tracepoint's context is a compile error). Costs iu_fuel_cost(N * 64).
// Safe: the host writes at most N * 8 bytes into storage we own, and
// returns integers only (addresses to compare or print, never to follow).
template <class Ctx, size_t N> inline s64 get_stack(const Ctx &ctx, array<u64, N> &out) {
  static_assert(detail::has_kernel_stack_v<Ctx>,
                "get_stack: ctx must be the context of a perf_event, kprobe, kretprobe, fentry or "
                "fexit program (a syscall tracepoint has no kernel stack to walk)");
  static_assert(N >= 1 && N <= IU_STACK_DEPTH_MAX,
                "get_stack: the array holds 1 to 127 entries (IU_STACK_DEPTH_MAX)");
  (void)ctx;
  return iu_get_stack(out.__iu_elems, static_cast<u32>(N * sizeof(u64)));
}

} // namespace iu
