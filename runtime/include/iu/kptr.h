// Kernel addresses. Extensions have no pointers: a kernel address is an
// opaque integer that only iu::probe_read_kernel can follow, through a
// fault-safe copy. It can be compared, offset and printed, never dereferenced.
#pragma once
#include <iu/types.h>

namespace iu {

template <class T> class kptr {
public:
  using element_type = T;

  constexpr kptr() : addr_(0) {}
  constexpr explicit kptr(u64 addr) : addr_(addr) {}

  constexpr u64 addr() const { return addr_; }
  constexpr bool is_null() const { return addr_ == 0; }
  constexpr explicit operator bool() const { return addr_ != 0; }

  // The address of element i of an array starting here (wrapping, like the
  // kernel's pointer arithmetic; validity is checked only when read).
  constexpr kptr at(u64 i) const { return kptr(addr_ + i * sizeof(T)); }

  // Reinterpreting an address as a different type is allowed: reading
  // through it copies bytes into a T whose every bit pattern is valid.
  template <class U> constexpr kptr<U> as() const { return kptr<U>(addr_); }

  friend constexpr bool operator==(kptr a, kptr b) { return a.addr_ == b.addr_; }

private:
  u64 addr_;
};

} // namespace iu
