// trace_printk checks its format against the argument types at compile
// time: each mismatch is a compile error naming the problem.
// RUN: not %iucc -fsyntax-only %s 2>&1 | FileCheck %s
#include <iu/iu.h>

static int prog(const iu::syscall_tp_ctx &ctx) {
  int i = ctx.nr();
  iu::u64 big = ctx.arg(0);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_too_few_arguments'
  iu::trace_printk("%d %d\n", i);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_too_many_arguments'
  iu::trace_printk("%d\n", i, i);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_argument_type_does_not_match_conversion'
  iu::trace_printk("%d\n", big);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_argument_type_does_not_match_conversion'
  iu::trace_printk("%lx\n", i);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_unsupported_conversion'
  iu::trace_printk("%f\n", i);
  // CHECK: printk-format-errors.cpp:[[@LINE+2]]:{{[0-9]+}}: error: call to consteval function
  // CHECK: note: non-constexpr function 'trace_printk_error_unsupported_conversion'
  iu::trace_printk("%lllx\n", big);
  return 0;
}
IU_TRACEPOINT(syscalls, sys_enter_write, prog);
