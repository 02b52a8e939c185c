// Counts write(2)s by file descriptor and size class, for the skeleton's
// end-to-end test (skeleton.test): which descriptor, the size that is
// "large" and a tag come from user space through the configuration.
#include <iu/iu.h>

#include "counter_shared.h"

IU_LICENSE("GPL");

IU_MAP(counts, iu::hash_map<counter::key, iu::u64, 64>);
IU_MAP(totals, iu::percpu_array<iu::u64, 1>);
IU_MAP(writes, iu::events<counter::event>);
IU_CONFIG(iu::u32, watch_fd, 2);
IU_CONFIG(iu::u64, large_from, 100);
using tag_t = iu::array<char, 6>;
IU_CONFIG(tag_t, tag, "");

namespace {
int on_write(const iu::syscall_tp_ctx &ctx) {
  iu::u32 fd = static_cast<iu::u32>(ctx.arg(0));
  iu::u64 size = ctx.arg(2);
  if (fd != watch_fd)
    return 0;
  counter::key k{};
  k.fd = fd;
  k.cls = size >= large_from ? counter::size_class::large : counter::size_class::small;
  tag_t t = tag;
  k.tagged = t[0] != 0;
  for (iu::u32 i = 0; i < 6; ++i)
    k.tag[i] = t[i];
  if (!counts.add(k, 1))
    counts.update(k, 1, iu::noexist);
  totals.add(0, 1);
  iu::optional<iu::u64> n = totals.lookup(0);
  counter::event e{};
  e.size = size;
  e.fd = fd;
  e.seq = static_cast<iu::u32>(n.value_or(0));
  writes.output(e);
  return 0;
}
} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
