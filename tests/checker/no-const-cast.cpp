// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-const-cast: what is const stays const.
#include <iu/iu.h>

namespace {

struct Config {
  int limit;
};

int accepted(const Config &c) {
  Config copy = c;                               // OK: change a copy
  copy.limit += 1;
  return copy.limit;
}

int cast_away(const Config &c) {
  const_cast<Config &>(c).limit = 0;             // expected-error {{const_cast is not allowed in extensions [iu-no-const-cast]}} expected-note {{copy the value into a non-const local}}
  return c.limit;
}

int c_style(const Config &c) {
  ((Config &)c).limit = 0;                       // expected-error {{this cast is not allowed in extensions}} expected-note {{static_cast<T>(x) between integer types}}
  return c.limit;
}

template <class T> void clear(const T &t) { const_cast<T &>(t) = T{}; } // expected-error {{const_cast is not allowed}} expected-note {{copy the value into a non-const local}}

int prog(const iu::kprobe_ctx &) {
  Config c{3};
  clear(c);
  return accepted(c) + cast_away(c) + c_style(c);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
