// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-escaping-lambda: lambdas are locals: called, or passed by value to
// templates; never returned, stored in members or globals, or capturing
// `this`.
#include <iu/iu.h>

namespace {

template <class F> int call(F f) { return f(); }          // OK: passed by value
template <class F> int call_twice(const F &f) { return f() + f(); }

int accepted() {
  int x = 1;
  auto by_ref = [&x] { return x; };                       // OK: a local lambda
  auto by_copy = [x] { return x + 1; };
  auto generic = [](auto v) { return v * 2; };
  int arr[2] = {1, 2};
  auto with_array = [arr] { return arr[0] + arr[1]; };    // OK: copies the array
  return by_ref() + call(by_copy) + call_twice(by_ref) + generic(3) + with_array() +
         [] { return 4; }();
}

struct Counter {
  int n = 0;
  int copy_of_this() const {
    return [*this] { return n; }();                       // OK: a copy of the object
  }
  int captures_this() const {
    return [this] { return n; }();                        // expected-error {{a lambda may not capture 'this' [iu-no-escaping-lambda]}} expected-note {{copy the members it needs into locals}}
  }
  int captures_this_implicitly() const {
    return [&] { return n; }();                           // expected-error {{a lambda may not capture 'this'}} expected-note {{[*this]}}
  }
};

auto returned() {                                         // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
  int x = 1;
  return [x] { return x; };
}

template <class F> F pass_back(F f) { return f; }         // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
int via_template() {
  int x = 1;
  return pass_back([&x] { return x; })();
}

template <class F> struct Stash {
  F f;                                                    // expected-error {{a lambda may not be stored in a member}} expected-note {{keep the lambda in a local variable}}
};
int stored_in_member() {
  int x = 1;
  auto l = [&x] { return x; };
  Stash<decltype(l)> s{l};
  return s.f();
}

iu::optional<int> boxed() {
  int x = 1;
  auto l = [&x] { return x; };
  auto o = iu::optional<decltype(l)>(l);                  // OK: a local
  return o.has_value() ? 1 : 0;
}

auto returned_in_optional() {                             // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
  int x = 1;
  auto l = [&x] { return x; };
  return iu::optional<decltype(l)>(l);
}

// A lambda laundered through a derived class or a wrapper struct.
template <class F> auto wrap(F f) {                       // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
  struct D : F {};
  return D{f};
}
int returned_as_base() {
  int x = 1;
  return wrap([&x] { return x; })();
}
constexpr auto base_lambda = [] { return 2; };                    // expected-error {{a lambda may not be stored in a global or static variable}} expected-note {{named function}}
struct Derived : decltype(base_lambda) {};
Derived returned_derived() { return Derived{}; }          // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
struct Holder {
  Derived d;                                              // expected-error {{a lambda may not be stored in a member}} expected-note {{keep the lambda in a local variable}}
};

constexpr auto global_lambda = [] { return 1; };          // expected-error {{a lambda may not be stored in a global or static variable}} expected-note {{named function}}

int static_lambda() {
  static constexpr auto l = [] { return 1; };             // expected-error {{a lambda may not be stored in a global or static variable}} expected-note {{named function}}
  return l();
}

auto make_adder(int n) {                                  // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
  return [n](int v) { return v + n; };
}

int lambda_returning_lambda() {
  auto outer = [](int n) { return [n] { return n; }; };   // expected-error {{a lambda may not be returned from a function}} expected-note {{call the lambda where it is defined}}
  return outer(1)();
}

int prog(const iu::kprobe_ctx &) {
  Counter c;
  return accepted() + c.copy_of_this() + c.captures_this() + c.captures_this_implicitly() +
         returned()() + via_template() + stored_in_member() + boxed().value_or(0) +
         global_lambda() + static_lambda() + make_adder(1)(2) + lambda_returning_lambda() +
         returned_in_optional().has_value() + returned_as_base() + returned_derived()();
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
