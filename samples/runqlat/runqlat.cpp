// runqlat: bcc's libbpf-tools runqlat.bpf.c in iu. Run-queue latency: the
// time from a thread becoming runnable (woken, newly created, or switched
// out while still runnable) until a CPU runs it, as a log2 histogram of
// microseconds (milliseconds with targ_ms).
//
// How it differs from the original:
//  - its hooks are the sched_wakeup, sched_wakeup_new and sched_switch trace
//    events, read through their formats' fields (iu/tp/sched.h); the
//    original's are tp_btf programs that get the task_structs. A record
//    names threads by id and comm only, so targ_pid keeps one thread (the
//    original's targ_tgid keeps one process), and there is no histogram per
//    process (-P: next's tgid is not in the record) or per PID namespace.
//  - sched_switch's prev_state is the state tracefs prints, not
//    prev->__state: the original's "still TASK_RUNNING" is a state with no
//    sleeping bit, which for a preempted task carries TASK_REPORT_MAX
//    ("R+").
//  - the histogram of all threads is an array map counted with atomic adds
//    (the original: the entry of key -1 in its per-thread hash, which this
//    port fills only for -L, targ_per_thread).
#include <iu/iu.h>
#include <iu/tp/sched.h>

#include "runqlat.h"

IU_LICENSE("GPL");

namespace {

constexpr iu::u32 MAX_ENTRIES = 10240;
// include/linux/sched.h: TASK_REPORT_IDLE << 1 (6.1 and 6.12 alike). The
// bits below it are the sleeping and stopped states tracefs prints.
constexpr iu::s64 TASK_REPORT_MAX = 0x100;

} // namespace

IU_MAP(start, iu::hash_map<iu::u32, iu::u64, MAX_ENTRIES>);
IU_MAP(slots, iu::array_map<iu::u32, MAX_SLOTS>);
IU_MAP(hists, iu::hash_map<iu::u32, hist, MAX_ENTRIES>);

IU_CONFIG(bool, targ_ms, false);
IU_CONFIG(bool, targ_per_thread, false);
IU_CONFIG(iu::s32, targ_pid, 0);

namespace {

void trace_enqueue(iu::s32 pid) {
  if (pid == 0) // an idle task
    return;
  if (targ_pid != 0 && pid != targ_pid)
    return;
  start.update(static_cast<iu::u32>(pid), iu::ktime_get_ns());
}

void count_thread(iu::u32 tid, const iu::array<char, TASK_COMM_LEN> &comm, unsigned int slot) {
  auto add = [&](hist &h) { iu::atomic_add(h.slots[slot], 1); };
  if (hists.update_with(tid, add))
    return;
  hist zero{};
  for (unsigned i = 0; i < TASK_COMM_LEN; ++i)
    zero.comm[i] = comm[i];
  // Another CPU may have created it meanwhile: then add to that one.
  hists.update(tid, zero, iu::noexist);
  hists.update_with(tid, add);
}

int handle_wakeup(const iu::tp::sched::sched_wakeup &ctx) {
  trace_enqueue(ctx.pid());
  return 0;
}

int handle_wakeup_new(const iu::tp::sched::sched_wakeup_new &ctx) {
  trace_enqueue(ctx.pid());
  return 0;
}

int handle_switch(const iu::tp::sched::sched_switch &ctx) {
  // Still runnable (preempted, or yielding): it waits in the run queue again.
  if ((ctx.prev_state() & (TASK_REPORT_MAX - 1)) == 0)
    trace_enqueue(ctx.prev_pid());

  iu::u32 pid = static_cast<iu::u32>(ctx.next_pid());
  iu::optional<iu::u64> ts = start.lookup(pid);
  if (!ts)
    return 0;
  iu::s64 delta = static_cast<iu::s64>(iu::ktime_get_ns() - ts.value());
  if (delta >= 0) {
    iu::u64 d = static_cast<iu::u64>(delta) / (targ_ms ? 1000000u : 1000u);
    unsigned int slot = iu::log2l(d);
    if (slot >= MAX_SLOTS)
      slot = MAX_SLOTS - 1;
    if (targ_per_thread)
      count_thread(pid, ctx.next_comm(), slot);
    else
      slots.add(slot, 1);
  }
  start.erase(pid);
  return 0;
}

} // namespace

IU_TRACEPOINT(sched, sched_wakeup, handle_wakeup);
IU_TRACEPOINT(sched, sched_wakeup_new, handle_wakeup_new);
IU_TRACEPOINT(sched, sched_switch, handle_switch);
