// Includes shared.h, like header_b.cpp (see ../../iucc-one-definition-header.test).
#ifdef HEADER_MACRO
#define CFG_LEN 2
#endif
#include "shared.h"

IU_LICENSE("GPL");

#ifdef HEADER_MACRO
inline iu::u64 cfg_first(const Cfg &c) { return c.v[0]; }
#endif

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::u64 n = static_cast<iu::u64>(ctx.nr());
  Shared sh{};
  Buf<4> b{};
  return static_cast<int>(sh.sum() + b.get(n % 4) + twice(n) + pick(n) + kLimit);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
