// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-varargs: no C variadic functions or va_list; variadic templates are fine.
#include <iu/iu.h>

namespace {

template <class... Args> int sum(Args... args) { return (0 + ... + args); } // OK

int c_variadic(int n, ...) {                      // expected-error {{C variadic functions are not allowed in extensions [iu-no-varargs]}} expected-note {{variadic template}}
  __builtin_va_list ap;                           // expected-error {{va_list is not allowed}} expected-note {{variadic template}}
  __builtin_va_start(ap, n);                      // expected-error {{builtin '__builtin_va_start' is not allowed}} expected-note {{allowed builtins}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
  int v = __builtin_va_arg(ap, int);              // expected-error {{va_arg is not allowed}} expected-note {{variadic template}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
  __builtin_va_end(ap);                           // expected-error {{builtin '__builtin_va_end' is not allowed}} expected-note {{allowed builtins}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
  return v;
}

using Variadic = int(int, ...);                   // expected-error {{C variadic functions are not allowed}} expected-note {{variadic template}}

int in_lambda() {
  auto l = [](int a, ...) { return a; };          // expected-error {{C variadic functions are not allowed}} expected-note {{variadic template}}
  return l(1, 2);
}

int prog(const iu::kprobe_ctx &) { return sum(1, 2, 3) + c_variadic(1, 2) + in_lambda(); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
