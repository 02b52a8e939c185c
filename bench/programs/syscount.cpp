// syscount (iu): the macro benchmark's tool (bench/run, "kernel"), in the
// manner of bcc's syscount: every system call counted by its number in a
// hash map, at its entry. tp_count is on syscount's own hook (tracepoint
// raw_syscalls/sys_enter), fentry_count at the entry of x64_sys_call(regs,
// nr), the 6.12 kernel's dispatch of every 64-bit call, raw_count on the
// raw tracepoint sys_enter. kbench attaches one. bench/programs/syscount.bpf.c does the same work in eBPF, on the
// same hooks and on the raw tracepoint.
#include <iu/iu.h>
#include <iu/tp/raw_syscalls.h>

IU_LICENSE("GPL");

IU_MAP(counts, iu::hash_map<iu::u32, iu::u64, 1024>);

namespace {

void count(iu::u32 nr) {
  // The first call of a number creates its entry; a creation that lost a
  // race with another CPU adds instead.
  if (!counts.add(nr, 1) && !counts.update(nr, 1, iu::noexist))
    counts.add(nr, 1);
}

int tp_count(const iu::tp::raw_syscalls::sys_enter &ctx) {
  count(static_cast<iu::u32>(ctx.id()));
  return 0;
}

int fentry_count(const iu::fentry_ctx &ctx) {
  count(static_cast<iu::u32>(ctx.arg2()));
  return 0;
}

// The raw tracepoint sys_enter(regs, id).
int raw_count(const iu::raw_tracepoint_ctx &ctx) {
  count(static_cast<iu::u32>(ctx.arg2()));
  return 0;
}

} // namespace

IU_TRACEPOINT(raw_syscalls, sys_enter, tp_count);
IU_FENTRY(x64_sys_call, fentry_count);
IU_RAW_TRACEPOINT(sys_enter, raw_count);
