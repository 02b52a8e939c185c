// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-vla: no variable-length arrays or alloca: frame sizes are static.
#include <iu/iu.h>

namespace {

constexpr int kSlots = 8;

template <int N> int fixed() {
  int buf[N] = {};                                // OK: a constant bound
  return buf[0];
}

int accepted() {
  int a[kSlots] = {};                             // OK
  int b[sizeof(iu::pt_regs) / 8] = {};            // OK
  return a[0] + b[0] + fixed<4>();
}

int vla(int n) {                                  // expected-note {{declared here}}
  int buf[n];                                     // expected-error {{variable-length arrays are not allowed in extensions [iu-no-vla]}} expected-note {{fixed-size array}} expected-warning {{variable length arrays in C++ are a Clang extension}} expected-note {{function parameter 'n'}}
  buf[0] = 1;
  return buf[0];
}

int alloca_call(iu::u64 n) {
  auto p = __builtin_alloca(n);                   // expected-error {{alloca is not allowed}} expected-note {{fixed-size array}} expected-error {{pointer types}} expected-note {{iu::kptr}}
  return sizeof(p);
}

int prog(const iu::kprobe_ctx &ctx) {
  return accepted() + vla(static_cast<int>(ctx.arg1() & 7)) + alloca_call(ctx.arg2() & 63);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
