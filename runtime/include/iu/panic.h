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
namespace detail {
// Diagnostic: a message that is not NUL-terminated within its array.
void panic_message_must_be_a_string_literal();

// A panic message: a string literal, or a constant char array that holds
// its terminator. consteval, so a run-time array (whose bytes after the
// last element would be copied until some NUL) is a compile-time error.
struct panic_message {
  const char *text;
  template <size_t N> consteval panic_message(const char (&s)[N]) : text(s) {
    bool terminated = false;
    for (size_t i = 0; i < N; ++i)
      terminated = terminated || s[i] == 0;
    if (!terminated)
      panic_message_must_be_a_string_literal();
  }
};
} // namespace detail

// Safe: the message is a NUL-terminated constant (checked at compile time);
// the runtime records a bounded copy of it, then unwinds; nothing after the
// call runs.
[[noreturn]] inline void panic(detail::panic_message message,
                               const char *file = __builtin_FILE(),
                               unsigned line = __builtin_LINE()) {
  __iu_panic(IU_PANIC_EXPLICIT, file, line, message.text);
}

} // namespace iu
