// Load-time configuration of every kind: printed by one test run, so the
// values iu-load --set wrote (or the defaults) can be checked.
#include <iu/iu.h>

IU_LICENSE("GPL");

using name_t = iu::array<char, 8>;

IU_CONFIG(iu::u32, target_pid, 0);
IU_CONFIG(iu::s16, offset, -5);
IU_CONFIG(iu::u8, small, 200);
IU_CONFIG(iu::s64, big, 0);
IU_CONFIG(iu::u64, mask, 0xff);
IU_CONFIG(bool, verbose, false);
IU_CONFIG(name_t, name, "def");

namespace {

int prog(const iu::syscall_tp_ctx &) {
  const name_t n = name;
  iu::comm_t s{};
  for (iu::u32 i = 0; i < n.size(); ++i)
    s.chars[i] = n[i];
  // A config reads as a const value: in initializers, arithmetic and
  // conditions.
  iu::u32 pid = target_pid;
  iu::s16 off = offset;
  iu::u8 sm = small;
  iu::s64 b = big;
  iu::u64 m = mask + 0;
  iu::trace_printk("target_pid=%u offset=%d small=%u big=%lld mask=0x%llx verbose=%d name='%s'\n",
                   pid, off, sm, b, m, verbose ? 1 : 0, s);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
