// Bit arithmetic histogram programs use (libbpf-tools' bits.bpf.h).
#pragma once
#include <iu/types.h>

namespace iu {

// The floor of v's base-2 logarithm, 0 for 0 and 1: a log2 histogram's
// slot. Branch-free, as the eBPF originals write it.
constexpr unsigned int log2(u32 v) {
  unsigned int r = static_cast<unsigned int>(v > 0xFFFF) << 4;
  v >>= r;
  unsigned int shift = static_cast<unsigned int>(v > 0xFF) << 3;
  v >>= shift;
  r |= shift;
  shift = static_cast<unsigned int>(v > 0xF) << 2;
  v >>= shift;
  r |= shift;
  shift = static_cast<unsigned int>(v > 0x3) << 1;
  v >>= shift;
  r |= shift;
  r |= (v >> 1);
  return r;
}

// The same for 64 bits.
constexpr unsigned int log2l(u64 v) {
  u32 hi = static_cast<u32>(v >> 32);
  return hi ? log2(hi) + 32 : log2(static_cast<u32>(v));
}

static_assert(log2(0) == 0 && log2(1) == 0 && log2(2) == 1 && log2(0xFFFFFFFFu) == 31);
static_assert(log2l(1ull << 32) == 32 && log2l(~0ull) == 63 && log2l(1000) == 9);

} // namespace iu
