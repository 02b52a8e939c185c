// One side of each shape in tests/cli/iucc-one-definition.test (the other
// is b.cpp): -DSHAPE selects it.
#include <iu/iu.h>

// The same definitions in both files (written out in each, as a header
// would bring them): accepted.
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

IU_LICENSE("GPL");

#if defined(STRUCT_LAYOUT)
struct S {
  iu::u64 a[2];
};
inline iu::u64 get(S &s, iu::u64 i) { return s.a[i]; }
#elif defined(INLINE_BODY)
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, 2> a{};
  return a[i];
}
#elif defined(TEMPLATE_BODY)
template <class T> T scale(T x) { return x * 2; }
inline iu::u64 use_scale(iu::u64 x) { return scale(x); }
#elif defined(ENUM)
enum class Mode : iu::u8 { off, on };
#elif defined(INLINE_VARIABLE)
inline constexpr iu::u64 kSize = 2;
#elif defined(CLASS_TEMPLATE)
template <int N> struct Box {
  iu::u64 v[N];
};
#elif defined(THROUGH_FUNCTION)
// Rec is defined here and in b.cpp, which also defines total() (not inline).
struct Rec {
  iu::u64 a[2];
};
iu::u64 total(const Rec &r);
iu::u32 count(iu::u64 n);
#elif defined(INTERNAL_CONSTANT)
// N has internal linkage (a namespace-scope constexpr): get's text is the
// same in both files, its meaning is not.
constexpr int N = 2;
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, N> a{};
  return a[i];
}
#elif defined(MACRO_BODY)
#define LEN 2
inline iu::u64 get(iu::u64 i) {
  iu::array<iu::u64, LEN> a{};
  return a[i];
}
#elif defined(INTERNAL_LINKAGE)
// Accepted: internal linkage makes these different entities in each file.
static iu::u64 helper(iu::u64 x) { return x + 1; }
namespace {
struct Local {
  iu::u64 a[2];
};
iu::u64 local_get(Local &l, iu::u64 i) { return l.a[i]; }
} // namespace
constexpr int M = 2;
static iu::u64 use_m() { return M; }
#endif

#if defined(SAME_TEXT) || defined(INTERNAL_LINKAGE)
// Accepted: the same definition, written out in both files.
inline iu::u64 same_text(iu::u64 x) { return x * 3 + kLimit; }
#endif

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::u64 n = static_cast<iu::u64>(ctx.nr());
  Shared sh{};
  Buf<4> b{};
  static_assert(Small<Shared> == false);
  iu::u64 r = sh.sum() + b.get(n % 4) + twice(n) + pick(n) + (Color::red == Color::green);
#if defined(INTERNAL_LINKAGE)
  Local l{};
  r += helper(n) + local_get(l, n % 2) + use_m() + same_text(n);
#elif defined(SAME_TEXT)
  r += same_text(n);
#endif
  return static_cast<int>(r);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
