// Helpers cost fuel for the bytes they copy (abi.h iu_fuel_cost). Built
// with -O0 so nothing is inlined: the helper calls are straight-line code
// in a function without loops, and spin()'s loop then starts from the fuel
// the helpers left.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

struct blob {
  // 240 bytes: iu_fuel_cost(240) = 16 units a read. Copies of up to 256
  // bytes (an iu::optional<blob> is 248) cost no fuel of their own, so the
  // helpers are all that is charged beyond the loop and the calls.
  iu::u64 words[30];
};

iu::u64 spin(iu::u64 n, iu::u64 seed) {
  iu::u64 x = seed;
  for (iu::u64 i = 0; i < n; ++i)
    x = x * 6364136223846793005ull + i;
  return x;
}

iu::u64 read_four(iu::u64 addr) {
  iu::kptr<blob> p(addr);
  iu::u64 failed = 0;
  failed += iu::probe_read_kernel(p) ? 0 : 1;
  failed += iu::probe_read_kernel(p.at(1)) ? 0 : 1;
  failed += iu::probe_read_kernel(p.at(2)) ? 0 : 1;
  failed += iu::probe_read_kernel(p.at(3)) ? 0 : 1;
  return failed;
}

// 20 reads cost 320 units; with --fuel 1000 the 900 back-edges of spin()
// then run out, which they would not if the reads were free.
int reads_then_spin(const iu::kprobe_ctx &ctx) {
  iu::u64 failed = 0;
  failed += read_four(ctx.arg2());
  failed += read_four(ctx.arg2());
  failed += read_four(ctx.arg2());
  failed += read_four(ctx.arg2());
  failed += read_four(ctx.arg2());
  return static_cast<int>(spin(900, failed));
}

} // namespace

IU_KPROBE(__seccomp_filter, reads_then_spin);
