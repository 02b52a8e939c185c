// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-builtin-allowlist: only a few compiler builtins.
#include <iu/iu.h>

namespace {

struct Layout {
  iu::u32 a;
  iu::u64 b;
};

int accepted(iu::u64 x, int y) {
  int sum = 0;
  bool overflow = __builtin_add_overflow(y, 1, &sum);   // OK (and &sum is allowed here)
  overflow |= __builtin_smul_overflow(y, 2, &sum);      // OK
  if (__builtin_expect(x == 0, 0))                      // OK
    return 0;
  iu::u32 swapped = __builtin_bswap32(static_cast<iu::u32>(x)); // OK
  constexpr auto off = __builtin_offsetof(Layout, b);   // OK
  bool folded = __builtin_constant_p(y) || __builtin_is_constant_evaluated(); // OK
  int bits = __builtin_popcountll(x) + __builtin_clzll(x | 1) + __builtin_ctz(y | 1); // OK
  return sum + overflow + static_cast<int>(swapped + off) + folded + bits;
}

int rejected(iu::u64 x) {
  char dst[8], src[8] = {};
  __builtin_memcpy(dst, src, 8);                        // expected-error {{builtin '__builtin_memcpy' is not allowed in extensions [iu-builtin-allowlist]}} expected-note {{allowed builtins}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
  __builtin_trap();                                     // expected-error {{builtin '__builtin_trap' is not allowed}} expected-note {{allowed builtins}}
  __builtin_unreachable();                              // expected-error {{builtin '__builtin_unreachable' is not allowed}} expected-note {{allowed builtins}}
  __builtin_prefetch(&x);                               // expected-error {{builtin '__builtin_prefetch' is not allowed}} expected-note {{allowed builtins}} expected-error {{taking the address}} expected-note {{by reference}}
  __builtin_assume(x > 0);                              // expected-error {{builtin '__builtin_assume' is not allowed}} expected-note {{allowed builtins}}
  return __sync_fetch_and_add(&dst[0], 1);              // expected-error {{builtin '__sync_fetch_and_add_1' is not allowed}} expected-note {{allowed builtins}} expected-error {{taking the address}} expected-note {{by reference}}
}

int address_builtins() {
  auto frame = __builtin_frame_address(0);              // expected-error {{builtin '__builtin_frame_address' is not allowed}} expected-note {{allowed builtins}} expected-error {{pointer types}} expected-note {{iu::kptr}}
  return sizeof(frame);
}

#define COPY(d, s) __builtin_memcpy(&d, &s, sizeof(d))
int via_macro(int a) {
  int b;
  COPY(b, a);                                           // expected-error {{builtin '__builtin_memcpy' is not allowed}} expected-note {{allowed builtins}} expected-error {{taking the address}} expected-note {{by reference}}
  return b;
}

template <class T> T via_template(T v) { return __builtin_bitreverse32(v); } // expected-error {{builtin '__builtin_bitreverse32' is not allowed}} expected-note {{allowed builtins}}

int prog(const iu::kprobe_ctx &ctx) {
  return accepted(ctx.arg1(), 2) + rejected(ctx.arg2()) + address_builtins() + via_macro(3) +
         static_cast<int>(via_template(4u));
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
