// The other side of each shape in tests/cli/iucc-one-definition.test.
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

#if defined(STRUCT_LAYOUT)
struct S {
  iu::u64 a[8];
};
inline iu::u64 get(S &s, iu::u64 i) { return s.a[i]; }
#elif defined(INLINE_BODY)
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, 8> a{};
  return a[i];
}
#elif defined(TEMPLATE_BODY)
template <class T> T scale(T x) { return x * 3; }
inline iu::u64 use_scale(iu::u64 x) { return scale(x); }
#elif defined(ENUM)
enum class Mode : iu::u8 { off = 1, on };
#elif defined(INLINE_VARIABLE)
inline constexpr iu::u64 kSize = 8;
#elif defined(CLASS_TEMPLATE)
template <int N> struct Box {
  iu::u64 v[N + 1];
};
#elif defined(THROUGH_FUNCTION)
struct Rec {
  iu::u64 a[8];
};
iu::u64 total(const Rec &r) {
  iu::u64 t = 0;
  for (iu::u64 v : r.a)
    t += v;
  return t;
}
iu::u64 count(iu::u64 n) { return n; }
#elif defined(INTERNAL_CONSTANT)
constexpr int N = 8;
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, N> a{};
  return a[i];
}
#elif defined(MACRO_BODY)
#define LEN 8
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, LEN> a{};
  return a[i];
}
#elif defined(INTERNAL_LINKAGE)
static iu::u64 helper(iu::u64 x) { return x * 5; }
namespace {
struct Local {
  iu::u64 a[8];
};
iu::u64 local_get(Local &l, iu::u64 i) { return l.a[i] + 1; }
} // namespace
constexpr int M = 8;
static iu::u64 use_m() { return M; }
#endif

#if defined(SAME_TEXT) || defined(INTERNAL_LINKAGE)
inline iu::u64 same_text(iu::u64 x) { return x * 3 + kLimit; }
#endif

namespace {

int prog_b(const iu::syscall_tp_ctx &ctx) {
  iu::u64 n = static_cast<iu::u64>(ctx.nr());
  Shared sh{};
  Buf<4> b{};
  iu::u64 r = sh.sum() + b.get(n % 4) + twice(n) + pick(n);
#if defined(INTERNAL_LINKAGE)
  Local l{};
  r += helper(n) + local_get(l, n % 8) + use_m() + same_text(n);
#elif defined(SAME_TEXT)
  r += same_text(n);
#endif
  return static_cast<int>(r);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_read, prog_b);
