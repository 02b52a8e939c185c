// Raw tracepoints (IU_RAW_TRACEPOINT): the tracepoint's own arguments.
// - sys_enter(regs, id): the id of each system call; the program prints
//   getppid's (110) with the calling pid.
// - sched_switch(preempt, prev, next, prev_state): prev is a task, read
//   through kernel types from BTF; printed when a task named "sleep" leaves
//   the CPU, with its pid and prev_state.
// With -DIU_RAW_TP_TARGET=NAME, only a program on NAME (the refusals).
#include <iu/iu.h>

#include "vmlinux.hpp"

IU_LICENSE("GPL");

namespace {

using vmlinux::task_struct;

int entered(const iu::raw_tracepoint_ctx &ctx) {
  if (ctx.arg2() == 110)
    iu::trace_printk("raw sys_enter id=%llu pid=%u\n", ctx.arg2(), iu::current_pid());
  return 0;
}

#ifdef IU_RAW_TP_TARGET
#define RAW_ON(name, prog) IU_RAW_TRACEPOINT(name, prog) // expands the name first
RAW_ON(IU_RAW_TP_TARGET, entered);
#else
IU_RAW_TRACEPOINT(sys_enter, entered);

int switched(const iu::raw_tracepoint_ctx &ctx) {
  iu::kptr<task_struct> prev(ctx.arg2());
  iu::array<char, 16> comm = iu::read(prev, task_struct::comm).value_or(iu::array<char, 16>{});
  const char want[] = "sleep";
  for (unsigned i = 0; i < sizeof(want); ++i)
    if (comm[i] != want[i])
      return 0;
  // prev_state is the task's __state: bit 0 is TASK_INTERRUPTIBLE (on 6.12
  // with TASK_FREEZABLE beside it).
  iu::trace_printk("raw sched_switch prev pid=%d interruptible=%llu\n",
                   iu::read(prev, task_struct::pid).value_or(-1), ctx.arg4() & 1);
  return 0;
}
IU_RAW_TRACEPOINT(sched_switch, switched);
#endif

} // namespace
