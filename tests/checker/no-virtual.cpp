// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-virtual: no virtual functions or virtual bases.
#include <iu/iu.h>

namespace {

template <class Impl> struct Shape {              // OK: static polymorphism
  int area() const { return static_cast<const Impl &>(*this).area_impl(); } // expected-error {{static_cast to class or reference types}} expected-note {{static_cast converts}}
};
struct Square : Shape<Square> {
  int side;
  int area_impl() const { return side * side; }
};

struct Base {                                     // expected-error {{classes with virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
  virtual int f() const { return 1; }             // expected-error {{virtual functions are not allowed in extensions [iu-no-virtual]}} expected-note {{templates for static polymorphism}}
  virtual ~Base() {}                              // expected-error {{virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
};

struct Derived : Base {                           // expected-error {{classes with virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
  int f() const override { return 2; }            // expected-error {{virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
};

struct Abstract {                                 // expected-error {{classes with virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
  virtual int g() = 0;                            // expected-error {{virtual functions are not allowed}} expected-note {{templates for static polymorphism}}
};

struct A {
  int a;
};
struct VirtualBase : virtual A {                  // expected-error {{virtual base classes are not allowed}} expected-note {{templates for static polymorphism}}
};

int call(const Base &b) { return b.f(); }

int prog(const iu::kprobe_ctx &) {
  Square s{};
  s.side = 2;
  Derived d;
  VirtualBase v;
  return s.area() + call(d) + v.a;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
