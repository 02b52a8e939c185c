// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-recursion: the call graph is acyclic, through functions, templates,
// lambdas, constructors, destructors and the runtime's templates.
#include <iu/iu.h>

namespace {

int leaf(int x) { return x + 1; }
int middle(int x) { return leaf(x) * 2; }          // OK: a DAG
int loop(int n) {                                   // OK: iteration
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += middle(i);
  return s;
}

int self(int n) { return n ? self(n - 1) : 0; }    // expected-error {{recursive call to 'self' (cycle: self -> self) [iu-no-recursion]}} expected-note {{rewrite the recursion as a loop}}

int ping(int n);
int pong(int n) { return n ? ping(n - 1) : 0; }    // expected-error {{recursive call to 'ping' (cycle: pong -> ping -> pong)}} expected-note {{rewrite the recursion as a loop}}
int ping(int n) { return n ? pong(n - 1) : 1; }    // expected-error {{recursive call to 'pong' (cycle: ping -> pong -> ping)}} expected-note {{rewrite the recursion as a loop}}

template <int N> int count() { return N + count<N - 1>(); }
template <> int count<0>() { return 0; }           // OK: instantiations form a chain, not a cycle

template <class T> T down(T n) { return n ? down(n - 1) : n; } // expected-error {{recursive call to 'down<int>'}} expected-note {{rewrite the recursion as a loop}}

int via_lambda(int n) {
  auto l = [](int v) { return via_lambda(v - 1); }; // expected-error {{recursive call to 'via_lambda'}} expected-note {{rewrite the recursion as a loop}}
  return n ? l(n) : 0;                              // expected-error {{recursive call to 'lambda'}} expected-note {{rewrite the recursion as a loop}}
}

int recursive_generic_lambda(int n) {
  auto fact = [](auto self, int v) -> int { return v ? v * self(self, v - 1) : 1; }; // expected-error {{recursive call to 'lambda'}} expected-note {{rewrite the recursion as a loop}}
  return fact(fact, n);
}

struct Guard {
  ~Guard();
};
int in_destructor();
Guard::~Guard() { in_destructor(); }                // expected-error {{recursive call to 'in_destructor'}} expected-note {{rewrite the recursion as a loop}}
int in_destructor() {
  Guard g;                                          // expected-error {{recursive call to 'Guard::~Guard'}} expected-note {{rewrite the recursion as a loop}}
  return 0;
}

int in_constructor();
struct Init {
  int v = in_constructor();                         // expected-error {{recursive call to 'in_constructor' (cycle: Init::Init -> in_constructor -> Init::Init)}} expected-note {{rewrite the recursion as a loop}}
};
int in_constructor() {
  Init i;                                           // expected-error {{recursive call to 'Init::Init'}} expected-note {{rewrite the recursion as a loop}}
  return i.v;
}

int uses_default();
int with_default(int n = uses_default()) { return n; } // expected-error {{recursive call to 'uses_default' (cycle: uses_default -> uses_default)}} expected-note {{rewrite the recursion as a loop}}
int uses_default() { return with_default(); }        // (the default argument is evaluated here, by the caller)

// The program itself, called back through the runtime's entry trampoline:
// the runtime calls prog, prog calls back into itself.
int prog(const iu::kprobe_ctx &ctx);
int helper(const iu::kprobe_ctx &ctx) { return prog(ctx); } // expected-error {{recursive call to 'prog'}} expected-note {{rewrite the recursion as a loop}}

int prog(const iu::kprobe_ctx &ctx) {
  return loop(3) + self(2) + ping(3) + count<3>() + down(2) + via_lambda(1) +
         recursive_generic_lambda(3) + in_destructor() + in_constructor() + uses_default() +
         (ctx.arg1() ? helper(ctx) : 0); // expected-error {{recursive call to 'helper'}} expected-note {{rewrite the recursion as a loop}}
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
