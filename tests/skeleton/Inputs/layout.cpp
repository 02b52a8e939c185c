// Maps and configurations of every kind the layout records (layout.test),
// with layout_more.cpp.
#include <iu/iu.h>

#include "layout_maps.h"
#include "layout_shared.h"

IU_LICENSE("GPL");

IU_MAP(counts, iu::hash_map<demo::key, count_t, 128>);
IU_MAP(hist, iu::percpu_array<iu::u64, 64>);
IU_MAP(events, iu::events<demo::event>);
namespace ns {
IU_MAP(by_id, iu::lru_hash<demo::derived, demo::inner, 16>);
}
IU_MAP(arrays, iu::array_map<iu::array<iu::u32, 4>, 4>);
IU_CONFIG(iu::u32, target_pid, 0);
IU_CONFIG(bool, verbose, true);
IU_CONFIG(iu::s64, threshold, -5);
using comm_t = iu::array<char, 16>;
IU_CONFIG(comm_t, comm, "sh");
IU_CONFIG(demo::color, color, demo::color::green);

namespace {
int on_write(const iu::syscall_tp_ctx &ctx) {
  demo::key k{};
  k.pid = target_pid;
  counts.update(k, 1);
  hist.add(static_cast<iu::u32>(ctx.arg(2) & 63), 1);
  demo::event e{};
  e.ts = iu::ktime_get_ns();
  events.output(e);
  shared_events.output(e);
  return 0;
}
} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
