// With odr_layout_a.cpp (see ../one-definition.test).
#include <iu/iu.h>

struct S {
#ifdef AGREE
  iu::u64 a[2];
#else
  iu::u64 a[8];
#endif
};
inline iu::u64 get(S &s, iu::u64 i) { return s.a[i]; }

namespace {

int other(const iu::syscall_tp_ctx &ctx) {
  S s{};
  return static_cast<int>(get(s, static_cast<iu::u64>(ctx.nr()) % 2));
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_read, other);
