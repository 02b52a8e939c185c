// How programs' output and reports read, the same for every backend and for
// test runs: trace_printk lines in the kernel's trace_pipe layout, panic
// and termination reports.
#pragma once
#include <cstdint>
#include <string>

namespace iu {

// "              dd-1234    [000] ....  12.345678: bpf_trace_printk: "
std::string trace_line_prefix(const std::string &comm, int pid, unsigned cpu, uint64_t ns);

// The name of enum iu_panic_kind: "fuel exhausted", "index out of bounds"...
const char *panic_kind_name(uint32_t kind);

// "panicked: KIND (MESSAGE) at FILE:LINE", or "terminated: " for fuel
// (status is enum iu_run_status). The message is left out when empty or the
// kind's name, the location when unknown.
std::string panic_report(uint32_t status, uint32_t kind, const std::string &message,
                         const std::string &where);

// Writes all of s to fd, retrying interrupted and short writes; false if
// the fd fails.
bool write_all(int fd, const std::string &s);

// The line an attached run prints on its report fd:
// "iu-load: program 'NAME' REPORT; detached\n" (or "; kept attached").
std::string program_report_line(const std::string &program, const std::string &report,
                                bool detached);

} // namespace iu
