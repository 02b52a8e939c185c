// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-static-locals: no static locals, except constants.
#include <iu/iu.h>

namespace {

int accepted(int i) {
  static constexpr int table[4] = {1, 2, 4, 8};   // OK: a constant
  static const int limit = 3;                     // OK: const with a constant initializer
  return table[i & 3] + limit;
}

int counter() {
  static int calls = 0;                           // expected-error {{static local variables are not allowed in extensions [iu-no-static-locals]}} expected-note {{runtime map}}
  return ++calls;
}

int dynamic(int seed) {
  static const int first = seed;                  // expected-error {{static local variables are not allowed}} expected-note {{runtime map}}
  return first;
}

struct WithMutable {
  mutable int cache;
};
int mutable_member() {
  static const WithMutable w{0};                  // expected-error {{static local variables are not allowed}} expected-note {{runtime map}}
  return ++w.cache;
}

template <class T> T per_type() {
  static T value{};                               // expected-error {{static local variables are not allowed}} expected-note {{runtime map}}
  return ++value;
}

int in_lambda() {
  auto l = [] {
    static int n = 0;                             // expected-error {{static local variables are not allowed}} expected-note {{runtime map}}
    return ++n;
  };
  return l();
}

int prog(const iu::kprobe_ctx &ctx) {
  return accepted(1) + counter() + dynamic(static_cast<int>(ctx.arg1())) + mutable_member() +
         per_type<int>() + in_lambda();
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
