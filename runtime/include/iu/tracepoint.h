// Trace events other than the syscalls': a typed context over the event's
// record, one accessor per field of its format.
//
//   #include <iu/tp/sched.h>                 // iu::tp::sched::*, generated
//   static int exec(const iu::tp::sched::sched_process_exec &ctx) {
//     iu::trace_printk("%d ran %s\n", ctx.pid(), ctx.filename());
//     return 0;
//   }
//   IU_TRACEPOINT(sched, sched_process_exec, exec);
//
// The contexts under iu/tp/ are generated from the events' formats
// (runtime/tracepoints/). A context has no layout: each accessor names its
// field by a path ("sched/sched_process_exec/pid"), and every path an
// image reads becomes one record in ".iu.config" (abi.h,
// IU_CONFIG_TP_FIELD) whose offset, size and sign the loader sets from the
// running kernel's format before the image runs. A field that kernel's
// event lacks, or has wider than the accessor's type, is a load error
// naming it. Safety needs no trust in those values: an accessor reads only
// bytes inside the record the kernel handed the program, whatever they
// say (docs/kernel-types.md).
#pragma once
#include <iu/abi.h>
#include <iu/array.h>
#include <iu/types.h>

// The generated contexts' namespace (iu/tp/<category>.h). Declared here so
// that a category whose header was not included is "no member named
// 'sched' in namespace 'iu::tp'".
namespace iu::tp {}

namespace iu {

namespace detail {

using tp_path = fixed_name<IU_TP_FIELD_PATH_MAX>;
using config_name = fixed_name<IU_CONFIG_NAME_MAX>;

// A record's name: the path with '.' for '/' (a configuration name's
// characters) when it has at most IU_CONFIG_NAME_MAX - 2 characters, else
// its head, '.' and a hash of the whole path (FNV-1a), exactly
// IU_CONFIG_NAME_MAX - 1: distinct paths, distinct names.
consteval config_name tp_record_name(const tp_path &path) {
  size_t len = 0;
  while (path.chars[len])
    ++len;
  config_name name{""};
  constexpr size_t head = IU_CONFIG_NAME_MAX - 10; // '.', 8 digits, NUL
  for (size_t i = 0; i < len && i < IU_CONFIG_NAME_MAX - 1; ++i)
    name.chars[i] = path.chars[i] == '/' ? '.' : path.chars[i];
  if (len <= IU_CONFIG_NAME_MAX - 2)
    return name;
  u32 hash = 2166136261u;
  for (size_t i = 0; i < len; ++i)
    hash = (hash ^ static_cast<u8>(path.chars[i])) * 16777619u;
  name.chars[head] = '.';
  for (size_t i = 0; i < 8; ++i)
    name.chars[head + 1 + i] = "0123456789abcdef"[(hash >> (28 - 4 * i)) & 15];
  name.chars[IU_CONFIG_NAME_MAX - 1] = 0;
  return name;
}

// The record of one field path; one per path in the image (an inline
// variable, like iu/core.h's). Not const to the compiler: the loader has
// replaced the file's values before the image runs.
template <tp_path Path, u32 Size, u32 Kind> struct tp_field_record {
  [[gnu::used, gnu::section(".iu.config")]] static inline constinit struct alignas(8) {
    u32 magic, kind, size, reserved;
    char name[IU_CONFIG_NAME_MAX];
    iu_tp_field_value value;
  } rec = [] {
    decltype(rec) r{IU_CONFIG_MAGIC, IU_CONFIG_TP_FIELD, sizeof(iu_tp_field_value), 0, {}, {}};
    constexpr config_name name = tp_record_name(Path);
    for (size_t i = 0; i < IU_CONFIG_NAME_MAX; ++i)
      r.name[i] = name.chars[i];
    r.value.offset = -1;
    r.value.size = Size;
    r.value.flags = Kind;
    for (size_t i = 0; i < IU_TP_FIELD_PATH_MAX; ++i)
      r.value.path[i] = Path.chars[i];
    return r;
  }();
  static_assert(sizeof(rec) == sizeof(iu_config_desc) + sizeof(iu_tp_field_value));

  // Where the running kernel has the field, as the loader wrote it.
  static iu_tp_field_value where() {
    const volatile iu_tp_field_value &v = rec.value;
    return {v.offset, v.size, v.flags, {}};
  }
};

} // namespace detail

// What every generated context derives from: the record, and the fields
// every trace event starts with (struct trace_entry, the same on every
// kernel).
class tracepoint_ctx {
public:
  explicit tracepoint_ctx(const iu_tracepoint_ctx *raw) : record_(raw->record), size_(raw->size) {}

