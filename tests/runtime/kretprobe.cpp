// IU_KRETPROBE(func, prog): prog takes const iu::kretprobe_ctx &, which
// has the return value and the registers at the return, but no arguments
// (gone by then); a kprobe context on a kretprobe, or a kretprobe context
// on a kprobe, is the wrong-context error (tests/e2e/kretprobe.test runs
// one).
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: not %iucc -fsyntax-only -DARG %s 2>&1 | FileCheck %s --check-prefix=ARG
// RUN: not %iucc -fsyntax-only -DKPROBE_CTX %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DKRETPROBE_CTX_ON_KPROBE %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// ARG: error: no member named 'arg1' in 'iu::kretprobe_ctx'
// ARG-NOT: error:
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: const iu::kprobe_ctx & (IU_KPROBE), const iu::kretprobe_ctx & (IU_KRETPROBE),
// WRONGCTX-NOT: error:
#include <iu/iu.h>

namespace {
int returned(const iu::kretprobe_ctx &ctx) {
  iu::pt_regs regs = ctx.regs();
  return static_cast<int>(ctx.ret() + ctx.ip() + ctx.sp() + regs.ax);
}
int entered(const iu::kprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }
} // namespace

#if defined(GOOD)
IU_KPROBE(vfs_write, entered);
IU_KRETPROBE(vfs_write, returned);
#elif defined(ARG)
namespace {
int wants_arg(const iu::kretprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }
} // namespace
IU_KRETPROBE(vfs_write, wants_arg);
#elif defined(KPROBE_CTX)
IU_KRETPROBE(vfs_write, entered);
#elif defined(KRETPROBE_CTX_ON_KPROBE)
IU_KPROBE(vfs_write, returned);
#endif
