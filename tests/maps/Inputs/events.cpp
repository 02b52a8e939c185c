// An events channel: one record per output, delivered in order; a full
// buffer drops the record, counts it and output() returns false.
//
//   -DBURST=N  one invocation outputs N 64-byte records and prints how many
//              output() refused
#include <iu/iu.h>

IU_LICENSE("GPL");

#ifndef BURST
IU_MAP(seq, iu::events<iu::u64>);
IU_MAP(count, iu::array_map<iu::u64, 1>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  iu::u64 n = count.lookup(0).value_or(0);
  count.update(0, n + 3);
  iu::trace_printk("write %llu\n", n);
  for (iu::u64 i = 0; i < 3; ++i)
    seq.output(n + i);
  return 0;
}

} // namespace
#else
using record = iu::array<iu::u64, 8>;
IU_MAP(burst, iu::events<record>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  iu::u32 refused = 0;
  for (iu::u64 i = 0; i < BURST; ++i) {
    record r{};
    r[0] = i;
    if (!burst.output(r))
      ++refused;
  }
  iu::trace_printk("refused %u\n", refused);
  return 0;
}

} // namespace
#endif

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
