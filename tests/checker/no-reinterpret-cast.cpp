// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-reinterpret-cast: no reinterpret_cast, however it is spelled.
#include <iu/iu.h>

namespace {

struct A {
  iu::u32 x;
};
struct B {
  iu::u8 bytes[4];
};

iu::u64 accepted(const iu::kprobe_ctx &ctx) {
  iu::kptr<A> a(ctx.arg1());
  iu::kptr<B> b = a.as<B>();                     // OK: a kernel address viewed as another type
  return b.addr() + static_cast<iu::u64>(ctx.arg2() >> 3);
}

int refs(A &a) {
  B &b = reinterpret_cast<B &>(a);               // expected-error {{reinterpret_cast is not allowed in extensions [iu-no-reinterpret-cast]}} expected-note {{iu::kptr<T>::as<U>()}} expected-error {{reference variables}} expected-note {{copy the value}}
  return b.bytes[0];
}

int values(A &a) {
  return reinterpret_cast<B &>(a).bytes[1];      // expected-error {{reinterpret_cast is not allowed}} expected-note {{iu::kptr<T>::as<U>()}}
}

#define PUN(T, v) reinterpret_cast<T>(v)
int via_macro(A &a) {
  return PUN(B &, a).bytes[2];                   // expected-error {{reinterpret_cast is not allowed}} expected-note {{iu::kptr<T>::as<U>()}}
}

template <class To, class From> To &pun(From &f) { return reinterpret_cast<To &>(f); } // expected-error {{reinterpret_cast is not allowed}} expected-note {{iu::kptr<T>::as<U>()}} expected-error {{functions may not return references}} expected-note {{return by value}}
int via_template(A &a) { return pun<B>(a).bytes[3]; }

int prog(const iu::kprobe_ctx &ctx) {
  A a{1};
  return static_cast<int>(accepted(ctx)) + refs(a) + values(a) + via_macro(a) + via_template(a);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
