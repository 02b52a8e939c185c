// Includes shared.h, like header_a.cpp (see ../../iucc-one-definition-header.test).
#ifdef HEADER_MACRO
#define CFG_LEN 8
#endif
#include "shared.h"

#ifdef HEADER_MACRO
inline iu::u64 cfg_first(const Cfg &c) { return c.v[0]; }
#endif

namespace {

int prog_b(const iu::syscall_tp_ctx &ctx) {
  iu::u64 n = static_cast<iu::u64>(ctx.nr());
  Buf<4> b{};
  return static_cast<int>(b.get(n % 4) + twice(n) + pick(n) + (Color::red == Color::green));
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_read, prog_b);
