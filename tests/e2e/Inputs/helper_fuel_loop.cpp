// A loop that only ends when the fuel does, printing a line of about 150
// bytes at each iteration: a line costs iu_fuel_cost(150) = 10 units
// besides the back-edge, so a 1000-unit budget prints about 90 lines, not
// 1000.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int tick_forever(const iu::kprobe_ctx &ctx) {
  iu::u64 nr = ctx.arg1();
  iu::u64 n = 0;
  while (nr != ~0ull) {
    iu::trace_printk("tick %llu: ......................................................................"
                     "......................................................................\n",
                     n);
    n = n + 1;
  }
  return static_cast<int>(n);
}

} // namespace

IU_KPROBE(__seccomp_filter, tick_forever);
