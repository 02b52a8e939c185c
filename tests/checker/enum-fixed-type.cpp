// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-enum-fixed-type: enums need a fixed underlying type.
#include <iu/iu.h>

namespace {

enum Fixed : iu::u32 { A, B };                    // OK
enum class Scoped { C, D };                       // OK: scoped enums are fixed (int)
enum class Byte : iu::u8 { E };                   // OK

enum Plain { F, G };                              // expected-error {{enums need a fixed underlying type [iu-enum-fixed-type]}} expected-note {{enum E : iu::u32}}

struct Holder {
  enum Inner { H };                               // expected-error {{enums need a fixed underlying type}} expected-note {{enum class E}}
  enum : iu::u8 { I };                            // OK
};

template <class T> struct InTemplate {
  enum Member { J };                              // expected-error {{enums need a fixed underlying type}} expected-note {{enum class E}}
};

#define ENUM(name) enum name { K }
ENUM(ViaMacro);                                   // expected-error {{enums need a fixed underlying type}} expected-note {{enum class E}}

int prog(const iu::kprobe_ctx &) {
  return A + static_cast<int>(Scoped::D) + static_cast<int>(Byte::E) + F + Holder::H + Holder::I +
         InTemplate<int>::J + K;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
