// Reads of stack memory the program never wrote: a temporary whose
// constructor sets one member, and a variable whose declaration a switch
// jumped over. Before each read, dirty() leaves a marker in the stack
// below; every read must see zero, never the marker (or, in the kernel,
// whatever an earlier frame left).
#include <iu/iu.h>

namespace {

struct partial {
  iu::u64 set;
  iu::u64 unset[15];
  partial() : set(1) {} // the other members are never written
};

iu::u64 scan(const partial &p) {
  iu::u64 seen = 0;
  for (iu::u64 v : p.unset)
    seen |= v;
  return seen;
}

iu::u64 dirty(iu::u64 seed) {
  iu::array<iu::u64, 64> junk{};
  for (iu::u64 i = 0; i < junk.size(); ++i)
    junk[i] = 0x4141414141414141ull ^ seed ^ i;
  iu::u64 s = 0;
  for (iu::u64 v : junk)
    s += v;
  return s;
}

iu::u64 skipped(int nr) {
  iu::u64 out = 0;
  switch (nr) {
  case 7:
    iu::u64 y;
    y = 5;
    out = y;
    break;
  default:
    y += 0; // reads y: its declaration (and zero-fill) was jumped over
    out = y;
    break;
  }
  return out;
}

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::u64 d = dirty(static_cast<iu::u64>(ctx.nr()));
  iu::u64 t = scan(partial());
  d ^= dirty(static_cast<iu::u64>(ctx.nr()) + 1);
  iu::u64 s = skipped(ctx.nr());
  iu::trace_printk("temporary %llx switch %llx\n", t, s);
  return static_cast<int>(d & 1);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
