// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-float: no floating point anywhere.
#include <iu/iu.h>

namespace {

iu::u64 accepted(iu::u64 ns) {
  return ns / 1000 + (ns % 1000 >= 500 ? 1 : 0);   // OK: fixed point with integers
}

double d = 0;                                     // expected-error {{floating point is not allowed in extensions [iu-no-float]}} expected-note {{use integers}} expected-error {{mutable global}} expected-note {{constexpr}}

int literal() {
  return static_cast<int>(1.5);                   // expected-error {{floating point is not allowed}} expected-note {{use integers}}
}

float parameter(float f) { return f; }            // expected-error {{floating point is not allowed}} expected-note {{use integers}}

int conversion(int x) {
  return x * 0.5;                                 // expected-error {{floating point is not allowed}} expected-note {{use integers}}
}

struct Sample {
  float value;                                    // expected-error {{floating point is not allowed}} expected-note {{use integers}}
};

using Real = long double;                         // expected-error {{floating point is not allowed}} expected-note {{use integers}}

template <class T> T half(T v) { return v / 2; }  // expected-error {{floating point is not allowed}} expected-note {{use integers}}
int via_template() { return static_cast<int>(half(3.0f)); } // expected-error {{floating point is not allowed}} expected-note {{use integers}}

int via_auto() {
  auto ratio = 3 / 2.0;                           // expected-error {{floating point is not allowed}} expected-note {{use integers}}
  return ratio > 1;
}

#define PI 3.14159
int via_macro() { return PI > 3; }                // expected-error {{floating point is not allowed}} expected-note {{use integers}}

int via_decltype() {
  decltype(1.0) v = 0;                            // expected-error {{floating point is not allowed}} expected-note {{use integers}}
  return static_cast<int>(v);
}

int prog(const iu::kprobe_ctx &ctx) {
  return static_cast<int>(accepted(ctx.arg1())) + literal() + static_cast<int>(parameter(1)) +
         conversion(2) + via_template() + via_auto() + via_macro() + via_decltype();
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
