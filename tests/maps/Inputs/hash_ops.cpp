// A hash map's operations, each result printed by one test run: a full map
// (-E2BIG, never a panic), noexist on a present key (-EEXIST), exist on an
// absent one (-ENOENT), erase, add on an absent key (false, nothing made),
// update_with and iu::atomic_add in place, lookup of present and absent keys.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(h, iu::hash_map<iu::u32, iu::u64, 4>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  for (iu::u32 k = 1; k <= 4; ++k)
    if (!h.update(k, k * 10))
      iu::trace_printk("update %u failed\n", k);
  iu::trace_printk("update 5 on a full map: %lld\n", h.update(5, 50).error());
  iu::trace_printk("noexist 1: %lld\n", h.update(1, 11, iu::noexist).error());
  iu::trace_printk("exist 9: %lld\n", h.update(9, 90, iu::exist).error());
  iu::trace_printk("exist 1: %lld\n", h.update(1, 11, iu::exist).error());
  bool erased = h.erase(2);
  bool again = h.erase(2);
  iu::trace_printk("erase 2: %d, again: %d\n", erased ? 1 : 0, again ? 1 : 0);
  iu::trace_printk("update 5 after erase: %lld\n", h.update(5, 50, iu::noexist).error());
  iu::trace_printk("add 7 (absent): %d\n", h.add(7, 1) ? 1 : 0);
  iu::trace_printk("add 1: %d\n", h.add(1, 5) ? 1 : 0);
  iu::trace_printk("lookup 2: %d\n", h.lookup(2).has_value() ? 1 : 0);
  iu::trace_printk("lookup 7: %d\n", h.lookup(7).has_value() ? 1 : 0);
  iu::trace_printk("lookup 1: %llu\n", h.lookup(1).value_or(0));
  bool with3 = h.update_with(3, [](iu::u64 &v) { v += 100; });
  bool with8 = h.update_with(8, [](iu::u64 &v) { v += 100; });
  iu::trace_printk("update_with 3: %d, 8: %d\n", with3 ? 1 : 0, with8 ? 1 : 0);
  h.update_with(4, [](iu::u64 &v) { iu::atomic_add(v, 2); });
  iu::trace_printk("lookup 3: %llu, 4: %llu\n", h.lookup(3).value_or(0), h.lookup(4).value_or(0));
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
