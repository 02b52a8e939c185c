// events (iu): the events benchmark's iu program (bench/run, "kernel").
// On sys_enter_getppid it sends B records (B: a configuration set at load)
// of struct bench_event through an events channel. bench/programs/
// events.bpf.c sends the same records through a perf buffer and a ring
// buffer; bench/programs/kbench.c consumes all three with the same code.
#include <iu/iu.h>

IU_LICENSE("GPL");

struct bench_event {
  iu::u64 time_ns;
  iu::u64 pid_tgid;
  iu::u64 seq;
  iu::u64 cpu;
};
static_assert(sizeof(bench_event) == 32);

IU_CONFIG(iu::u32, B, 1);
IU_MAP(events, iu::events<bench_event>);

namespace {

int send(const iu::syscall_enter_ctx &) {
  bench_event e{iu::ktime_get_ns(), iu::current_pid_tgid(), 0, iu::smp_processor_id()};
  iu::u32 dropped = 0;
  for (iu::u32 i = 0; i < B; ++i) {
    e.seq = i;
    if (!events.output(e))
      ++dropped;
  }
  return static_cast<int>(dropped & 1);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getppid, send);
