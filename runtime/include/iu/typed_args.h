// Typed arguments: a kprobe, fentry or fexit program may take its
// function's arguments as typed parameters instead of the context.
//
//   static int unlinked(int dfd, iu::kptr<vmlinux::filename> name) { ... }
//   IU_KPROBE(do_unlinkat, unlinked);
//
//   static int wrote(iu::kptr<vmlinux::file> f, iu::uptr<char> buf, iu::u64 count,
//                    iu::kptr<void> pos, iu::s64 ret) { ... }
//   IU_FEXIT(vfs_write, wrote);         // IU_FEXIT: the return value last
//
// A parameter is an integer, an enum, bool, iu::kptr<T> or iu::uptr<T>, by
// value (or const reference); a program may also take its context first,
// (const iu::kprobe_ctx &ctx, int dfd, ...). The trampoline converts the
// argument registers (x86-64: rdi, rsi, rdx, rcx, r8, r9) into them as the
// C calling convention passes them: an N-byte integer is the register's
// low N bytes. Every type takes any bits, so the conversion is safe
// whatever the function really takes; whether the types are the
// function's is checked against its BTF prototype:
// - at compile time, when a header of `iu-btf dump --functions` declares
//   it (a specialization of vmlinux::function_prototype below);
// - at load, always: each typed program's declared parameters are one
//   record of ".iu.config" (abi.h, IU_CONFIG_ARGS) that the loader
//   compares with the running kernel's BTF (docs/kernel-types.md).
#pragma once
#include <iu/abi.h>
#include <iu/context.h>
#include <iu/core.h>
#include <iu/kptr.h>
#include <iu/types.h>
#include <iu/uptr.h>

namespace iu {

namespace detail {
template <class... T> struct type_list {
  static constexpr unsigned size = sizeof...(T);
};
using function_name = fixed_name<IU_PROG_TARGET_MAX>;
using program_name = fixed_name<IU_PROG_NAME_MAX>;
} // namespace detail

// A kernel function's prototype as iu-btf writes it: the return type
// (void: none), then the arguments' types, mapped as struct members are
// (docs/kernel-types.md).
template <class Ret, class... Args> struct prototype {
  static constexpr bool known = true;
  using return_type = Ret;
  using argument_types = detail::type_list<Args...>;
};

} // namespace iu

namespace vmlinux {

// A kernel function's BTF prototype, by name: iu-btf's --functions
// specializes it as an iu::prototype. The annotation lets extensions'
// headers specialize it (the checker refuses any other runtime template):
// a wrong specialization only makes a compile-time check wrong, and the
// loader checks again against the running kernel.
template <::iu::detail::function_name Name>
struct [[clang::annotate("iu::extension_point")]] function_prototype {
  static constexpr bool known = false;
};

} // namespace vmlinux

