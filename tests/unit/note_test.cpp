// The note iu-cc assembles has the layout abi.h defines.
#include <algorithm>
#include <gtest/gtest.h>

#include "note.h"

TEST(Note, AssemblyHasHeaderAndEveryByte) {
  iu_note_meta meta{};
  meta.abi_version = IU_ABI_VERSION;
  meta.fuel_budget = 0x0102030405060708ull;
  std::string s = iucc::note_assembly(meta);
  EXPECT_NE(s.find(".section .note.iu,\"a\",@note"), std::string::npos);
  EXPECT_NE(s.find(".long 3\n"), std::string::npos); // "iu\0"
  EXPECT_NE(s.find(".long " + std::to_string(sizeof(iu_note_meta)) + "\n"), std::string::npos);
  // Count the values on the .byte lines: exactly one per byte of meta.
  size_t values = 0;
  for (size_t p = 0; (p = s.find(".byte ", p)) != std::string::npos;) {
    size_t end = s.find('\n', p);
    std::string line = s.substr(p, end - p);
    values += 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ','));
    p = end;
  }
  EXPECT_EQ(values, sizeof(iu_note_meta));
}
