// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-asm-labels: no `asm("symbol")` names on declarations.
#include <iu/iu.h>

int renamed() asm("commit_creds");                // expected-error {{asm labels are not allowed in extensions [iu-no-asm-labels]}} expected-note {{the runtime binds every symbol}}

namespace {

int defined() __asm__("other_name");              // expected-error {{asm labels are not allowed}} expected-note {{the runtime binds every symbol}}
int defined() { return 1; }

int prog(const iu::kprobe_ctx &) { return renamed() + defined(); } // expected-error {{declared but not defined}} expected-note {{define the function}}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
