// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-unions: no union types, named, anonymous or reached through an alias.
#include <iu/iu.h>

namespace {

struct Tagged {                                   // OK: a struct with a tag
  enum class Kind : iu::u8 { Number, Letter } kind;
  int number;
  char letter;
};

union Bits {                                      // expected-error {{unions are not allowed in extensions [iu-no-unions]}} expected-note {{struct with one member per alternative}}
  iu::u32 word;
  iu::u8 bytes[4];
};

struct WithAnonymous {
  union {                                         // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}
    int i;
    char c;
  };
};

template <class A, class B> union Either {        // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}
  A a;
  B b;
};

using Alias = Bits;                               // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}

int use() {
  Tagged t{Tagged::Kind::Number, 1, 'a'};
  Alias a{};                                      // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}
  Either<int, char> e{};                          // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}
  auto copy = e;                                  // expected-error {{unions are not allowed}} expected-note {{struct with one member per alternative}}
  return t.number + static_cast<int>(a.word) + copy.a;
}

int prog(const iu::kprobe_ctx &) { return use(); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
