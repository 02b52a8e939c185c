// Ending an invocation early. A panic unwinds to the program's entry
// trampoline, which returns IU_PANIC_RETURN to the hook; the host reports
// the kind, message and source location and detaches the program.
#pragma once
#include <iu/abi.h>
#include <iu/types.h>

extern "C" {
// Defined in the runtime library linked into every image (runtime/src/panic.cpp).
[[noreturn]] void __iu_panic(iu_u32 kind, const char *file, iu_u32 line,
                             const char *msg);
}

namespace iu {

// Safe: records a bounded copy of the message, then unwinds; nothing after
// the call runs.
template <size_t N>
[[noreturn]] inline void panic(const char (&message)[N],
                               const char *file = __builtin_FILE(),
                               unsigned line = __builtin_LINE()) {
  __iu_panic(IU_PANIC_EXPLICIT, file, line, message);
}

} // namespace iu
