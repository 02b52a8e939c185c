// User-space addresses. Extensions have no pointers: an address in the
// current task's user memory is an opaque integer that only
// iu::probe_read_user and iu::probe_read_user_str can follow, through a
// fault-safe copy from that task's memory. It can be compared, offset and
// printed, never dereferenced: the memory belongs to another program, may
// be unmapped or change under the reader, and on the user backend is not
// even in the same address space as the extension.
#pragma once
#include <iu/types.h>

namespace iu {

template <class T> class uptr {
public:
  constexpr uptr() : addr_(0) {}
  constexpr explicit uptr(u64 addr) : addr_(addr) {}

  constexpr u64 addr() const { return addr_; }
  constexpr bool is_null() const { return addr_ == 0; }
  constexpr explicit operator bool() const { return addr_ != 0; }

  // The address of element i of an array starting here (wrapping; validity
  // is checked only when read).
  constexpr uptr at(u64 i) const { return uptr(addr_ + i * sizeof(T)); }

  // Reinterpreting an address as a different type is allowed: reading
  // through it copies bytes into a U whose every bit pattern is valid.
  template <class U> constexpr uptr<U> as() const { return uptr<U>(addr_); }

  friend constexpr bool operator==(uptr a, uptr b) { return a.addr_ == b.addr_; }

private:
  u64 addr_;
};

} // namespace iu
