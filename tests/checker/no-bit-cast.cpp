// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-bit-cast: no __builtin_bit_cast (std::bit_cast is not available).
#include <iu/iu.h>

namespace {

enum class Small : iu::u8 { A, B };

struct Word {
  iu::u32 w;
};

iu::u32 accepted(iu::u8 b0, iu::u8 b1) {
  return static_cast<iu::u32>(b0) | (static_cast<iu::u32>(b1) << 8); // OK: shifts
}

bool forge_bool(iu::u8 byte) {
  return __builtin_bit_cast(bool, byte);          // expected-error {{__builtin_bit_cast is not allowed in extensions [iu-no-bit-cast]}} expected-note {{static_cast and shifts}}
}

Small forge_enum(iu::u8 byte) {
  return __builtin_bit_cast(Small, byte);         // expected-error {{__builtin_bit_cast is not allowed}} expected-note {{static_cast and shifts}}
}

#define BITS(T, v) __builtin_bit_cast(T, v)
iu::u32 via_macro(Word w) { return BITS(iu::u32, w); } // expected-error {{__builtin_bit_cast is not allowed}} expected-note {{static_cast and shifts}}

template <class T, class U> T via_template(U u) { return __builtin_bit_cast(T, u); } // expected-error {{__builtin_bit_cast is not allowed}} expected-note {{static_cast and shifts}}

int prog(const iu::kprobe_ctx &) {
  return static_cast<int>(accepted(1, 2)) + forge_bool(2) + static_cast<int>(forge_enum(7)) +
         static_cast<int>(via_macro(Word{3}) + via_template<iu::u32>(Word{4}));
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
