// Kernel types from BTF, read the same way on every kernel (CO-RE for iu).
//
//   #include "vmlinux.hpp"           // iu-btf dump --format cpp --types task_struct
//   using vmlinux::task_struct;
//   iu::kptr<task_struct> t = iu::current_task();
//   iu::optional<iu::s32> ppid = iu::read(t, task_struct::real_parent, task_struct::tgid);
//
// A generated type has no layout: only field descriptors, each naming its
// member by a path ("task_struct.real_parent"). Every path an image reads
// becomes one record in ".iu.config" (abi.h, IU_CONFIG_CORE) whose value
// the loader sets, before the image runs, to the member's offset in the
// running kernel's BTF, or to -1 when that kernel has no such member.
// Safety needs no trust in the offsets: every read is a fault-tolerant
// copy of plain bytes from kernel memory (probe_read_kernel), so a wrong
// offset gives wrong data, never an unsafe access (docs/kernel-types.md).
#pragma once
#include <iu/abi.h>
#include <iu/array.h>
#include <iu/kptr.h>
#include <iu/optional.h>
#include <iu/types.h>

// Generated bindings (iu-btf) live in namespace vmlinux, which is the
// program's own, as libbpf's vmlinux.h is.
namespace vmlinux {
struct task_struct;
}

namespace iu {

// What generated structs derive from: a kernel type whose members are
// reached through field descriptors only.
struct kernel_struct {};

namespace detail {

using core_path = fixed_name<IU_CONFIG_NAME_MAX>;

template <class T> inline constexpr bool kernel_struct_v = __is_base_of(kernel_struct, T);
template <class T> inline constexpr bool is_kernel_ptr_v = false;
template <class T> inline constexpr bool is_kernel_ptr_v<kptr<T>> = true;

// The record of one member path; one per path in the image (an inline
// variable: every use of the path, in every source file, is this one).
// Not const to the compiler, so the -1 of the file is never folded in:
// the loader has replaced it before the image runs, and RELRO is
// read-only by then.
template <core_path Path, u32 Size> struct core_record {
  [[gnu::used, gnu::section(".iu.config")]] static inline constinit struct alignas(8) {
    u32 magic, kind, size, reserved;
    char name[IU_CONFIG_NAME_MAX];
    iu_core_value value;
  } rec = [] {
    decltype(rec) r{IU_CONFIG_MAGIC, IU_CONFIG_CORE, sizeof(iu_core_value), 0, {}, {-1, Size, 0}};
    for (size_t i = 0; i < IU_CONFIG_NAME_MAX; ++i)
      r.name[i] = Path.chars[i];
    return r;
  }();
  static_assert(sizeof(rec) == sizeof(iu_config_desc) + sizeof(iu_core_value));
};

} // namespace detail

// One member of a kernel struct: Parent's member at Path, of type M. M is
// an integer, an enum, an iu::array of them, an iu::kptr (a pointer
// member), or a generated struct (a member embedded in Parent, reached
// through but not read whole).
template <class Parent, detail::core_path Path, class M> struct field {
  using parent_type = Parent;
  using member_type = M;
  static constexpr bool embedded = detail::kernel_struct_v<M>;
  static_assert(embedded || detail::storable_v<M>,
                "a kernel field's type must be plain data, an iu::kptr or a generated struct");
  // Bytes the loader checks against the kernel's member; 0 for an
  // embedded struct, whose size this image does not depend on.
  static constexpr u32 size = [] {
    if constexpr (embedded)
      return 0u;
    else
      return static_cast<u32>(sizeof(M));
  }();

  // The member's offset in the running kernel, or -1 if it has none.
  static s64 offset() {
    return *static_cast<const volatile iu_s64 *>(
        &detail::core_record<Path, size>::rec.value.offset);
  }
};

// Whether the running kernel's type has this member (libbpf's
// bpf_core_field_exists): a program can branch on it.
template <class P, detail::core_path Path, class M> bool exists(field<P, Path, M>) {
  return field<P, Path, M>::offset() >= 0;
}

namespace detail {

template <class F, class... Rest> struct read_result {
  using type = typename read_result<Rest...>::type;
};
template <class F> struct read_result<F> {
  using type = typename F::member_type;
};

// Follows fields from addr, a Parent: an embedded member moves within the
// struct, a pointer member is read and followed, the last one is read.
template <class Parent, class F, class... Rest>
optional<typename read_result<F, Rest...>::type> read_path(u64 addr, F, Rest... rest) {
  static_assert(is_same_v<typename F::parent_type, Parent>,
                "iu::read: this field is not a member of the struct read so far");
  using M = typename F::member_type;
  const s64 off = F::offset();
  if (off < 0 || addr == 0)
    return nullopt;
  const u64 at = addr + static_cast<u64>(off);
  if constexpr (sizeof...(Rest) == 0) {
    static_assert(!F::embedded, "iu::read: a generated struct is not read whole; name one of "
                                "its fields");
    M value{};
    if (iu_probe_read_kernel(&value, sizeof(M), at) < 0)
      return nullopt;
    return value;
  } else if constexpr (F::embedded) {
    return read_path<M>(at, rest...);
  } else if constexpr (!is_kernel_ptr_v<M>) {
    static_assert(is_kernel_ptr_v<M>, "iu::read: only a pointer (iu::kptr) or embedded struct "
                                      "member can be followed");
    return nullopt;
  } else {
    u64 next = 0;
    if (iu_probe_read_kernel(&next, sizeof(next), at) < 0)
      return nullopt;
    return read_path<typename M::element_type>(next, rest...);
  }
}

} // namespace detail

// Reads a member of the kernel struct at p, following a chain of fields:
// read(t, task_struct::real_parent, task_struct::tgid) is t->real_parent->tgid.
// nullopt when a field is missing in this kernel, a pointer on the way is
// null, or the memory cannot be read (a fault-tolerant copy).
template <class T, class F, class... Rest> auto read(kptr<T> p, F f, Rest... rest) {
  return detail::read_path<T>(p.addr(), f, rest...);
}

// The task running this program.
inline kptr<vmlinux::task_struct> current_task() {
  return kptr<vmlinux::task_struct>(iu_get_current_task());
}

} // namespace iu
