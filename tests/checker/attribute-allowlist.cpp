// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-attribute-allowlist: only nodiscard, maybe_unused, likely, unlikely,
// fallthrough and deprecated.
#include <iu/iu.h>

namespace {

[[nodiscard]] int checked() { return 1; }                // OK
[[deprecated("use checked")]] int old() { return 2; }    // OK

int accepted([[maybe_unused]] int unused, int v) {       // OK
  [[maybe_unused]] int spare = 0;
  if (v > 0) [[likely]] {
    v += checked();
  } else [[unlikely]] {
    v -= 1;
  }
  switch (v) {
  case 1:
    v += 1;
    [[fallthrough]];
  default:
    break;
  }
  return v;
}

[[gnu::section(".text.evil")]] int sectioned() { return 1; } // expected-error {{attribute 'section' is not allowed in extensions [iu-attribute-allowlist]}} expected-note {{allowed attributes}}
[[gnu::used]] int kept() { return 1; }                   // expected-error {{attribute 'used' is not allowed}} expected-note {{allowed attributes}}
[[gnu::naked]] void naked() {}                           // expected-error {{attribute 'naked' is not allowed}} expected-note {{allowed attributes}}
[[clang::no_sanitize("undefined")]] int unchecked(int a) { return a << 1; } // expected-error {{attribute 'no_sanitize' is not allowed}} expected-note {{allowed attributes}}
[[clang::optnone]] int slow() { return 1; }              // expected-error {{attribute 'optnone' is not allowed}} expected-note {{allowed attributes}}
__attribute__((target("avx2"))) int vectorized() { return 1; } // expected-error {{attribute 'target' is not allowed}} expected-note {{allowed attributes}}
[[noreturn]] void never() { while (true) {} }            // expected-error {{attribute 'noreturn' is not allowed}} expected-note {{allowed attributes}}
void release(int *) {}                                   // expected-error {{pointer types}} expected-note {{iu::kptr}}
int cleanup() {
  __attribute__((cleanup(release))) int handle = 0;     // expected-error {{attribute 'cleanup' is not allowed}} expected-note {{allowed attributes}}
  return handle;
}

int statement_attributes(int x) {
  [[assume(x > 0)]];                                     // expected-error {{attribute 'assume' is not allowed}} expected-note {{allowed attributes}}
  [[clang::musttail]] return statement_attributes(x - 1); // expected-error {{attribute 'musttail' is not allowed}} expected-note {{allowed attributes}} expected-error {{recursive call}} expected-note {{rewrite the recursion}}
}

using FarInt = int __attribute__((address_space(1)));  // expected-error {{attribute 'address_space' is not allowed}} expected-note {{allowed attributes}}
int type_attributes(const FarInt &v) { return v; }

struct Defaulted {
  [[gnu::cold]] Defaulted &operator=(const Defaulted &) = default; // expected-error {{attribute 'cold' is not allowed}} expected-note {{allowed attributes}}
};

#define SECTION(s) __attribute__((section(s)))
SECTION(".data.evil") constexpr int via_macro = 1;       // expected-error {{attribute 'section' is not allowed}} expected-note {{allowed attributes}}

template <class T> [[gnu::always_inline]] T via_template(T v) { return v; } // expected-error {{attribute 'always_inline' is not allowed}} expected-note {{allowed attributes}}

int prog(const iu::kprobe_ctx &) {
  return accepted(0, 1) + sectioned() + kept() + unchecked(1) + slow() + vectorized() + cleanup() +
         statement_attributes(1) + via_macro + via_template(1);
}

} // namespace

__attribute__((weak)) int weak_fn() { return 1; }        // expected-error {{attribute 'weak' is not allowed}} expected-note {{allowed attributes}}

IU_KPROBE(__seccomp_filter, prog);
