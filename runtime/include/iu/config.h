// Load-time configuration: read-only globals that user space sets before
// the program runs (libbpf's `const volatile` rodata, done safely).
//
//   IU_CONFIG(iu::u32, target_pid, 0);
//   if (iu::current_tgid() != target_pid) return 0;
//
//   iu-load --set target_pid=42 prog.iu
//
// A config reads as a const T value; writing it is a compile-time error
// (no assignment operator, the storage is runtime-internal).
// Each one is a record of section ".iu.config" (abi.h): a header naming it,
// then its value, which the host may replace before the image runs and
// makes read-only afterwards (with the rest of RELRO).
#pragma once
#include <iu/abi.h>
#include <iu/array.h>
#include <iu/types.h>

namespace iu {
namespace detail {

template <class T> struct config_kind {
  static constexpr u32 value = is_same_v<T, bool>  ? IU_CONFIG_BOOL
                               : is_integral_v<T> ? (is_signed_v<T> ? IU_CONFIG_INT : IU_CONFIG_UINT)
                                                  : IU_CONFIG_BYTES;
};
template <size_t N> struct config_kind<array<char, N>> {
  static constexpr u32 value = IU_CONFIG_CHARS;
};

// How the value is stored: bool as a byte, so any byte user space writes
// reads as a valid bool (!= 0).
template <class T> struct config_storage { using type = T; };
template <> struct config_storage<bool> { using type = u8; };

struct config_header {
  u32 magic, kind, size, reserved;
  char name[IU_CONFIG_NAME_MAX];
};
static_assert(sizeof(config_header) == sizeof(iu_config_desc));

using config_name = fixed_name<IU_CONFIG_NAME_MAX>;

} // namespace detail

template <class T> class alignas(8) [[clang::annotate("iu::config")]] config {
  using storage = typename detail::config_storage<T>::type;
  static_assert(detail::storable_v<T>,
                "configuration type must be plain data (integers, bool, arrays and structs of "
                "them)");
  static_assert(sizeof(T) <= IU_CONFIG_VALUE_MAX, "configuration value is larger than 4 KiB");
  static_assert(alignof(T) <= 8, "configuration types may be aligned to 8 at most");

public:
  consteval config(detail::config_name name, const T &initial)
      : __iu_header{IU_CONFIG_MAGIC, detail::config_kind<T>::value, sizeof(storage), 0, {}},
        __iu_value(static_cast<storage>(initial)) {
    for (size_t i = 0; i < IU_CONFIG_NAME_MAX; ++i)
      __iu_header.name[i] = name.chars[i];
  }
  // A string default for an iu::array<char, N> configuration.
  template <size_t M>
    requires(detail::config_kind<T>::value == IU_CONFIG_CHARS)
  consteval config(detail::config_name name, const char (&initial)[M])
      : __iu_header{IU_CONFIG_MAGIC, IU_CONFIG_CHARS, sizeof(storage), 0, {}}, __iu_value{} {
    static_assert(M <= sizeof(T), "default string is longer than the configuration array");
    for (size_t i = 0; i < IU_CONFIG_NAME_MAX; ++i)
      __iu_header.name[i] = name.chars[i];
    for (size_t i = 0; i < M; ++i)
      __iu_value[i] = initial[i];
  }
  config(const config &) = delete;
  config &operator=(const config &) = delete;

  // The value user space set (or the default). The object is not const to
  // the compiler (IU_CONFIG declares it constinit, not const), so it
  // cannot fold in the default: the host may have replaced the bytes
  // before the image ran. Nothing can write it at run time: RELRO is
  // read-only by then, and the class has no assignment.
  operator T() const { return get(); }
  T get() const {
    if constexpr (is_same_v<T, bool>)
      return __iu_value != 0;
    else
      return __iu_value;
  }

  detail::config_header __iu_header;
  storage __iu_value;
};

} // namespace iu

// Declares a configuration global: IU_CONFIG(iu::u32, target_pid, 0).
// inline: declared in a header shared by several source files, it is one.
// A type whose name has a comma needs an alias (using comm_t = ...).
#define IU_CONFIG(type, name, ...)                                                         \
  [[gnu::used, gnu::section(".iu.config")]] inline constinit ::iu::config<type> name{        \
      #name, __VA_ARGS__}
