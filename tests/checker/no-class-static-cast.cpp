// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-class-static-cast: static_cast converts integer, bool and enum
// values (or discards one); never classes or references.
#include <iu/iu.h>

namespace {

enum class Op : iu::u8 { Read, Write };

struct Base {
  int b;
};
struct Derived : Base {
  int d;
};

int accepted(iu::u64 raw) {
  int n = static_cast<int>(raw);                  // OK
  Op op = static_cast<Op>(n & 1);                 // OK
  bool odd = static_cast<bool>(n & 1);            // OK
  static_cast<void>(odd);                         // OK
  return n + static_cast<int>(op);
}

int downcast(Base &b) {
  return static_cast<Derived &>(b).d;             // expected-error {{static_cast to class or reference types is not allowed in extensions [iu-no-class-static-cast]}} expected-note {{static_cast converts integer and enum values}}
}

int to_class(Derived &d) {
  Base b = static_cast<Base>(d);                  // expected-error {{static_cast to class or reference types}} expected-note {{construct them with T{...}}}
  return b.b;
}

int move_like(Derived &d) {
  Derived moved = static_cast<Derived &&>(d);     // expected-error {{static_cast to class or reference types}} expected-note {{static_cast converts}}
  return moved.d;
}

template <class T, class U> int via_template(U &u) { return static_cast<T &>(u).d; } // expected-error {{static_cast to class or reference types}} expected-note {{static_cast converts}}

int prog(const iu::kprobe_ctx &ctx) {
  Derived d{};
  return accepted(ctx.arg1()) + downcast(d) + to_class(d) + move_like(d) +
         via_template<Derived>(d);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
