#include "trace_line.h"

#include <cstdio>

namespace iu::user {

// The kernel's print_trace_header (kernel/trace/trace_output.c):
// "%16s-%-7d [%03d] <flags> %5lu.%06lu: " followed by the event name.
std::string trace_line_prefix(const std::string &comm, int pid, unsigned cpu, uint64_t ns) {
  char buf[128];
  unsigned long secs = static_cast<unsigned long>(ns / 1000000000ull);
  unsigned long usecs = static_cast<unsigned long>((ns % 1000000000ull) / 1000ull);
  snprintf(buf, sizeof(buf), "%16s-%-7d [%03u] .... %5lu.%06lu: bpf_trace_printk: ", comm.c_str(),
           pid, cpu, secs, usecs);
  return buf;
}

} // namespace iu::user
