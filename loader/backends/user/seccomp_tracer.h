// Runs a command under ptrace with a seccomp filter that stops it at every
// system call (SECCOMP_RET_TRACE), so the user backend can fire
// syscall-shaped hooks with the task's real registers. Follows forks,
// vforks, clones and execs. A system call whose exit the hook asks for is
// resumed with PTRACE_SYSCALL, so that it stops again at its exit.
#pragma once
#include <functional>
#include <string>
#include <sys/types.h>
#include <sys/user.h>

namespace iu::user {

struct SyscallStop {
  pid_t tid = 0;
  pid_t tgid = 0;
  const std::string *comm = nullptr;
  user_regs_struct regs{}; // orig_rax = syscall number, args in rdi..r9
  // At the system call's exit: rax is its return value.
  bool at_exit = false;
};

// Called at the entry of every system call; returns whether to be called
// again at that system call's exit (the return value is ignored there).
using SyscallHook = std::function<bool(const SyscallStop &)>;

// Runs argv (searched in PATH) to completion, calling hook at the entry of
// every system call and, when it asks, at the exit (a new task starts with
// the exit of the fork or clone that made it, returning 0, as in the
// kernel). Returns the command's exit status (128 + signal if it was
// killed), or a negative errno with *error set if it could not start.
int run_traced(char *const argv[], const SyscallHook &hook, std::string *error);

} // namespace iu::user
