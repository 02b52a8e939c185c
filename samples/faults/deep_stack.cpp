// deep_stack: a call chain whose frames together exceed the stack limit.
// Each level keeps an 8 KiB table live across its calls to the next one, so
// iu-cc refuses the image at compile time and names the deepest call chain:
//   program 'prog' needs N bytes of stack (limit 16384): prog (...) -> ...
// (The optimizer inlines some levels into others; the bound is computed on
// the code as generated.)
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

using table = iu::array<iu::u64, 1024>;

iu::u64 fill(table &t, iu::u64 seed) {
  for (iu::u64 i = 0; i < t.size(); ++i)
    t[i] = seed ^ (i * 0x9e3779b97f4a7c15ull);
  return t[seed % t.size()];
}

iu::u64 mix(const table &t, iu::u64 v) {
  iu::u64 s = 0;
  for (iu::u64 i = 0; i < t.size(); i += 7)
    s += t[i] ^ (v >> (i % 64));
  return s;
}

iu::u64 level5(iu::u64 seed) {
  table t{};
  iu::u64 v = fill(t, seed);
  return mix(t, v);
}

iu::u64 level4(iu::u64 seed) {
  table t{};
  iu::u64 v = fill(t, seed);
  if (v & 1)
    v = level5(v);
  else
    v = level5(v >> 1) ^ 3;
  return mix(t, v);
}

iu::u64 level3(iu::u64 seed) {
  table t{};
  iu::u64 v = fill(t, seed);
  if (v & 1)
    v = level4(v);
  else
    v = level4(v >> 1) ^ 3;
  return mix(t, v);
}

iu::u64 level2(iu::u64 seed) {
  table t{};
  iu::u64 v = fill(t, seed);
  if (v & 1)
    v = level3(v);
  else
    v = level3(v >> 1) ^ 3;
  return mix(t, v);
}

iu::u64 level1(iu::u64 seed) {
  table t{};
  iu::u64 v = fill(t, seed);
  if (v & 1)
    v = level2(v);
  else
    v = level2(v >> 1) ^ 3;
  return mix(t, v);
}

int prog(const iu::kprobe_ctx &ctx) { return static_cast<int>(level1(ctx.arg1()) & 1); }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
