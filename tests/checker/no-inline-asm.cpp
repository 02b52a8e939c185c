// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-inline-asm: no asm statements or file-scope asm.
#include <iu/iu.h>

asm(".globl evil");                               // expected-error {{inline assembly is not allowed in extensions [iu-no-inline-asm]}} expected-note {{runtime helper}}

namespace {

iu::u64 accepted() { return iu::ktime_get_ns(); } // OK: a runtime helper

iu::u64 rdtsc() {
  iu::u32 lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));     // expected-error {{inline assembly is not allowed}} expected-note {{runtime helper}}
  return (static_cast<iu::u64>(hi) << 32) | lo;
}

void gnu_spelling() {
  __asm__ __volatile__("cli");                    // expected-error {{inline assembly is not allowed}} expected-note {{runtime helper}}
}

#define BARRIER() asm volatile("" ::: "memory")
void via_macro() {
  BARRIER();                                      // expected-error {{inline assembly is not allowed}} expected-note {{runtime helper}}
}

template <int N> void via_template() {
  asm volatile("nop");                            // expected-error {{inline assembly is not allowed}} expected-note {{runtime helper}}
}

int prog(const iu::kprobe_ctx &) {
  gnu_spelling();
  via_macro();
  via_template<1>();
  return static_cast<int>(accepted() + rdtsc());
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
