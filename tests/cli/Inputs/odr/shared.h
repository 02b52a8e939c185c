// Definitions that header_a.cpp and header_b.cpp both include (see
// ../../iucc-one-definition-header.test): the same entities, defined once.
#pragma once
#include <iu/iu.h>

struct Shared {
  iu::u64 a[4];
  iu::u64 sum() const {
    iu::u64 t = 0;
    for (iu::u64 v : a)
      t += v;
    return t;
  }
};

enum class Color : iu::u8 { red, green };

inline constexpr iu::u64 kLimit = 16;

template <int N> struct Buf {
  iu::array<iu::u64, N> v{};
  iu::u64 get(iu::u64 i) const { return v[i]; }
};

template <class T> T twice(T x) { return x + x; }

template <class T>
concept Small = sizeof(T) <= 8;

inline iu::u64 pick(iu::u64 i) {
  iu::array<iu::u64, 4> a{};
  auto add = [i](iu::u64 y) { return i + y; };
  return add(a[i % 4]);
}

// A header whose definition depends on a macro the including file sets.
#ifdef CFG_LEN
struct Cfg {
  iu::u64 v[CFG_LEN];
};
#endif
