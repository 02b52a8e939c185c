// RUN: %iucc -fsyntax-only -Xclang -verify %s
// RUN: %iucc -fsyntax-only -Xclang -verify -DBYPASS %s
// iu-no-pointers: no pointer types, &x, array decay, nullptr, `this` as a
// value, member pointers -- however they are spelled.
#include <iu/iu.h>

namespace {

struct S {
  int a;
  int arr[4];
  int get() const { return a + this->a + arr[1]; }       // OK: this-> and implicit this
  S copy() const { return *this; }                       // OK: *this is the object
};

int by_ref(S &s) { return s.a; }                         // OK: references as parameters

// Kernel addresses are iu::kptr: integers that only probe_read follows.
iu::u64 kernel_address(const iu::kprobe_ctx &ctx) {
  iu::kptr<iu::seccomp_data> sd(ctx.arg2());
  if (auto d = iu::probe_read_kernel(sd))
    return d.value().args[0];
  return sd.at(1).addr();
}

int arrays() {
  int a[4] = {1, 2, 3, 4};
  int s = a[0] + a[3];                                    // OK: indexing
  for (int v : a)                                         // OK: range-for
    s += v;
  iu::array<int, 4> b{};
  b[1] = s;                                               // OK: checked indexing
  return b[1];
}

#ifndef BYPASS

struct T {
  int a;
  const T *self() const { return this; } // expected-error {{pointer types are not allowed in extensions [iu-no-pointers]}} expected-note {{iu::kptr<T>}}
};

int declarations() {
  int x = 1;
  int *p = &x;                  // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
  int **pp = &p;                // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
  return *p + **pp;             // reported at the declarations above
}

int take(int *p) { return p[0]; } // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
int *give();                     // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}

int address_of() {
  int x = 0;
  return sizeof(&x);            // expected-error {{taking the address of an object is not allowed}} expected-note {{pass the object by reference}}
}

int decay() {
  int a[4] = {1, 2, 3, 4};
  return *(a + 1);              // expected-error {{array-to-pointer decay is not allowed}} expected-note {{index the array}}
}

int null_pointer() {
  return take(nullptr);         // expected-error {{nullptr is not allowed}} expected-note {{iu::kptr<T>()}}
}

int member_pointer() {
  int S::*m = &S::a;            // expected-error {{member pointers are not allowed}} expected-note {{access the member by name}}
  S s{};
  return s.*m;                  // expected-error {{member pointers are not allowed}} expected-note {{access the member by name}}
}

// The runtime's internals hand out pointers: using them is refused too.
iu::u64 via_runtime() {
  return iu::detail::current_run()->fuel; // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}} expected-error {{internal to the runtime}} expected-note {{public API}}
}

#else

// Bypass attempts: aliases, auto, decltype, templates, macros, lambdas.
using IntPtr = int *;           // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
typedef int *IntPtr2;           // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}

int via_auto() {
  int a[2] = {1, 2};
  auto d = a;                   // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
  auto n = nullptr;             // expected-error {{nullptr is not allowed}} expected-note {{iu::kptr<T>()}}
  (void)n;
  return d[0];
}

template <class T> T identity(T t) { return t; } // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}

int via_template() {
  int x = 0;
  return *identity<int *>(&x);  // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
}

template <class T> struct Holder { T value; }; // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
int via_class_template() {
  int x = 0;
  Holder<decltype(&x)> h{};     // expected-error {{taking the address}} expected-note {{by reference}}
  return h.value ? 1 : 0;
}

#define ADDRESS(v) (&(v))
int via_macro() {
  int x = 0;
  return *ADDRESS(x);           // expected-error {{taking the address}} expected-note {{by reference}}
}

int via_lambda() {
  int x = 0;
  auto l = [&x] { return &x; }; // expected-error {{pointer types are not allowed}} expected-note {{iu::kptr<T>}}
  return *l();
}

int via_decltype() {
  decltype(nullptr) n{};        // expected-error {{nullptr is not allowed}} expected-note {{iu::kptr<T>()}}
  (void)n;
  return 0;
}

int via_string_literal() {
  return *"abc";                // expected-error {{array-to-pointer decay}} expected-note {{index the array}}
}

#endif

int prog(const iu::kprobe_ctx &ctx) {
  S s{};
  return by_ref(s) + s.get() + s.copy().a + arrays() + static_cast<int>(kernel_address(ctx));
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
