// execsnoop: bcc's libbpf-tools execsnoop in iu. Reports each execve with
// the caller's pid, its parent's pid, the new program's comm, the file
// name and arguments, and the return value.
//
// At syscalls/sys_enter_execve the arguments are still in the calling
// program's memory: the event is built there (file name, then argv[1..]
// up to max_args) and kept in a map keyed by the thread id. At
// syscalls/sys_exit_execve the return value and the comm (the new
// program's when the exec succeeded) complete it and it is sent.
// Not ported: the cgroup filter (-c) and the mount namespace id.
#include <iu/iu.h>

#include "execsnoop.h"
#include "vmlinux.hpp"

IU_LICENSE("GPL");

// Execs between their entry and their exit: one per task at a time, so a
// few hundred is plenty (each entry is an event of about 7.7 KiB, and a
// BPF hash map allocates all of them at load).
IU_MAP(execs, iu::hash_map<iu::s32, event, 1024>);
IU_MAP(events, iu::events<event>);

IU_CONFIG(bool, ignore_failed, true);
IU_CONFIG(iu::u32, targ_uid, INVALID_UID);
IU_CONFIG(iu::s32, max_args, DEFAULT_MAXARGS);

namespace {

using vmlinux::task_struct;

bool uid_allowed() {
  if (targ_uid == INVALID_UID)
    return true;
  return static_cast<iu::u32>(iu::current_uid_gid()) == targ_uid;
}

// Appends the string at addr to e.args; false when it could not be read.
bool append_arg(event &e, iu::u64 addr) {
  iu::array<char, ARGSIZE> arg{};
  iu::s64 len = iu::probe_read_user_str(iu::uptr<char>(addr), arg);
  if (len <= 0)
    return false;
  for (iu::s64 i = 0; i < len; ++i)
    e.args[e.args_size + i] = arg[i];
  e.args_size += static_cast<iu::u32>(len);
  e.args_count++;
  return true;
}

// execve(filename, argv, envp)
int enter_execve(const iu::syscall_enter_ctx &ctx) {
  if (!uid_allowed())
    return 0;
  iu::s32 tid = static_cast<iu::s32>(iu::current_pid());
  event e{};
  e.pid = static_cast<iu::s32>(iu::current_tgid());
  e.uid = static_cast<iu::u32>(iu::current_uid_gid());
  e.ppid = iu::read(iu::current_task(), task_struct::real_parent, task_struct::tgid).value_or(0);
  // The file name stands for argv[0], as in the original; an unreadable
  // one is an empty string.
  if (!append_arg(e, ctx.arg(0))) {
    e.args_size = 1;
    e.args_count = 1;
  }
  iu::u64 argv = ctx.arg(1);
  iu::s32 limit = max_args < TOTAL_MAX_ARGS ? max_args : TOTAL_MAX_ARGS;
  bool complete = false;
  for (iu::s32 i = 1; i < limit; ++i) {
    iu::u64 argp = iu::probe_read_user<iu::u64>(iu::uptr<iu::u64>(argv + 8 * i)).value_or(0);
    if (argp == 0 || e.args_size > LAST_ARG || !append_arg(e, argp)) {
      complete = true;
      break;
    }
  }
  // One more argument beyond the limit: counted, so user space prints "...".
  if (!complete &&
      iu::probe_read_user<iu::u64>(iu::uptr<iu::u64>(argv + 8 * limit)).value_or(0) != 0)
    e.args_count++;
  // A nested exec of the same task (none in practice) keeps the first.
  execs.update(tid, e, iu::noexist);
  return 0;
}

int exit_execve(const iu::syscall_exit_ctx &ctx) {
  iu::s32 tid = static_cast<iu::s32>(iu::current_pid());
  iu::s32 ret = static_cast<iu::s32>(ctx.ret());
  if (!(ignore_failed && ret < 0)) {
    // Completed and sent in place: the event is large for a stack copy.
    execs.update_with(tid, [&](event &e) {
      e.retval = ret;
      iu::comm_t comm = iu::current_comm();
      for (unsigned i = 0; i < TASK_COMM_LEN; ++i)
        e.comm[i] = comm.chars[i];
      events.output(e);
    });
  }
  execs.erase(tid);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_execve, enter_execve);
IU_TRACEPOINT(syscalls, sys_exit_execve, exit_execve);
