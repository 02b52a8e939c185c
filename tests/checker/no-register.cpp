// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-register: no register variables (with or without an asm register).
#include <iu/iu.h>

namespace {

int local() {
  register int r = 1;                             // expected-error {{register variables are not allowed in extensions [iu-no-register]}} expected-note {{ordinary local}} expected-error {{ISO C++17 does not allow 'register'}}
  return r;
}

iu::u64 stack_pointer() {
  register iu::u64 sp asm("rsp");                 // expected-error {{register variables are not allowed}} expected-note {{ordinary local}} expected-error {{asm labels are not allowed}} expected-note {{the runtime binds every symbol}}
  return sp;
}

int prog(const iu::kprobe_ctx &) { return local() + static_cast<int>(stack_pointer()); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
