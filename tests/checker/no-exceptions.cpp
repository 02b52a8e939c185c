// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-exceptions: no throw, try or catch (also refused by -fno-exceptions).
#include <iu/iu.h>

namespace {

iu::optional<int> parse(int raw) {                // OK: failure as a value
  if (raw < 0)
    return iu::nullopt;
  return raw;
}

int thrower(int n) {
  if (n < 0)
    throw n;                                      // expected-error {{exceptions are not allowed in extensions [iu-no-exceptions]}} expected-note {{iu::optional<T>}} expected-error {{cannot use 'throw' with exceptions disabled}}
  return n;
}

int catcher(int n) {
  try {                                           // expected-error {{exceptions are not allowed}} expected-note {{iu::optional<T>}} expected-error {{cannot use 'try' with exceptions disabled}}
    return thrower(n);
  } catch (int e) {                               // expected-error {{exceptions are not allowed}} expected-note {{iu::optional<T>}}
    return e;
  }
}

int prog(const iu::kprobe_ctx &) { return parse(1).value_or(0) + catcher(2); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
