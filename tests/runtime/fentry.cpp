// IU_FENTRY(func, prog) and IU_FEXIT(func, prog): prog takes const
// iu::fentry_ctx & (the arguments at the entry) or const iu::fexit_ctx &
// (those arguments and the return value); an fentry context has no return
// value and no registers beyond the arguments, and each hook's program
// must take its own context (tests/e2e/fentry.test runs them).
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: not %iucc -fsyntax-only -DRET %s 2>&1 | FileCheck %s --check-prefix=RET
// RUN: not %iucc -fsyntax-only -DREGS %s 2>&1 | FileCheck %s --check-prefix=REGS
// RUN: not %iucc -fsyntax-only -DKPROBE_CTX %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DFEXIT_CTX_ON_FENTRY %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DFENTRY_CTX_ON_FEXIT %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RET: error: no member named 'ret' in 'iu::fentry_ctx'
// RET-NOT: error:
// REGS: error: no member named 'regs' in 'iu::fexit_ctx'
// REGS-NOT: error:
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: {{.*}}const iu::fentry_ctx & (IU_FENTRY), const iu::fexit_ctx & (IU_FEXIT),
// WRONGCTX-NOT: error:
#include <iu/iu.h>

namespace {
int entered(const iu::fentry_ctx &ctx) {
  return static_cast<int>(ctx.arg1() + ctx.arg2() + ctx.arg3() + ctx.arg4() + ctx.arg5() +
                          ctx.arg6() + ctx.ip() + ctx.ret_ip());
}
int exited(const iu::fexit_ctx &ctx) {
  return static_cast<int>(ctx.arg1() + ctx.arg2() + ctx.arg3() + ctx.arg4() + ctx.arg5() +
                          ctx.arg6() + ctx.ret() + ctx.ip() + ctx.ret_ip());
}
int probed(const iu::kprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }
} // namespace

#if defined(GOOD)
IU_FENTRY(vfs_write, entered);
IU_FEXIT(vfs_write, exited);
#elif defined(RET)
namespace {
int wants_ret(const iu::fentry_ctx &ctx) { return static_cast<int>(ctx.ret()); }
} // namespace
IU_FENTRY(vfs_write, wants_ret);
#elif defined(REGS)
namespace {
int wants_regs(const iu::fexit_ctx &ctx) { return static_cast<int>(ctx.regs().ax); }
} // namespace
IU_FEXIT(vfs_write, wants_regs);
#elif defined(KPROBE_CTX)
IU_FENTRY(vfs_write, probed);
#elif defined(FEXIT_CTX_ON_FENTRY)
IU_FENTRY(vfs_write, exited);
#elif defined(FENTRY_CTX_ON_FEXIT)
IU_FEXIT(vfs_write, entered);
#endif
