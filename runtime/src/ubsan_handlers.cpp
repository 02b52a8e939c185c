// Handlers for the run-time checks clang inserts (-fsanitize=... with
// -fno-sanitize-recover=all). Each ends the invocation through __iu_panic
// with the check's source location; none returns. Never ud2: an invalid
// opcode is an oops in the kernel. This file is built without sanitizers.
#include <iu/abi.h>

extern "C" [[noreturn]] void __iu_panic(iu_u32 kind, const char *file, iu_u32 line,
                                        const char *msg);

namespace {

// Every handler's data begins with clang's SourceLocation.
struct source_location {
  const char *file;
  iu_u32 line;
  iu_u32 column;
};

[[noreturn]] void fail(void *data, iu_u32 kind, const char *msg) {
  const auto *loc = static_cast<const source_location *>(data);
  __iu_panic(kind, loc ? loc->file : nullptr, loc ? loc->line : 0, msg);
}

} // namespace

#define IU_HANDLER(name, kind, msg, ...)                                                   \
  extern "C" [[noreturn]] void __ubsan_handle_##name(void *data, ##__VA_ARGS__) {          \
    fail(data, kind, msg);                                                                 \
  }

IU_HANDLER(add_overflow_abort, IU_PANIC_OVERFLOW, "signed integer overflow", iu_u64, iu_u64)
IU_HANDLER(sub_overflow_abort, IU_PANIC_OVERFLOW, "signed integer overflow", iu_u64, iu_u64)
IU_HANDLER(mul_overflow_abort, IU_PANIC_OVERFLOW, "signed integer overflow", iu_u64, iu_u64)
IU_HANDLER(negate_overflow_abort, IU_PANIC_OVERFLOW, "signed integer overflow", iu_u64)
IU_HANDLER(divrem_overflow_abort, IU_PANIC_DIV_ZERO, "division by zero or overflow", iu_u64,
           iu_u64)
IU_HANDLER(shift_out_of_bounds_abort, IU_PANIC_SHIFT, "shift out of bounds", iu_u64, iu_u64)
IU_HANDLER(out_of_bounds_abort, IU_PANIC_INDEX_OOB, "index out of bounds", iu_u64)
IU_HANDLER(load_invalid_value_abort, IU_PANIC_BOOL_ENUM, "invalid bool or enum value", iu_u64)
IU_HANDLER(invalid_builtin_abort, IU_PANIC_BUILTIN, "invalid builtin argument")
IU_HANDLER(builtin_unreachable, IU_PANIC_UNREACHABLE, "unreachable code reached")
IU_HANDLER(missing_return, IU_PANIC_MISSING_RETURN, "missing return value")
