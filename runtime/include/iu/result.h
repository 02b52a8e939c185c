// The outcome of an operation that can fail with a reason: true on success,
// else error() is the negative errno (as a BPF helper returns it).
#pragma once
#include <iu/types.h>

namespace iu {

class result {
public:
  constexpr result() : err_(0) {}
  // From a helper's return value: 0 or a negative errno.
  constexpr explicit result(s64 err) : err_(err < 0 ? err : 0) {}

  constexpr explicit operator bool() const { return err_ == 0; }
  constexpr bool ok() const { return err_ == 0; }
  // 0 on success, else the negative errno (-EEXIST, -ENOENT, -E2BIG, ...).
  constexpr s64 error() const { return err_; }

private:
  s64 err_;
};

} // namespace iu
