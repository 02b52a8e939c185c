// Shared by layout.cpp (the extension) and the skeleton compile test: map
// key, value and event types of every kind the layout records.
#pragma once

namespace demo {
using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s16 = __INT16_TYPE__;

enum class color : u8 { red = 1, green = 2 };
enum level : s16 { low = -1, high = 1 };

struct inner {
  u16 a;     // 6 bytes of padding after
  u64 b;
};

struct key {
  u32 pid;
  bool flag;   // 3 bytes of padding after
  inner in;
  u8 bytes[3];
  char comm[16];
  color c;
  level l;     // at 44
  inner pair[2];
};

struct base {
  u32 id;
};
struct derived : base {};

struct event {
  u64 ts;
  char comm[8];
  u32 v[4];
};
} // namespace demo

using count_t = demo::u64;
