// bootstrap: libbpf-bootstrap's bootstrap.bpf.c in iu. Reports each
// process exec and exit with its duration through an events channel,
// skipping short-lived processes when user space configured a minimum.
//
// The original's hooks, sched/sched_process_exec and
// sched/sched_process_exit, with their records' fields typed by
// <iu/tp/sched.h>: the exec'd filename is the exec event's __data_loc
// string. The parent's pid and the exit code are the original's
// BPF_CORE_READ(task, real_parent, tgid) and task->exit_code, read with
// kernel types from BTF (docs/kernel-types.md; compile with -I ../common
// for the shared vmlinux.hpp). Trace events other than the syscalls' need
// the kernel backend: the user backend refuses to attach these programs.
// What differs: the events channel is a perf event array, not a ring
// buffer (docs/maps.md says why).
#include <iu/iu.h>
#include <iu/tp/sched.h>

#include "bootstrap.h"
#include "vmlinux.hpp"

IU_LICENSE("Dual BSD/GPL");

IU_MAP(exec_start, iu::hash_map<iu::s32, iu::u64, 8192>);
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

int handle_exec(const iu::tp::sched::sched_process_exec &ctx) {
  // Remember the exec time; the exit computes the duration from it.
  iu::s32 pid = static_cast<iu::s32>(iu::current_tgid());
  exec_start.update(pid, iu::ktime_get_ns());
  // With a minimum duration set, only exits are reported.
  if (min_duration_ns != 0)
    return 0;
  event e{};
  e.exit_event = 0;
  e.pid = pid;
  e.ppid = parent_pid();
  copy_comm(e);
  // The original's bpf_probe_read_str into filename[MAX_FILENAME_LEN]: at
  // most MAX_FILENAME_LEN - 1 characters and the NUL (e is zeroed).
  iu::array<char, 256> name = ctx.filename();
  for (unsigned i = 0; i + 1 < MAX_FILENAME_LEN; ++i)
    e.filename[i] = name[i];
  rb.output(e);
  return 0;
}

int handle_exit(const iu::tp::sched::sched_process_exit &) {
  iu::u64 id = iu::current_pid_tgid();
  iu::s32 pid = static_cast<iu::s32>(id >> 32);
  iu::s32 tid = static_cast<iu::s32>(id);
  if (pid != tid) // a thread's exit, not the process's
    return 0;
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
  iu::s32 code = iu::read(iu::current_task(), task_struct::exit_code).value_or(0);
  e.exit_code = static_cast<iu::u32>(code >> 8) & 0xff;
  copy_comm(e);
  rb.output(e);
  return 0;
}

} // namespace

IU_TRACEPOINT(sched, sched_process_exec, handle_exec);
IU_TRACEPOINT(sched, sched_process_exit, handle_exit);
