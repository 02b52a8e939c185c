// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-casts: C-style and functional casts only between integer, bool and
// enum types, to void, or to construct an object. No dynamic_cast.
#include <iu/iu.h>

namespace {

enum class Color : iu::u8 { Red, Green };

struct Meters {
  explicit Meters(int v) : value(v) {}
  int value;
};

struct Base {
  int b;
};
struct Derived : Base {
  int d;
};

int accepted(iu::u64 raw) {
  int narrow = (int)raw;                          // OK: integers
  auto small = iu::u8(raw);                       // OK: functional cast between integers
  Color c = (Color)1;                             // OK: enums with a fixed type
  bool flag = bool(raw);                          // OK
  (void)flag;                                     // OK: discard
  Meters m = Meters(narrow);                      // OK: construction
  Derived d{};
  Base b = (Base)d;                               // OK: a copy of the base part
  return narrow + small + static_cast<int>(c) + m.value + b.b;
}

int references(Derived &d) {
  Base &b = (Base &)d;                            // expected-error {{this cast is not allowed in extensions: casts may only convert between integer, bool and enum types [iu-no-casts]}} expected-note {{static_cast<T>(x) between integer types}} expected-error {{reference variables}} expected-note {{copy the value}}
  return b.b;
}

int downcast(Base &b) {
  return ((Derived &)b).d;                        // expected-error {{this cast is not allowed}} expected-note {{static_cast<T>(x)}}
}

int functional_reference(Base &b) {
  using DerivedRef = Derived &;
  return DerivedRef(b).d;                         // expected-error {{this cast is not allowed}} expected-note {{static_cast<T>(x)}}
}

#define AS(T, v) ((T)(v))
int via_macro(Base &b) {
  return AS(Derived &, b).d;                      // expected-error {{this cast is not allowed}} expected-note {{static_cast<T>(x)}}
}

template <class T, class U> T &as(U &u) { return (T &)u; } // expected-error {{this cast is not allowed}} expected-note {{static_cast<T>(x)}} expected-error {{functions may not return references}} expected-note {{return by value}}
int via_template(Base &b) { return as<Derived>(b).d; }

int prog(const iu::kprobe_ctx &ctx) {
  Derived d{};
  return accepted(ctx.arg1()) + references(d) + downcast(d) + functional_reference(d) +
         via_macro(d) + via_template(d);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
