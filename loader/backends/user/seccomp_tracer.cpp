#include "seccomp_tracer.h"

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <map>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace iu::user {
namespace {

struct Task {
  pid_t tgid = 0;
  std::string comm;
  bool await_exit = false; // resumed with PTRACE_SYSCALL: its next syscall stop is an exit
};

std::string read_comm(pid_t tid) {
  char path[64], buf[64] = {};
  snprintf(path, sizeof(path), "/proc/%d/comm", tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return "<...>";
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n > 0 && buf[n - 1] == '\n')
    buf[n - 1] = 0;
  return n > 0 ? std::string(buf) : std::string("<...>");
}

pid_t read_tgid(pid_t tid) {
  char path[64], buf[512];
  snprintf(path, sizeof(path), "/proc/%d/status", tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return tid;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0)
    return tid;
  buf[n] = 0;
  const char *p = strstr(buf, "\nTgid:");
  return p ? static_cast<pid_t>(atoi(p + 6)) : tid;
}

// In the child: stop at every system call for the tracer. Anything that
// fails here is reported through the error pipe as an errno.
[[noreturn]] void child_exec(char *const argv[], int go_fd, int err_fd) {
  char c;
  while (read(go_fd, &c, 1) < 0 && errno == EINTR) {
  }
  sock_filter filter[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE)};
  sock_fprog prog = {1, filter};
  int err = 0;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
    err = errno;
  else {
    execvp(argv[0], argv);
    err = errno;
  }
  (void)!write(err_fd, &err, sizeof(err));
  _exit(127);
}

} // namespace

int run_traced(char *const argv[], const SyscallHook &hook, std::string *error) {
  int go[2], errp[2];
  if (pipe2(go, O_CLOEXEC) != 0)
    return -errno;
  if (pipe2(errp, O_CLOEXEC) != 0) {
    close(go[0]);
    close(go[1]);
    return -errno;
  }
  pid_t child = fork();
  if (child < 0) {
    int e = errno;
    *error = std::string("fork: ") + strerror(e);
    return -e;
  }
  if (child == 0)
    child_exec(argv, go[0], errp[1]);
  close(go[0]);
  close(errp[1]);

  long options = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL |
                 PTRACE_O_TRACESYSGOOD;
  if (ptrace(PTRACE_SEIZE, child, nullptr, reinterpret_cast<void *>(options)) != 0) {
    int e = errno;
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    close(go[1]);
    close(errp[0]);
    *error = std::string("cannot trace the command (ptrace): ") + strerror(e);
    return -e;
  }
  (void)!write(go[1], "g", 1);
  close(go[1]);

  std::map<pid_t, Task> tasks;
  tasks[child] = {child, read_comm(child)};
  int exit_status = 0;
  bool child_done = false;
  while (true) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, __WALL);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      break; // ECHILD: every tracee is gone
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid == child) {
        exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        child_done = true;
      }
      tasks.erase(pid);
      continue;
    }
    if (!WIFSTOPPED(status))
      continue;
    int sig = WSTOPSIG(status);
    int event = status >> 16;
    auto it = tasks.find(pid);
    bool new_task = it == tasks.end();
    if (new_task)
      it = tasks.emplace(pid, Task{read_tgid(pid), read_comm(pid)}).first;
    SyscallStop stop;
    stop.tid = pid;
    stop.tgid = it->second.tgid;
    stop.comm = &it->second.comm;
    int inject = 0;
    if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
      if (ptrace(PTRACE_GETREGS, pid, nullptr, &stop.regs) == 0 && hook(stop))
        it->second.await_exit = true;
    } else if (sig == (SIGTRAP | 0x80)) {
      // A syscall stop (PTRACE_O_TRACESYSGOOD): only a task resumed with
      // PTRACE_SYSCALL from a seccomp stop has them, so it is that
      // system call's exit.
      it->second.await_exit = false;
      stop.at_exit = true;
      if (ptrace(PTRACE_GETREGS, pid, nullptr, &stop.regs) == 0)
        hook(stop);
    } else if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC) {
      // After exec the thread id may change to the thread-group leader's;
      // the exec'ing thread's execve still has its exit to report.
      unsigned long former = 0;
      if (ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &former) == 0 &&
          static_cast<pid_t>(former) != pid) {
        auto old = tasks.find(static_cast<pid_t>(former));
        it->second.await_exit = old != tasks.end() && old->second.await_exit;
        if (old != tasks.end())
          tasks.erase(old);
      }
      it->second.comm = read_comm(pid);
      it->second.tgid = read_tgid(pid);
    } else if (new_task && event == PTRACE_EVENT_STOP) {
      // A new task's first stop: it begins by returning 0 from the fork
      // or clone that made it (orig_rax), where the kernel's sys_exit
      // tracepoint fires too.
      stop.at_exit = true;
      if (ptrace(PTRACE_GETREGS, pid, nullptr, &stop.regs) == 0)
        hook(stop);
    } else if (sig == SIGTRAP && (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
                                  event == PTRACE_EVENT_CLONE)) {
      // The new task reports its own first stop.
    } else if (event == PTRACE_EVENT_STOP) {
      // Group stop or a new task's first stop: let it run.
    } else {
      inject = sig; // an ordinary signal: deliver it
    }
    // PTRACE_SYSCALL keeps a task that awaits its system call's exit
    // stopping there (through any event stop before it); PTRACE_CONT
    // leaves only the seccomp stops.
    ptrace(it->second.await_exit ? PTRACE_SYSCALL : PTRACE_CONT, pid, nullptr,
           reinterpret_cast<void *>(static_cast<long>(inject)));
  }

  int exec_err = 0;
  ssize_t n = read(errp[0], &exec_err, sizeof(exec_err));
  close(errp[0]);
  if (n == sizeof(exec_err) && exec_err) {
    *error = std::string(argv[0]) + ": " + strerror(exec_err);
    return -exec_err;
  }
  return child_done ? exit_status : 0;
}

} // namespace iu::user
