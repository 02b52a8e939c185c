#include "output_format.h"

#include <cerrno>
#include <cstdio>
#include <unistd.h>

#include <iu/abi.h>

namespace iu {

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

const char *panic_kind_name(uint32_t kind) {
  switch (kind) {
  case IU_PANIC_EXPLICIT:
    return "panic";
  case IU_PANIC_FUEL:
    return "fuel exhausted";
  case IU_PANIC_INDEX_OOB:
    return "index out of bounds";
  case IU_PANIC_DIV_ZERO:
    return "division by zero";
  case IU_PANIC_OVERFLOW:
    return "integer overflow";
  case IU_PANIC_SHIFT:
    return "shift out of bounds";
  case IU_PANIC_BOOL_ENUM:
    return "invalid bool or enum value";
  case IU_PANIC_UNREACHABLE:
    return "unreachable code";
  case IU_PANIC_MISSING_RETURN:
    return "missing return";
  case IU_PANIC_BUILTIN:
    return "invalid builtin argument";
  default:
    return "unknown fault";
  }
}

std::string panic_report(uint32_t status, uint32_t kind, const std::string &message,
                         const std::string &where) {
  const char *name = panic_kind_name(kind);
  std::string text = status == IU_RUN_FUEL ? "terminated: " : "panicked: ";
  text += name;
  if (!message.empty() && message != name)
    text += " (" + message + ")";
  if (!where.empty())
    text += " at " + where;
  return text;
}

std::string program_report_line(const std::string &program, const std::string &report,
                                bool detached) {
  return "iu-load: program '" + program + "' " + report +
         (detached ? "; detached\n" : "; kept attached\n");
}

bool write_all(int fd, const std::string &s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

} // namespace iu
