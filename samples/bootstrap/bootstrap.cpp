// bootstrap: libbpf-bootstrap's bootstrap.bpf.c in iu. Reports each
// process exec and exit with its duration through an events channel,
// skipping short-lived processes when user space configured a minimum.
//
// What this port uses instead of the original's hooks and reads, until the
// hooks and kernel-types issues land:
//  - exec: syscalls/sys_exit_execve with a zero return (the original:
//    sched/sched_process_exec); the comm is already the new program's.
//  - exit: syscalls/sys_enter_exit_group, whose argument is the exit
//    status (the original: sched/sched_process_exit and task->exit_code).
//    A process killed by a signal never calls exit_group: no EXIT event.
//  - the exec'd filename (the original: the tracepoint's __data_loc
//    field) is execve's first argument, read from user memory at
//    syscalls/sys_enter_execve and carried to the exec's exit in a map
//    keyed by the process id (which an exec keeps).
//  - ppid is the original's BPF_CORE_READ(task, real_parent, tgid), read
//    with kernel types from BTF (docs/kernel-types.md; compile with
//    -I ../common for the shared vmlinux.hpp).
#include <iu/iu.h>

#include "bootstrap.h"
#include "vmlinux.hpp"

IU_LICENSE("Dual BSD/GPL");

IU_MAP(exec_start, iu::hash_map<iu::s32, iu::u64, 8192>);
IU_MAP(exec_name, iu::hash_map<iu::s32, iu::array<char, MAX_FILENAME_LEN>, 8192>);
IU_MAP(rb, iu::events<event>);

IU_CONFIG(iu::u64, min_duration_ns, 0);

namespace {

using vmlinux::task_struct;

iu::s32 parent_pid() {
  return iu::read(iu::current_task(), task_struct::real_parent, task_struct::tgid).value_or(0);
}

void copy_comm(event &e) {
  iu::comm_t comm = iu::current_comm();
  for (unsigned i = 0; i < TASK_COMM_LEN; ++i)
    e.comm[i] = comm.chars[i];
}

// execve(filename, argv, envp): the file name while it is still in the
// calling program's memory.
int handle_execve(const iu::syscall_enter_ctx &ctx) {
  iu::s32 pid = static_cast<iu::s32>(iu::current_tgid());
  iu::array<char, MAX_FILENAME_LEN> name{};
  if (iu::probe_read_user_str(iu::uptr<char>(ctx.arg(0)), name) < 0)
    return 0;
  exec_name.update(pid, name);
  return 0;
}

int handle_exec(const iu::syscall_exit_ctx &ctx) {
  iu::s32 pid = static_cast<iu::s32>(iu::current_tgid());
  iu::optional<iu::array<char, MAX_FILENAME_LEN>> name = exec_name.lookup(pid);
  exec_name.erase(pid);
  if (ctx.ret() != 0)
    return 0; // the exec failed: the process still runs its old program
  // Remember the exec time; the exit computes the duration from it.
  exec_start.update(pid, iu::ktime_get_ns());
  // With a minimum duration set, only exits are reported.
  if (min_duration_ns != 0)
    return 0;
  event e{};
  e.exit_event = 0;
  e.pid = pid;
  e.ppid = parent_pid();
  copy_comm(e);
  if (name) {
    iu::array<char, MAX_FILENAME_LEN> n = name.value();
    for (unsigned i = 0; i < MAX_FILENAME_LEN; ++i)
      e.filename[i] = n[i];
  }
  rb.output(e);
  return 0;
}

int handle_exit(const iu::syscall_enter_ctx &ctx) {
  iu::s32 pid = static_cast<iu::s32>(iu::current_tgid());
  iu::u64 duration_ns = 0;
  if (iu::optional<iu::u64> start = exec_start.lookup(pid))
    duration_ns = iu::ktime_get_ns() - start.value();
  else if (min_duration_ns != 0)
    return 0;
  exec_start.erase(pid);
  if (min_duration_ns != 0 && duration_ns < min_duration_ns)
    return 0;
  event e{};
  e.exit_event = 1;
  e.duration_ns = duration_ns;
  e.pid = pid;
  e.ppid = parent_pid();
  e.exit_code = static_cast<iu::u32>(ctx.arg(0) & 0xff);
  copy_comm(e);
  rb.output(e);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_execve, handle_execve);
IU_TRACEPOINT(syscalls, sys_exit_execve, handle_exec);
IU_TRACEPOINT(syscalls, sys_enter_exit_group, handle_exit);
