// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-thread-local: no thread-local storage, in any spelling.
#include <iu/iu.h>

namespace {

thread_local int counter;                         // expected-error {{thread_local variables are not allowed in extensions [iu-no-thread-local]}} expected-note {{runtime map}}
__thread int gnu_counter;                         // expected-error {{thread_local variables are not allowed}} expected-note {{runtime map}}

int local() {
  static thread_local int n = 0;                  // expected-error {{thread_local variables are not allowed}} expected-note {{runtime map}}
  return ++n;
}

struct S {
  static thread_local int member;                 // expected-error {{thread_local variables are not allowed}} expected-note {{runtime map}}
};

#define TLS thread_local
TLS int via_macro;                                // expected-error {{thread_local variables are not allowed}} expected-note {{runtime map}}

int prog(const iu::kprobe_ctx &) { return counter + gnu_counter + local() + via_macro; }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
