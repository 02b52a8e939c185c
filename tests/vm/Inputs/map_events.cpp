// Sends one event per write(2) of tasks named "dd" through an events
// channel, numbered by an array-map counter, so that user space can tell
// what it received, what was dropped (and counted), and that nothing else
// was lost.
#include <iu/iu.h>

#include "map_events.h"

IU_LICENSE("GPL");

IU_MAP(writes, iu::events<write_event>);
IU_MAP(sent, iu::array_map<iu::u64, 2>); // [0] events made, [1] outputs that failed

namespace {

int on_write(const iu::syscall_enter_ctx &ctx) {
  iu::comm_t comm = iu::current_comm();
  if (comm.chars[0] != 'd' || comm.chars[1] != 'd' || comm.chars[2] != 0)
    return 0;
  sent.add(0, 1);
  write_event e{};
  e.seq = sent.lookup(0).value_or(0);
  e.fd = static_cast<iu::u32>(ctx.arg(0));
  e.cpu = iu::smp_processor_id();
  e.len = ctx.arg(2);
  for (unsigned i = 0; i < 16; ++i)
    e.comm[i] = comm.chars[i];
  if (!writes.output(e))
    sent.add(1, 1);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
