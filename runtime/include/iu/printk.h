// trace_printk: bpf_trace_printk's job with a format checked at compile time
// against the argument types (no C varargs). Formatting happens inside the
// image into a bounded stack buffer; the host helper only copies the bytes.
#pragma once
#include <iu/abi.h>
#include <iu/helpers.h>
#include <iu/types.h>

namespace iu {
namespace detail {

enum class arg_class : u8 { int32, int64, character, string, pointer };

struct printk_arg {
  u64 value;         // integers, characters, addresses
  const char *str;   // %s: the bytes of a char array or comm_t
  u32 str_len;       // %s: their bound (stops earlier at a NUL)
  arg_class cls;
};

template <class T> inline constexpr bool is_char_array_v = false;
template <size_t N> inline constexpr bool is_char_array_v<array<char, N>> = true;

// What each argument type is, for the compile-time check.
template <class T> consteval arg_class class_of() {
  using U = remove_cvref_t<T>;
  if constexpr (is_same_v<U, char>)
    return arg_class::character;
  else if constexpr (is_same_v<U, comm_t> || is_char_array_v<U>)
    return arg_class::string;
  else if constexpr (__is_array(U))
    return arg_class::string;
  else if constexpr (is_integral_v<U> && !is_same_v<U, bool> && sizeof(U) <= 4)
    return arg_class::int32;
  else if constexpr (is_integral_v<U> && !is_same_v<U, bool> && sizeof(U) == 8)
    return arg_class::int64;
  else
    return arg_class::pointer; // kptr<T>, uptr<T>; anything else is rejected below
}
template <class T> inline constexpr bool is_kptr_v = false;
template <class T> inline constexpr bool is_kptr_v<kptr<T>> = true;
template <class T> inline constexpr bool is_kptr_v<uptr<T>> = true;
template <class T> consteval bool printable() {
  using U = remove_cvref_t<T>;
  return (is_integral_v<U> && !is_same_v<U, bool>) || is_same_v<U, comm_t> ||
         is_char_array_v<U> || is_kptr_v<U> || (__is_array(U) && is_same_v<__remove_extent(U), char>);
}

// Diagnostics: a failed check calls one of these non-constexpr functions in
// a constant evaluation, so the compiler's error names the problem.
void trace_printk_error_too_few_arguments();
void trace_printk_error_too_many_arguments();
void trace_printk_error_argument_type_does_not_match_conversion();
void trace_printk_error_unsupported_conversion();
void trace_printk_error_format_too_long();

// Conversions: %d %i %u %x %X %c %s %p %%, with l/ll for 64-bit integers.
// A conversion says the size of the argument; signedness is the
// conversion's (as in C, printing an unsigned with %d is allowed).
consteval void check_format(const char *f, u32 len, const arg_class *classes, u32 n) {
  if (len >= IU_TRACE_PRINTK_MAX)
    trace_printk_error_format_too_long();
  u32 arg = 0;
  for (u32 i = 0; i < len; ++i) {
    if (f[i] != '%')
      continue;
    ++i;
    if (i < len && f[i] == '%')
      continue;
    u32 longs = 0;
    while (i < len && f[i] == 'l') {
      ++longs;
      ++i;
    }
    if (i >= len || longs > 2)
      trace_printk_error_unsupported_conversion();
    char c = f[i];
    arg_class want;
    if (c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X')
      want = longs ? arg_class::int64 : arg_class::int32;
    else if (c == 'c' && !longs)
      want = arg_class::character;
    else if (c == 's' && !longs)
      want = arg_class::string;
    else if (c == 'p' && !longs)
      want = arg_class::pointer;
    else {
      trace_printk_error_unsupported_conversion();
      return;
    }
    if (arg >= n)
      trace_printk_error_too_few_arguments();
    arg_class have = classes[arg++];
    // %p also takes a 64-bit integer holding an address, as in tracex5.
    bool ok = have == want || (want == arg_class::pointer && have == arg_class::int64);
    if (!ok)
      trace_printk_error_argument_type_does_not_match_conversion();
  }
  if (arg != n)
    trace_printk_error_too_many_arguments();
}

template <class... Args> struct format_string {
  const char *str;
  u32 len;
  template <u32 N>
  consteval format_string(const char (&s)[N]) : str(s), len(N - 1) {
    static_assert((printable<Args>() && ...),
                  "trace_printk: arguments must be integers, char, kptr, uptr, char arrays or comm_t");
    constexpr arg_class classes[sizeof...(Args) + 1] = {class_of<Args>()..., arg_class::int32};
    check_format(s, N - 1, classes, sizeof...(Args));
  }
};

template <class T> printk_arg make_arg(const T &v) {
  using U = remove_cvref_t<T>;
  if constexpr (is_same_v<U, comm_t>)
    return {0, v.chars, sizeof(v.chars), arg_class::string};
  else if constexpr (is_char_array_v<U>)
    return {0, v.__iu_elems, static_cast<u32>(U::size()), arg_class::string};
  else if constexpr (__is_array(U))
    return {0, v, sizeof(U), arg_class::string};
  else if constexpr (is_kptr_v<U>)
    return {v.addr(), nullptr, 0, arg_class::pointer};
  else if constexpr (is_same_v<U, char>)
    return {static_cast<u64>(static_cast<u8>(v)), nullptr, 0, arg_class::character};
  else if constexpr (is_signed_v<U>)
    return {static_cast<u64>(static_cast<s64>(v)), nullptr, 0, class_of<U>()};
  else
    return {static_cast<u64>(v), nullptr, 0, class_of<U>()};
}

} // namespace detail
} // namespace iu

extern "C" {
// Formats into out (at most cap bytes, always NUL-terminated), returns the
// length. Defined in runtime/src/format.cpp; trusts the format, which was
// checked at compile time.
iu_u32 __iu_format(char *out, iu_u32 cap, const char *fmt, iu_u32 fmt_len,
                   const iu::detail::printk_arg *args, iu_u32 nargs);
// Formats into a line buffer of its own and emits it through the
// iu_trace_printk helper; returns what the helper returns.
iu_s64 __iu_trace_printk(const char *fmt, iu_u32 fmt_len, const iu::detail::printk_arg *args,
                         iu_u32 nargs);
}

namespace iu {

// Formats like bpf_trace_printk and emits one trace line. Output longer
// than IU_TRACE_PRINTK_MAX - 1 bytes is truncated. Safe: the helper copies
// len bytes out of our buffer. Returns the bytes written or a negative errno.
template <class... Args>
inline s64 trace_printk(detail::format_string<type_identity_t<Args>...> fmt, const Args &...args) {
  const detail::printk_arg packed[sizeof...(Args) + 1] = {detail::make_arg(args)...,
                                                          {0, nullptr, 0, detail::arg_class::int32}};
  return __iu_trace_printk(fmt.str, fmt.len, packed, sizeof...(Args));
}

} // namespace iu
