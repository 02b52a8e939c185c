// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-packed: no packed structs (misaligned members).
#include <iu/iu.h>

namespace {

struct Natural {                                  // OK: natural alignment
  iu::u64 a;
  iu::u32 b;
  iu::u8 c;
  iu::u8 pad[3];
};

struct __attribute__((packed)) Packed {           // expected-error {{packed structs are not allowed in extensions [iu-no-packed]}} expected-note {{largest to smallest}}
  iu::u8 a;
  iu::u64 b;
};

struct [[gnu::packed]] Packed2 {                  // expected-error {{packed structs are not allowed}} expected-note {{largest to smallest}}
  iu::u8 a;
  iu::u32 b;
};

struct Member {
  iu::u8 a;
  [[gnu::packed]] iu::u64 b;                      // expected-error {{packed structs are not allowed}} expected-note {{largest to smallest}}
};

#define PACKED __attribute__((packed))
struct PACKED ViaMacro {                          // expected-error {{packed structs are not allowed}} expected-note {{largest to smallest}}
  iu::u8 a;
  iu::u16 b;
};

int prog(const iu::kprobe_ctx &) {
  Natural n{};
  Packed p{};
  Packed2 p2{};
  Member m{};
  ViaMacro v{};
  return static_cast<int>(n.a + p.b + p2.b + m.b + v.b);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