namespace iu::detail {

template <class L, class T> struct append;
template <class... A, class T> struct append<type_list<A...>, T> {
  using type = type_list<A..., T>;
};

template <unsigned... I> struct index_list {};
template <class T, T... I> struct make_index_list_impl {
  using type = index_list<I...>;
};
template <unsigned N>
using make_index_list = typename __make_integer_seq<make_index_list_impl, unsigned, N>::type;

// Element I of a type list, or Default past its end.
template <unsigned I, class L, class Default> struct type_at {
  using type = Default;
};
template <class H, class... T, class Default> struct type_at<0, type_list<H, T...>, Default> {
  using type = H;
};
template <unsigned I, class H, class... T, class Default>
  requires(I > 0)
struct type_at<I, type_list<H, T...>, Default> {
  using type = typename type_at<I - 1, type_list<T...>, Default>::type;
};

template <class F> struct signature {
  static constexpr bool function = false;
  using params = type_list<>;
};
template <class R, class... A> struct signature<R (*)(A...)> {
  static constexpr bool function = true;
  using params = type_list<A...>;
};
template <class R, class... A> struct signature<R (*)(A...) noexcept> : signature<R (*)(A...)> {};

// (core.h has is_kernel_ptr_v.)
template <class T> inline constexpr bool is_uptr_v = false;
template <class T> inline constexpr bool is_uptr_v<uptr<T>> = true;

// A parameter a typed argument converts into: by value or const
// reference, never a reference the program could write through.
template <class P, class T = remove_cvref_t<P>>
inline constexpr bool typed_param_v =
    (is_same_v<P, T> || is_same_v<P, const T &>) &&
    (((is_integral_v<T> || __is_enum(T)) && sizeof(T) <= 8) || is_kernel_ptr_v<T> ||
     is_uptr_v<T>);

// What each hook's typed form takes.
template <class Ctx> struct typed_hook {
  static constexpr bool supported = false;
  static constexpr bool returns = false;
};
template <> struct typed_hook<kprobe_ctx> {
  static constexpr bool supported = true;
  static constexpr bool returns = false;
};
template <> struct typed_hook<fentry_ctx> {
  static constexpr bool supported = true;
  static constexpr bool returns = false;
};
template <> struct typed_hook<fexit_ctx> {
  static constexpr bool supported = true;
  static constexpr bool returns = true;  // the last parameter is the return value
};

template <class L> struct drop_first {
  using type = L;
};
template <class H, class... T> struct drop_first<type_list<H, T...>> {
  using type = type_list<T...>;
};

template <class L, unsigned I = 0> struct first_bad {
  static constexpr unsigned index = I;  // == L::size: none
  using type = void;
};
template <class H, class... T, unsigned I> struct first_bad<type_list<H, T...>, I> {
  static constexpr bool bad = !typed_param_v<H>;
  static constexpr unsigned index = bad ? I : first_bad<type_list<T...>, I + 1>::index;
  using type =
      __type_pack_element<bad ? 0 : 1, H, typename first_bad<type_list<T...>, I + 1>::type>;
};

// How a program's parameters read: its context (the usual form), typed
// arguments (after an optional const Ctx &), or neither.
template <auto Program, class Ctx> struct typed_shape {
  using sig = signature<decltype(Program)>;
  using all = typename sig::params;
  using first = typename type_at<0, all, void>::type;
  static constexpr bool with_ctx = is_same_v<first, const Ctx &>;
  using params = typename __type_pack_element<with_ctx ? 0 : 1, drop_first<all>,
                                              type_identity<all>>::type;
  static constexpr unsigned count = params::size;
  static constexpr bool context_only = requires(const Ctx &ctx) { Program(ctx); };
  // A program of one class parameter meant to take a context: the
  // context's own message says which (program.h's enter).
  static constexpr bool wants_context =
      !sig::function ||
      (all::size == 1 && !with_ctx && __is_class(remove_cvref_t<first>) &&
       !is_kernel_ptr_v<remove_cvref_t<first>> && !is_uptr_v<remove_cvref_t<first>>);
  // Checked by the macro's static_asserts (their messages name it).
  static constexpr bool typed = typed_hook<Ctx>::supported && !context_only && !wants_context;
  static constexpr unsigned max = typed_hook<Ctx>::returns ? IU_ARGS_MAX : IU_ARGS_MAX - 1;
  static constexpr unsigned min = typed_hook<Ctx>::returns ? 1 : 0;
  static constexpr bool count_ok = count >= min && count <= max;
  static constexpr bool params_ok = first_bad<params>::index == count;
  static constexpr bool ok = typed && count_ok && params_ok;
};

// ---- The conversion ----

template <class P> remove_cvref_t<P> convert(u64 reg) {
  using T = remove_cvref_t<P>;
  if constexpr (is_same_v<T, bool>)
    return static_cast<u8>(reg) != 0;  // the ABI passes a bool in the low byte
  else if constexpr (__is_enum(T))
    return static_cast<T>(static_cast<__underlying_type(T)>(reg));  // a fixed type: any value
  else if constexpr (is_integral_v<T>)
    return static_cast<T>(reg);  // the low sizeof(T) bytes
  else
    return T(reg);  // kptr, uptr
}

template <unsigned I, class Ctx> u64 arg_register(const Ctx &ctx) {
  if constexpr (I == 0)
    return ctx.arg1();
  else if constexpr (I == 1)
    return ctx.arg2();
  else if constexpr (I == 2)
    return ctx.arg3();
  else if constexpr (I == 3)
    return ctx.arg4();
  else if constexpr (I == 4)
    return ctx.arg5();
  else
    return ctx.arg6();
}

// Parameter I of Count: an argument register, or (fexit) the return value.
template <unsigned I, unsigned Count, class Ctx> u64 typed_register(const Ctx &ctx) {
  if constexpr (typed_hook<Ctx>::returns && I + 1 == Count)
    return ctx.ret();
  else
    return arg_register<I>(ctx);
}

template <auto Program, bool WithCtx, class Ctx, class... P, unsigned... I>
iu_s64 call_typed(const Ctx &ctx, type_list<P...>, index_list<I...>) {
  if constexpr (WithCtx)
    return static_cast<iu_s64>(Program(ctx, convert<P>(typed_register<I, sizeof...(P)>(ctx))...));
  else
    return static_cast<iu_s64>(Program(convert<P>(typed_register<I, sizeof...(P)>(ctx))...));
}

// ---- The record the loader checks (abi.h struct iu_args_value) ----

template <class T> consteval const char *pretty_name() { return __PRETTY_FUNCTION__; }

// The generated struct a kptr points to: T's name when T is a struct of
// namespace vmlinux ("filename" for vmlinux::filename), else "" (any).
struct kernel_type_name {
  char chars[IU_ARGS_TYPE_MAX];
  bool too_long;
};

template <class T> consteval kernel_type_name kernel_type_name_of() {
  kernel_type_name n{};
  const char *s = pretty_name<__remove_cv(T)>();
  const char *key = "[T = vmlinux::";
  for (; *s; ++s) {
    const char *a = s, *b = key;
    for (; *b && *a == *b; ++a, ++b) {
    }
    if (*b)
      continue;
    unsigned len = 0;
    for (; (*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
           *a == '_';
         ++a, ++len) {
      if (len + 1 < IU_ARGS_TYPE_MAX)
        n.chars[len] = *a;
    }
    if (*a != ']') // nested, a template or not a struct: any
      return kernel_type_name{};
    n.too_long = len + 1 > IU_ARGS_TYPE_MAX;
    return n;
  }
  return n;
}

template <class P> consteval iu_arg_desc arg_desc() {
  using T = remove_cvref_t<P>;
  iu_arg_desc d{};
  if constexpr (is_kernel_ptr_v<T>) {
    d.kind = IU_ARG_KPTR;
    d.size = 8;
    constexpr kernel_type_name n = kernel_type_name_of<typename T::element_type>();
    static_assert(!n.too_long, "typed arguments: an iu::kptr to a kernel struct whose name is "
                               "longer than 55 characters");
    for (unsigned i = 0; i < IU_ARGS_TYPE_MAX; ++i)
      d.type[i] = n.chars[i];
  } else if constexpr (is_uptr_v<T>) {
    d.kind = IU_ARG_UPTR;
    d.size = 8;
  } else if constexpr (is_same_v<T, bool>) {
    d.kind = IU_ARG_UINT;
    d.size = 1;
  } else if constexpr (__is_enum(T)) {
    d.kind = is_signed_v<__underlying_type(T)> ? IU_ARG_INT : IU_ARG_UINT;
    d.size = sizeof(T);
  } else {
    d.kind = is_signed_v<T> ? IU_ARG_INT : IU_ARG_UINT;
    d.size = sizeof(T);
  }
  return d;
}

template <program_name Name> consteval bool name_fits_config() {
  for (unsigned i = 0; i < IU_CONFIG_NAME_MAX; ++i)
    if (Name.chars[i] == 0)
      return true;
  return false;
}

// One per typed program, named as the program (whose name is unique in
// the image), in .iu.config among the configurations; never read by the
// image. Not const, as the section's other records are not.
template <program_name Name, class Params> struct args_record;
template <program_name Name, class... P> struct args_record<Name, type_list<P...>> {
  static_assert(name_fits_config<Name>(),
                "a program that takes typed arguments has a name of at most 47 characters "
                "(it names the program's record in .iu.config)");
  [[gnu::used, gnu::section(".iu.config")]] static inline constinit struct alignas(8) {
    u32 magic, kind, size, reserved;
    char name[IU_CONFIG_NAME_MAX];
    iu_args_value value;
  } rec = [] {
    decltype(rec) r{IU_CONFIG_MAGIC, IU_CONFIG_ARGS, sizeof(iu_args_value), 0, {}, {}};
    for (unsigned i = 0; i < IU_CONFIG_NAME_MAX; ++i)
      r.name[i] = Name.chars[i];
    r.value.count = sizeof...(P);
    const iu_arg_desc descs[] = {arg_desc<P>()..., iu_arg_desc{}};
    for (unsigned i = 0; i < sizeof...(P); ++i)
      r.value.args[i] = descs[i];
    return r;
  }();
  static_assert(sizeof(rec) == sizeof(iu_config_desc) + sizeof(iu_args_value));
};

// ---- The compile-time check against a BTF prototype ----

// Stands for "nothing to compare" in the macros' static_asserts.
struct unchecked {};

template <class P> struct declared_kind {
  using T = remove_cvref_t<P>;
  static constexpr bool integer = is_integral_v<T> || __is_enum(T);
  static constexpr bool is_signed = [] {
    if constexpr (__is_enum(T))
      return is_signed_v<__underlying_type(T)>;
    else if constexpr (is_integral_v<T>)
      return is_signed_v<T> && !is_same_v<T, bool>;
    else
      return false;
  }();
};

// Whether a parameter declared as D takes the BTF prototype's B (as
// iu-btf maps it): an integer of B's size and signedness; for a pointer
// to a struct that struct's kptr, kptr<void> or any uptr; for any other
// pointer (kptr<void> in the header) any kptr or uptr.
template <class D, class B> inline constexpr bool matches_btf = [] {
  if constexpr (is_same_v<D, unchecked> || is_same_v<B, unchecked>) {
    return true;
  } else {
    using T = remove_cvref_t<D>;
    if constexpr (is_integral_v<B>)
      return declared_kind<D>::integer && sizeof(T) == sizeof(B) &&
             declared_kind<D>::is_signed == is_signed_v<B>;
    else if constexpr (is_same_v<B, kptr<void>>)
      return is_kernel_ptr_v<T> || is_uptr_v<T>;
    else if constexpr (is_kernel_ptr_v<B>)
      return is_same_v<T, B> || is_same_v<T, kptr<void>> || is_uptr_v<T>;
    else
      return false;
  }
}();

// What the prototype has for each typed parameter: the arguments, then
// (fexit) the return value. Known only when a header declares it.
template <class Ctx, function_name Func, bool Known = vmlinux::function_prototype<Func>::known>
struct btf_side {
  static constexpr bool known = false;
  static constexpr bool returns_void = false;
  using slots = type_list<>;
};
template <class Ctx, function_name Func> struct btf_side<Ctx, Func, true> {
  using proto = vmlinux::function_prototype<Func>;
  using args = typename proto::argument_types;
  using ret = typename proto::return_type;
  static constexpr bool known = true;
  static constexpr bool returns_void = is_same_v<ret, void>;
  using slots = __type_pack_element<typed_hook<Ctx>::returns ? 0 : 1,
                                    typename append<args, ret>::type, args>;
};

// The first parameter (1-based, the context counted) the typed form does
// not take, for a static_assert's requirement to show.
template <unsigned N, class P> struct parameter {};
template <class X> inline constexpr bool typed_parameter = true;
template <unsigned N, class P> inline constexpr bool typed_parameter<parameter<N, P>> = false;

template <unsigned Count, unsigned Min, unsigned Max>
inline constexpr bool count_within = Count >= Min && Count <= Max;
template <unsigned Declared, unsigned Btf> inline constexpr bool same_count = Declared == Btf;
template <class Ret> inline constexpr bool returns_value = !is_same_v<Ret, void>;

// What the macros' static_asserts check, for one program on function Func.
template <auto Program, class Ctx, function_name Func> struct typed_info {
  using shape = typed_shape<Program, Ctx>;
  using btf = btf_side<Ctx, Func>;
  using first_untyped = __type_pack_element<
      shape::typed && !shape::params_ok ? 0 : 1,
      parameter<first_bad<typename shape::params>::index + 1 + (shape::with_ctx ? 1 : 0),
                typename first_bad<typename shape::params>::type>,
      void>;
  static constexpr unsigned count = shape::typed ? shape::count : shape::min;
  static constexpr bool fexit_of_void =
      shape::ok && btf::known && typed_hook<Ctx>::returns && btf::returns_void;
  static constexpr bool checked = shape::ok && btf::known && !fexit_of_void;
  using fexit_return = __type_pack_element<fexit_of_void ? 0 : 1, void, int>;
  static constexpr unsigned declared_count = checked ? shape::count : 0;
  static constexpr unsigned btf_count = checked ? btf::slots::size : 0;
  static constexpr bool compare = checked && declared_count == btf_count;
  template <unsigned I>
  using declared = typename type_at<I, __type_pack_element<compare ? 0 : 1, typename shape::params,
                                                           type_list<>>,
                                    unchecked>::type;
  template <unsigned I>
  using btf_type = typename type_at<I, __type_pack_element<compare ? 0 : 1, typename btf::slots,
                                                           type_list<>>,
                                    unchecked>::type;
};

// The macros name the program only in a call, as the entry does: a
// function as a runtime template's argument.
template <auto Program, class Ctx, function_name Func>
consteval typed_info<Program, Ctx, Func> typed_info_of() {
  return {};
}

} // namespace iu::detail

// The compile-time checks of IU_KPROBE, IU_FENTRY and IU_FEXIT: each
// message names the macro, each failed requirement shows the types.
#define IU_DETAIL_TYPED_CHECKS(macro, func, prog, ctx_type, ctx_text, what)                  \
  using __iu_typed_##prog = decltype(::iu::detail::typed_info_of<prog, ctx_type, #func>()); \
  static_assert(::iu::detail::typed_parameter<__iu_typed_##prog::first_untyped>,            \
                macro "(" #func ", " #prog "): a program takes const " ctx_text " &, "      \
                "or the function's arguments as typed parameters, by value: integers, "     \
                "enums, bool, iu::kptr<T> or iu::uptr<T> (docs/runtime-api.md)");            \
  static_assert(::iu::detail::count_within<__iu_typed_##prog::count,                        \
                                           __iu_typed_##prog::shape::min,                   \
                                           __iu_typed_##prog::shape::max>,                  \
                macro "(" #func ", " #prog "): a program takes " what);                    \
  static_assert(::iu::detail::returns_value<__iu_typed_##prog::fexit_return>,               \
                macro "(" #func ", " #prog "): " #func " returns void, so a typed "         \
                "program has no return value to take last: take const " ctx_text " &");    \
  static_assert(::iu::detail::same_count<__iu_typed_##prog::declared_count,                 \
                                         __iu_typed_##prog::btf_count>,                     \
                macro "(" #func ", " #prog "): the program takes another number of typed "  \
                "parameters (the first number) than " #func "'s BTF prototype has "         \
                "(the second)");                                                           \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 1);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 2);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 3);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 4);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 5);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 6);                                               \
  IU_DETAIL_TYPED_ARG(macro, func, prog, 7)

#define IU_DETAIL_TYPED_ARG(macro, func, prog, n)                                            \
  static_assert(::iu::detail::matches_btf<__iu_typed_##prog::declared<n - 1>,               \
                                          __iu_typed_##prog::btf_type<n - 1>>,              \
                macro "(" #func ", " #prog "): typed parameter " #n " (the first type) is " \
                "not what " #func "'s BTF prototype has there (the second)")
