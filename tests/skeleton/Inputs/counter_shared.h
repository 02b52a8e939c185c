// Shared by the extension counter.cpp and its user-space program
// counter_user.cpp: what both sides agree on. Plain types only (the
// compiler's own fixed-width types), so GCC and Clang read it alike.
#pragma once

namespace counter {
using u8 = __UINT8_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;

enum class size_class : u8 { small = 1, large = 2 };

struct key {
  u32 fd;
  size_class cls;
  bool tagged;       // padding after
  char tag[6];
};

struct event {
  u64 size;
  u32 fd;
  u32 seq;
};
} // namespace counter
