// A value that may be absent: what helpers that can fail return instead of
// a status code plus an out-pointer.
#pragma once
#include <iu/panic.h>

namespace iu {

struct nullopt_t {
  explicit constexpr nullopt_t(int) {}
};
inline constexpr nullopt_t nullopt{0};

// Holds its value inline and only hands out copies, so no reference into it
// can outlive it or observe a later change.
template <class T> class optional {
public:
  constexpr optional() : has_(false), value_() {}
  constexpr optional(nullopt_t) : has_(false), value_() {}
  constexpr optional(const T &v) : has_(true), value_(v) {}

  constexpr bool has_value() const { return has_; }
  constexpr explicit operator bool() const { return has_; }

  // Panics (ends the invocation) when empty, like Rust's unwrap.
  constexpr T value(const char *file = __builtin_FILE(),
                    unsigned line = __builtin_LINE()) const {
    if (!has_)
      __iu_panic(IU_PANIC_EXPLICIT, file, line, "value() of an empty optional");
    return value_;
  }
  constexpr T value_or(const T &fallback) const {
    return has_ ? value_ : fallback;
  }

private:
  bool has_;
  T value_;
};

} // namespace iu
