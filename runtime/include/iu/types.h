// Integer types and the few type utilities extensions need. The runtime is
// freestanding (-nostdinc): nothing here comes from a C or C++ library.
//
// This header also compiles as C and with GCC, for headers an extension
// shares with its user-space program (event and key layouts): there, use
// the fixed-size C names iu_u8 .. iu_s64 of abi.h, which are the same size
// on both sides (iu::u64 and iu_u64 are both 8 bytes, though not the same
// C++ type).
#pragma once
#include <iu/abi.h>

#ifdef __cplusplus
namespace iu {

using u8 = __UINT8_TYPE__;
using u16 = __UINT16_TYPE__;
using u32 = __UINT32_TYPE__;
using u64 = __UINT64_TYPE__;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;
using size_t = __SIZE_TYPE__;

} // namespace iu

// Type utilities over Clang's built-ins: for extensions (iu-cc is Clang),
// not needed by headers shared with user space.
#ifdef __clang__
namespace iu {
template <class T> struct type_identity { using type = T; };
template <class T> using type_identity_t = typename type_identity<T>::type;

template <class A, class B> inline constexpr bool is_same_v = false;
template <class A> inline constexpr bool is_same_v<A, A> = true;

template <class T> inline constexpr bool is_integral_v = __is_integral(T);
template <class T> inline constexpr bool is_signed_v = __is_signed(T);

template <class T> struct remove_cvref { using type = __remove_cvref(T); };
template <class T> using remove_cvref_t = typename remove_cvref<T>::type;

namespace detail {
// What a map or configuration may hold: bytes that user space may write
// any pattern into. Loads of bool and enum fields are checked
// (-fsanitize=bool,enum), and the checker keeps pointers out of user types.
template <class T>
inline constexpr bool storable_v = __is_trivially_copyable(T) && __is_standard_layout(T) &&
                                   !__is_pointer(T) && !__is_union(T) && !__is_reference(T) &&
                                   !__is_member_pointer(T);

// The name of a map or configuration as its macro spells it, in a
// descriptor's fixed-size, NUL-padded field.
template <size_t Max> struct fixed_name {
  char chars[Max];
  template <size_t N> consteval fixed_name(const char (&s)[N]) : chars{} {
    static_assert(N <= Max, "name too long: maps take at most 63 characters, "
                            "configurations 47");
    for (size_t i = 0; i < N; ++i)
      chars[i] = s[i];
  }
};
} // namespace detail

} // namespace iu
#endif /* __clang__ */
#endif /* __cplusplus */
