// profile: a sampling profiler in the shape of bcc's profile tool, on
// IU_PERF_EVENT and iu::get_stack.
//
// 99 times a second on every CPU, the CPU clock interrupts whatever runs;
// each sample is counted in a hash map keyed by the interrupted process
// and the innermost frames of its kernel stack (for a sample of user mode,
// its user ip alone: get_stack has no kernel stack for it). Read the
// counts with `iu-load --dump-maps profile.iu -- sleep 5` (kernel backend)
// or `bpftool map dump name counts`; resolve the addresses with
// /proc/kallsyms. target_tgid (`--set target_tgid=PID`) keeps one process.
// 99 Hz, not 100, so that the samples do not run in lockstep with timers.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

constexpr unsigned kFrames = 4;

struct stack_key {
  iu::u32 tgid;
  iu::u32 user;                 // 1: a sample of user mode (frames[0] its ip)
  iu::u64 frames[kFrames];      // innermost first, 0 past the stack's end
};

} // namespace

IU_MAP(counts, iu::hash_map<stack_key, iu::u64, 10240>);
IU_CONFIG(iu::u32, target_tgid, 0);  // 0: every process, the idle task included

namespace {

int sample(const iu::perf_event_ctx &ctx) {
  if (target_tgid != 0 && ctx.tgid() != target_tgid)
    return 0;
  stack_key key{};
  key.tgid = ctx.tgid();
  if (ctx.user_mode()) {
    key.user = 1;
    key.frames[0] = ctx.ip();
  } else {
    iu::array<iu::u64, kFrames> stack{};
    if (iu::get_stack(ctx, stack) > 0)
      for (unsigned i = 0; i < kFrames; ++i)
        key.frames[i] = stack[i];
  }
  // A new stack starts at 1 (if another CPU made it meanwhile, add again);
  // a full map drops it (the update fails with -E2BIG).
  if (!counts.add(key, 1) && !counts.update(key, 1, iu::noexist))
    counts.add(key, 1);
  return 0;
}

} // namespace

IU_PERF_EVENT(99, sample);
