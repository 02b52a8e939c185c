// Runs a command under ptrace with a seccomp filter that stops it at every
// system call (SECCOMP_RET_TRACE), so the user backend can fire
// syscall-shaped hooks with the task's real registers. Follows forks,
// vforks, clones and execs.
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
};

using SyscallHook = std::function<void(const SyscallStop &)>;

// Runs argv (searched in PATH) to completion, calling hook at the entry of
// every system call. Returns the command's exit status (128 + signal if it
// was killed), or a negative errno with *error set if it could not start.
int run_traced(char *const argv[], const SyscallHook &hook, std::string *error);

} // namespace iu::user
