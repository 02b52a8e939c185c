// An array map: every entry present and zero from the start, an index past
// the end absent (lookup) or -E2BIG (update), noexist always -EEXIST,
// entries never erased.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(a, iu::array_map<iu::u64, 4>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  iu::trace_printk("lookup 3: %d %llu\n", a.lookup(3).has_value() ? 1 : 0, a.lookup(3).value_or(7));
  iu::trace_printk("lookup 4: %d\n", a.lookup(4).has_value() ? 1 : 0);
  iu::trace_printk("update 4: %lld\n", a.update(4, 1).error());
  iu::trace_printk("noexist 0: %lld\n", a.update(0, 1, iu::noexist).error());
  iu::trace_printk("exist 0: %lld\n", a.update(0, 5, iu::exist).error());
  iu::trace_printk("erase 0: %d\n", a.erase(0) ? 1 : 0);
  iu::trace_printk("add 1: %d, add 4: %d\n", a.add(1, 2) ? 1 : 0, a.add(4, 2) ? 1 : 0);
  a.update_with(2, [](iu::u64 &v) { iu::atomic_add(v, 3); });
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
