// The user backend's trace_pipe prefix matches the kernel's layout.
#include <gtest/gtest.h>

#include "output_format.h"

TEST(TraceLine, KernelLayout) {
  EXPECT_EQ(iu::trace_line_prefix("dd", 1234, 0, 12345678000ull),
            "              dd-1234    [000] ....    12.345678: bpf_trace_printk: ");
}

TEST(TraceLine, LongCommAndBigNumbers) {
  EXPECT_EQ(iu::trace_line_prefix("a-very-long-comm", 4194304, 127, 123456789123456789ull),
            "a-very-long-comm-4194304 [127] .... 123456789.123456: bpf_trace_printk: ");
}
