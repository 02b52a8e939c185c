// iu::panic takes a NUL-terminated constant only: a run-time char array
// would have its bytes copied until some NUL past its end.
// RUN: not %iucc -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: %iucc -fsyntax-only -DACCEPTED %s
#include <iu/iu.h>

namespace {

#ifdef ACCEPTED
constexpr char kTerminated[3] = {'X', 0, 'Y'};
int prog(const iu::syscall_tp_ctx &ctx) {
  if (ctx.nr() == 1)
    iu::panic("a literal");
  if (ctx.nr() == 2)
    iu::panic(kTerminated);
  return 0;
}
#else
constexpr char kUnterminated[2] = {'X', 'Y'};
int prog(const iu::syscall_tp_ctx &ctx) {
  char local[2] = {'X', 'Y'};
  if (ctx.nr() == 1)
    // CHECK: panic-message.cpp:[[@LINE+1]]:15: error: call to consteval function 'iu::detail::panic_message::panic_message<2UL>' is not a constant expression
    iu::panic(local);
  if (ctx.nr() == 2)
    // CHECK: panic-message.cpp:[[@LINE+1]]:15: error: call to consteval function 'iu::detail::panic_message::panic_message<2UL>' is not a constant expression
    iu::panic(kUnterminated);
  // CHECK: note: non-constexpr function 'panic_message_must_be_a_string_literal'
  return 0;
}
#endif

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
