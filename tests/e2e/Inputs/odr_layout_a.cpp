// With odr_layout_b.cpp (see ../one-definition.test): S and get() are
// defined here for two elements and there for eight (unless -DAGREE).
#include <iu/iu.h>

IU_LICENSE("GPL");

struct S {
  iu::u64 a[2];
};
inline iu::u64 get(S &s, iu::u64 i) { return s.a[i]; }

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  S s{};
  // Index 5 on a zeroed context: out of bounds for this file's S.
  iu::u64 v = get(s, static_cast<iu::u64>(ctx.nr()) + 5);
  iu::trace_printk("read %llu\n", v);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
