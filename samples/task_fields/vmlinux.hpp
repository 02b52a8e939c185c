// Kernel types for iu::read (docs/kernel-types.md), in the form iu-btf
// generates: the members of task_struct the sample reads. No layout: the
// loader finds each member's offset in the running kernel's BTF.
#pragma once
#include <iu/core.h>

namespace vmlinux {
struct task_struct;

struct task_struct : ::iu::kernel_struct {
  static constexpr ::iu::field<task_struct, "task_struct.pid", ::iu::s32> pid{};
  static constexpr ::iu::field<task_struct, "task_struct.tgid", ::iu::s32> tgid{};
  static constexpr ::iu::field<task_struct, "task_struct.real_parent", ::iu::kptr<task_struct>>
      real_parent{};
  static constexpr ::iu::field<task_struct, "task_struct.comm", ::iu::array<char, 16>> comm{};
  static constexpr ::iu::field<task_struct, "task_struct.exit_code", ::iu::s32> exit_code{};
  static constexpr ::iu::field<task_struct, "task_struct.start_time", ::iu::u64> start_time{};
};
} // namespace vmlinux
