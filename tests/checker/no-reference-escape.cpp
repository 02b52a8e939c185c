// RUN: %iucc -fsyntax-only -Xclang -verify %s
// RUN: %iucc -fsyntax-only -Xclang -verify -DBYPASS %s
// iu-no-reference-escape: T& only as a function parameter (or a range-for
// variable over a named range); iu::view only as a parameter or a local
// made from named storage.
#include <iu/iu.h>

namespace {

struct Point {
  int x, y;
};

void bump(Point &p) { ++p.x; }                        // OK: reference parameters
int read(const Point &p) { return p.x + p.y; }
template <class T> int forward(T &&t) { return read(t); } // OK: forwarding parameter

iu::u64 sum(iu::view<const iu::u64> v) {             // OK: views as parameters
  iu::u64 s = 0;
  for (iu::u64 x : v)
    s += x;
  return s;
}

int accepted() {
  Point p{1, 2};
  bump(p);
  int arr[3] = {1, 2, 3};
  int s = 0;
  for (int &a : arr)                                  // OK: range-for over a named array
    s += a;
  for (const auto &a : arr)
    s += a;
  auto [x, y] = p;                                    // OK: bindings by value
  iu::array<iu::u64, 4> data{};
  iu::view<iu::u64> whole(data);                      // OK: a local view of named storage
  auto l = [&p] { return p.x; };                      // OK: captures by reference
  return s + x + y + read(p) + forward(p) + l() + static_cast<int>(sum(data) + whole.size());
}

#ifndef BYPASS

int &first(int (&a)[3]) { return a[0]; }             // expected-error {{functions may not return references [iu-no-reference-escape]}} expected-note {{return by value}}

struct Holder {
  int &ref;                                           // expected-error {{reference members are not allowed}} expected-note {{store a copy}}
  iu::view<int> v;                                    // expected-error {{views may not be stored in members}} expected-note {{pass the view as a function parameter}}
};

int locals() {
  int v = 1;
  int &r = v;                                         // expected-error {{reference variables are not allowed}} expected-note {{copy the value into a local}}
  const int &c = 5;                                   // expected-error {{reference variables are not allowed}} expected-note {{copy the value into a local}}
  auto &&u = v;                                       // expected-error {{reference variables are not allowed}} expected-note {{copy the value into a local}}
  return r + c + u;
}

int bindings() {
  Point p{1, 2};
  auto &[a, b] = p;                                   // expected-error {{structured bindings may not be references}} expected-note {{bind by value}}
  return a + b;
}

iu::array<int, 3> make() { return {}; }
int range_over_temporary() {
  int s = 0;
  for (const int &e : make())                         // expected-error {{range-for reference variable may only iterate over a named}} expected-note {{iterate by value}}
    s += e;
  for (int e : make())                                // OK: by value
    s += e;
  return s;
}

int init_capture() {
  int v = 0;
  auto l = [&r = v] { return r; };                    // expected-error {{lambda init-captures may not be references}} expected-note {{capture by copy}}
  return l();
}

iu::view<int> leak(iu::view<int> v) { return v; }    // expected-error {{functions may not return views}} expected-note {{return the data by value}}

iu::u64 view_of_temporary() {
  iu::view<const iu::u64> v(iu::array<iu::u64, 2>{}); // expected-error {{a view of a temporary would dangle}} expected-note {{named local}}
  return v[0];
}

template <int &R> int ref_param() { return R; }      // expected-error {{reference template parameters are not allowed}} expected-note {{value template parameter}}

#else

// Bypass attempts: aliases, auto, decltype, templates, lambdas, runtime templates.
using IntRef = int &;
int alias() {
  int v = 0;
  IntRef r = v;                                       // expected-error {{reference variables are not allowed}} expected-note {{copy the value}}
  return r;
}

int decltype_auto() {
  int v = 0;
  decltype(auto) r = (v);                             // expected-error {{reference variables are not allowed}} expected-note {{copy the value}}
  return r;
}

decltype(auto) deduced_return(Point &p) { return (p.x); } // expected-error {{functions may not return references}} expected-note {{return by value}}

template <class T> T pass_through(T &&t) { return static_cast<T &&>(t); } // expected-error {{functions may not return references}} expected-note {{return by value}} expected-error {{static_cast to class or reference types}} expected-note {{static_cast converts}}
int via_template() {
  Point p{};
  return pass_through(p).x;
}

template <class T> struct Box {
  T value;                                            // expected-error {{reference members are not allowed}} expected-note {{store a copy}}
};
int via_class_template() {
  int v = 0;
  Box<int &> b{v};                                    // expected-error {{variables may not hold references}} expected-note {{store a copy}}
  return b.value;
}

int via_runtime_template() {
  int v = 0;
  iu::optional<int &> o(v);                           // expected-error {{variables may not hold references}} expected-note {{store a copy}}
  return o.value_or(v);
}

int via_lambda() {
  int v = 0;
  auto l = [&v]() -> int & { return v; };             // expected-error {{functions may not return references}} expected-note {{return by value}}
  return l();
}

struct Self {
  int x;
  Self &operator=(const Self &o) {                    // expected-error {{functions may not return references}} expected-note {{return by value}}
    x = o.x;
    return *this;
  }
};

#define REF(name, init) auto &name = init
int via_macro() {
  int v = 0;
  REF(r, v);                                          // expected-error {{reference variables are not allowed}} expected-note {{copy the value}}
  return r;
}

#endif

int prog(const iu::kprobe_ctx &) { return accepted(); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
