// The generated tracepoint contexts (iu/tp/<category>.h, from
// runtime/tracepoints/*.formats): an image has one field record per
// accessor it calls, and none for the accessors it does not; an event no
// catalogue has is a compile-time error naming it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %iucc %s -o %t/good.iu
// RUN: %iusign show %t/good.iu | FileCheck %s --check-prefix=RECORDS
// RUN: not %iucc -fsyntax-only -DUNKNOWN %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %iucc -fsyntax-only -DWRONG_CONTEXT %s 2>&1 | FileCheck %s --check-prefix=WRONG
// RECORDS: programs: 2
// RECORDS-NEXT: tracepoint on_exec -> sched/sched_process_exec
// RECORDS-NEXT: tracepoint on_switch -> sched/sched_switch
// RECORDS-NEXT: configs: 7
// RECORDS-DAG: sched.sched_process_exec.pid:
// RECORDS-DAG: sched.sched_process_exec.old_pid:
// RECORDS-DAG: sched.sched_process_exec.filename:
// RECORDS-DAG: sched.sched_switch.prev_comm:
// RECORDS-DAG: sched.sched_switch.prev_pid:
// RECORDS-DAG: sched.sched_switch.next_pid:
// RECORDS-DAG: sched.sched_switch.prev_state:
// RECORDS-NOT: sched.
// RECORDS: imports:
// UNKNOWN: error: no member named 'sched_nonexistent' in namespace 'iu::tp::sched'
// WRONG: error: {{.*}}a program takes its hook's context by const reference
#include <iu/iu.h>
#include <iu/tp/sched.h>

IU_LICENSE("GPL");

namespace {
int on_exec(const iu::tp::sched::sched_process_exec &ctx) {
  iu::trace_printk("%d (was %d) ran %s\n", ctx.pid(), ctx.old_pid(), ctx.filename());
  return 0;
}

int on_switch(const iu::tp::sched::sched_switch &ctx) {
  // next_comm, prev_prio, next_prio: never called, so no records.
  iu::trace_printk("%s %d -> %d, state %ld\n", ctx.prev_comm(), ctx.prev_pid(), ctx.next_pid(),
                   ctx.prev_state());
  return 0;
}
} // namespace

#if defined(UNKNOWN)
IU_TRACEPOINT(sched, sched_nonexistent, on_exec);
#elif defined(WRONG_CONTEXT)
IU_TRACEPOINT(sched, sched_process_exec, on_switch);
#else
IU_TRACEPOINT(sched, sched_process_exec, on_exec);
IU_TRACEPOINT(sched, sched_switch, on_switch);
#endif
