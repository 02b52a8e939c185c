#include "codegen_flags.h"

namespace iucc {

std::vector<std::string> frontend_flags() {
  return {
      "-target", "x86_64-linux-gnu", "-x", "c++", "-std=c++23",
      // Freestanding: no C or C++ library, only the runtime's headers.
      "-ffreestanding", "-fno-exceptions", "-fno-rtti", "-nostdinc", "-nostdinc++",
      // One image runs in the kernel and in user space.
      "-fPIE", "-fno-plt", "-fvisibility=hidden", "-mno-red-zone", "-mgeneral-regs-only",
      "-mcmodel=small", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
      "-fno-unwind-tables", "-fno-common",
      // No optimization may assume away a check or an endless loop.
      "-fno-strict-aliasing", "-fno-delete-null-pointer-checks", "-fwrapv", "-fno-finite-loops",
      "-ftrivial-auto-var-init=zero",
      // A trailing array member keeps its declared bound: otherwise clang
      // treats it as flexible and the array-bounds check skips it.
      "-fstrict-flex-arrays=3",
      // The kernel's control-flow and speculative-execution hardening.
      "-fcf-protection=branch", "-mretpoline-external-thunk", "-mfunction-return=thunk-extern",
      "-mindirect-branch-cs-prefix",
      // Static initialization only.
      "-Werror=global-constructors", "-Werror=exit-time-destructors",
      "-Werror=return-type",
  };
}

std::vector<std::string> check_flags() {
  return {
      "-fsanitize=signed-integer-overflow,integer-divide-by-zero,shift,bool,enum,"
      "array-bounds,return,unreachable,builtin",
      "-fno-sanitize-recover=all",
  };
}

std::vector<std::string> link_flags() {
  return {"-pie", "--no-dynamic-linker", "-z", "now", "-z", "relro", "-z", "noexecstack",
          "-z", "separate-code", "--hash-style=gnu", "-nostdlib", "--entry=0",
          "--no-undefined-version", "-z", "undefs", "--build-id=none"};
}

} // namespace iucc