  u16 common_type() const { return read_at<u16>(0); }
  u8 common_flags() const { return read_at<u8>(2); }
  u8 common_preempt_count() const { return read_at<u8>(3); }
  // The thread the event happened in (0 for the idle task).
  s32 common_pid() const { return read_at<s32>(4); }
  // The record's bytes, as the kernel handed them.
  u32 record_size() const { return size_; }

protected:
  // An integer field, sign- or zero-extended from its size in this
  // kernel to T (the generator picks T at least as wide as on any kernel
  // it knows; the loader refuses a wider one). 0 if the loader's values
  // do not lie inside the record or name no integer size (a size of 0
  // would also make the sign extension's shift 64 bits).
  template <detail::tp_path Path, class T> T integer_field() const {
    const iu_tp_field_value f =
        detail::tp_field_record<Path, sizeof(T), IU_TP_FIELD_INT>::where();
    if (!inside(f.offset, f.size) || (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8))
      return T{};
    u64 bits = 0;
    __builtin_memcpy(&bits, bytes(f.offset), f.size); // little-endian: the low bytes
    if ((f.flags & IU_TP_FIELD_SIGNED) && f.size < sizeof(u64)) {
      const u32 shift = 64 - 8 * f.size;
      return static_cast<T>(static_cast<s64>(bits << shift) >> shift);
    }
    return static_cast<T>(bits);
  }

  // A char[M] or u8[M] field, as N elements E: its first N, or all M and
  // zeros after them.
  template <detail::tp_path Path, class E, size_t N> array<E, N> array_field() const {
    static_assert(sizeof(E) == 1, "a tracepoint array field is read as characters or bytes");
    const iu_tp_field_value f =
        detail::tp_field_record<Path, static_cast<u32>(N), IU_TP_FIELD_CHARS>::where();
    array<E, N> out{};
    if (inside(f.offset, f.size))
      __builtin_memcpy(&out, bytes(f.offset), f.size < N ? f.size : N);
    return out;
  }

  // A __data_loc (or __rel_loc) char[] field: a string stored after the
  // event's fields, copied up to N - 1 characters and NUL-terminated.
  template <detail::tp_path Path, size_t N> array<char, N> string_field() const {
    static_assert(N >= 1);
    const iu_tp_field_value f = detail::tp_field_record<Path, 4, IU_TP_FIELD_STRING>::where();
    array<char, N> out{};
    if (!inside(f.offset, 4) || f.size != 4)
      return out;
    u32 loc = 0;
    __builtin_memcpy(&loc, bytes(f.offset), 4);
    u64 at = loc & 0xffff, len = loc >> 16;
    if (f.flags & IU_TP_FIELD_RELATIVE) // counted from the end of the field
      at += static_cast<u64>(f.offset) + 4;
    if (len > N - 1)
      len = N - 1;
    if (!inside(static_cast<s64>(at), len))
      return out;
    __builtin_memcpy(&out, bytes(static_cast<s64>(at)), len);
    return out;
  }

private:
  bool inside(s64 offset, u64 len) const {
    return offset >= 0 && static_cast<u64>(offset) <= size_ && len <= size_ - static_cast<u64>(offset);
  }
  const void *bytes(s64 offset) const {
    return reinterpret_cast<const void *>(record_ + static_cast<u64>(offset));
  }
  template <class T> T read_at(u32 offset) const {
    T v{};
    if (inside(offset, sizeof(T)))
      __builtin_memcpy(&v, bytes(offset), sizeof(T));
    return v;
  }

  u64 record_;
  u32 size_;
};

} // namespace iu
