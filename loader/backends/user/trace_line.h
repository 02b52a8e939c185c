// trace_pipe's line format, so user-backend output reads like the kernel's.
#pragma once
#include <cstdint>
#include <string>

namespace iu::user {

// "              dd-1234    [000] ....  12.345678: bpf_trace_printk: "
std::string trace_line_prefix(const std::string &comm, int pid, unsigned cpu, uint64_t ns);

} // namespace iu::user
