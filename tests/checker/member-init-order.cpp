// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-member-init-order: initializers read only members declared before the
// one they initialize, never member functions or *this.
#include <iu/iu.h>

namespace {

struct Good {
  int a = 1;
  int b = a + 1;                                // OK: a is initialized first
  int c;
  explicit Good(int v) : c(a + b + v) {}        // OK: earlier members and parameters
};

struct Base {
  int v;
};

struct ReadsLater {
  int a = b + 1;                                // expected-error {{member 'b' is read before it is initialized [iu-member-init-order]}} expected-note {{declaration order}}
  int b = 2;
};

struct ReadsItself {
  int a = a + 1;                                // expected-error {{member 'a' is read before it is initialized}} expected-note {{declaration order}}
};

struct CtorReadsLater {
  int a;
  int b;
  CtorReadsLater() : a(b), b(1) {}              // expected-error {{member 'b' is read before it is initialized}} expected-note {{declaration order}} expected-warning {{uninitialized}}
};

struct ExplicitThis {
  int a;
  int b;
  ExplicitThis() : a(this->b), b(0) {}          // expected-error {{member 'b' is read before it is initialized}} expected-note {{declaration order}} expected-warning {{uninitialized}}
};

struct CallsMember {
  int a = get();                                // expected-error {{member functions may not be called from member initializers}} expected-note {{constructor's parameters}}
  int b = 0;
  int get() const { return b; }
};

struct BaseFromMember : Base {
  int m = 3;
  BaseFromMember() : Base{m} {}                 // expected-error {{member 'm' is read before it is initialized}} expected-note {{declaration order}} expected-warning {{uninitialized}}
};

struct CopiesThis {
  int a = 0;
  Base b{(*this).a};                            // expected-error {{*this may not be read in member initializers}} expected-note {{declared earlier}}
};

#define LATER(m) m
struct ViaMacro {
  int a = LATER(b);                             // expected-error {{member 'b' is read before it is initialized}} expected-note {{declaration order}}
  int b = 0;
};

template <class T> struct ViaTemplate {
  T a = b;                                      // expected-error {{member 'b' is read before it is initialized}} expected-note {{declaration order}}
  T b{};
};

// The classes are only declared: constructing the ones with bad default
// member initializers would add Clang's own -Wuninitialized warnings.
int prog(const iu::kprobe_ctx &) {
  Good g(1);
  CtorReadsLater c;
  ExplicitThis e;
  BaseFromMember bm;
  return g.c + c.a + e.a + bm.v;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
