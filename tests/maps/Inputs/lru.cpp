// An LRU hash of 3 entries: a full map evicts its least recently used
// entry instead of failing; a program's lookup, add and update_with use an
// entry.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(recent, iu::lru_hash<iu::u32, iu::u64, 3>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  recent.update(1, 10);
  recent.update(2, 20);
  recent.update(3, 30);
  recent.lookup(1); // 2 is now the least recently used
  iu::trace_printk("update 4 on a full map: %lld\n", recent.update(4, 40).error());
  iu::trace_printk("2 evicted: %d, 1 kept: %d\n", recent.lookup(2).has_value() ? 0 : 1,
                   recent.lookup(1).has_value() ? 1 : 0);
  recent.add(3, 1); // order of use, oldest first: 4, 1, 3
  iu::trace_printk("noexist 5 on a full map: %lld\n", recent.update(5, 50, iu::noexist).error());
  iu::trace_printk("4 evicted: %d\n", recent.lookup(4).has_value() ? 0 : 1);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
