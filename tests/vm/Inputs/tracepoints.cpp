// Tracepoints beyond the syscalls' (issue 14): sched events whose fields
// the shell that runs them knows. It prints
// - at sched_process_exec, the new image's file name and pids (the exec'ing
//   task's pid, old_pid, the record's common_pid);
// - at sched_process_exit, sched_switch and sched_wakeup, what concerns a
//   task named "sleep" (its exit, its leaving the CPU and its state, its
//   wake-up), so that other tasks' events do not flood the transcript.
// With -DIU_TP_LOAD, only a program on sched_switch that prints on every
// switch (detach under load).
#include <iu/iu.h>
#include <iu/tp/sched.h>

IU_LICENSE("GPL");

namespace {

template <iu::size_t N> bool is_sleep(const iu::array<char, N> &comm) {
  const char want[] = "sleep";
  for (iu::size_t i = 0; i < sizeof(want); ++i)
    if (comm[i] != want[i])
      return false;
  return true;
}

#ifdef IU_TP_LOAD
int any_switch(const iu::tp::sched::sched_switch &ctx) {
  iu::trace_printk("load switch %d -> %d\n", ctx.prev_pid(), ctx.next_pid());
  return 0;
}
IU_TRACEPOINT(sched, sched_switch, any_switch);
#else
int exec(const iu::tp::sched::sched_process_exec &ctx) {
  iu::trace_printk("exec pid=%d old_pid=%d common_pid=%d file=%s\n", ctx.pid(), ctx.old_pid(),
                   ctx.common_pid(), ctx.filename());
  return 0;
}
IU_TRACEPOINT(sched, sched_process_exec, exec);

int exited(const iu::tp::sched::sched_process_exit &ctx) {
  if (is_sleep(ctx.comm()))
    iu::trace_printk("exit pid=%d comm=%s\n", ctx.pid(), ctx.comm());
  return 0;
}
IU_TRACEPOINT(sched, sched_process_exit, exited);

int switched(const iu::tp::sched::sched_switch &ctx) {
  if (is_sleep(ctx.prev_comm()))
    iu::trace_printk("switch prev_pid=%d prev_state=%lld next_pid=%d\n", ctx.prev_pid(),
                     static_cast<long long>(ctx.prev_state()), ctx.next_pid());
  return 0;
}
IU_TRACEPOINT(sched, sched_switch, switched);

int woken(const iu::tp::sched::sched_wakeup &ctx) {
  if (is_sleep(ctx.comm()))
    iu::trace_printk("wakeup pid=%d target_cpu=%d\n", ctx.pid(), ctx.target_cpu());
  return 0;
}
IU_TRACEPOINT(sched, sched_wakeup, woken);
#endif

} // namespace
