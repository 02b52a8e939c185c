// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-function-pointers: functions are called by name; they are never
// values, so every call's target is known.
#include <iu/iu.h>

namespace {

int one() { return 1; }
int twice(int x) { return 2 * x; }

template <class F> int apply(F f, int x) { return f(x); } // OK: lambdas passed by value
template <int N> int times() { return N * one(); }         // OK: value template arguments

int accepted() {
  auto l = [](int v) { return v + 1; };
  return apply(l, 2) + apply([](int v) { return twice(v); }, 3) + times<3>() + (one)();
}

using Fn = int (*)();           // expected-error {{function pointers and references are not allowed in extensions [iu-no-function-pointers]}} expected-note {{call functions directly by name}}
using FnRef = int (&)();        // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}

int call_through(int (*f)()) {  // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
  return f();                   // expected-error {{calls must name the function they call}} expected-note {{call functions directly}}
}

int address_of_function() {
  auto f = &one;                // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
  return f();                   // expected-error {{calls must name the function}} expected-note {{call functions directly}}
}

int decayed_function() {
  auto f = one;                 // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
  return f();                   // expected-error {{calls must name the function}} expected-note {{call functions directly}}
}

template <auto F> int call_param() { return F(); } // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
int function_as_template_argument() {
  return call_param<one>();     // expected-error {{a function may only be called, not used as a value}} expected-note {{call functions directly}}
}

int lambda_to_pointer() {
  int (*p)(int) = [](int v) { return v; }; // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
  return p(1);                  // expected-error {{calls must name the function}} expected-note {{call functions directly}}
}

int unary_plus_lambda() {
  return (+[] { return 1; })(); // expected-error {{calls must name the function}} expected-note {{call functions directly}}
}

#define TAKE(f) (&f)
int via_macro() {
  return TAKE(one)();           // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
}

struct HasMember {
  int m() const { return 1; }
};
int member_function_pointer() {
  auto mp = &HasMember::m;      // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
  HasMember h;
  return (h.*mp)();             // expected-error {{member pointers are not allowed}} expected-note {{access the member by name}} expected-error {{calls must name the function}} expected-note {{call functions directly}}
}

int prog(const iu::kprobe_ctx &) {
  return accepted() + call_through(one) + address_of_function() + // expected-error {{function pointers and references are not allowed}} expected-note {{call functions directly}}
         + decayed_function() +
         function_as_template_argument() + lambda_to_pointer() + unary_plus_lambda() + via_macro() +
         member_function_pointer();
}

} // namespace

IU_KPROBE(__seccomp_filter, prog); // OK: the runtime's macro takes the program by name
