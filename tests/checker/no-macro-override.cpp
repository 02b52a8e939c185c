// RUN: %iucc -fsyntax-only -Xclang -verify %s
// RUN: not %iucc -fsyntax-only -DBEFORE %s 2>&1 | FileCheck --check-prefix=BEFORE %s
// RUN: not %iucc -fsyntax-only -Daddr_=addr_x %s 2>&1 | FileCheck --check-prefix=CMDLINE %s
// iu-no-macro-override: user macros must not change the runtime headers or
// the compiler's macros.
#ifdef BEFORE
// A user macro the runtime happens to use: the runtime's code would change
// meaning (here: silently rename kptr's member), so it is refused.
#define addr_ addr_x
// BEFORE: no-macro-override.cpp:[[@LINE-1]]:9: error: macro 'addr_' would change a runtime header, which uses that name [iu-no-macro-override]
#endif
// CMDLINE: error: macro 'addr_' would change a runtime header, which uses that name [iu-no-macro-override]
#include <iu/iu.h>

#ifndef BEFORE
#define IU_STACK_SIZE 1                           // expected-error {{redefining the compiler's or runtime's macro 'IU_STACK_SIZE' is not allowed [iu-no-macro-override]}} expected-note {{choose another name}} expected-warning {{'IU_STACK_SIZE' macro redefined}} expected-note@iu/abi.h:* {{previous definition is here}}
#undef IU_TRACE_PRINTK_MAX                        // expected-error {{#undef of the compiler's or runtime's macro 'IU_TRACE_PRINTK_MAX' is not allowed}} expected-note {{remove the #undef}}
#undef __UINT64_TYPE__                            // expected-error {{#undef of the compiler's or runtime's macro '__UINT64_TYPE__' is not allowed}} expected-note {{remove the #undef}}
#define __UINT64_TYPE__ unsigned char
#define MINE 1
#undef MINE                                       // OK: the user's own macro
#define MINE 2
#endif

namespace {
int prog(const iu::kprobe_ctx &ctx) { return static_cast<int>(iu::kptr<int>(ctx.arg1()).addr()); }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
