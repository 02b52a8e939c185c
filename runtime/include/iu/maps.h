// Maps: state shared between invocations, and with user space.
//
//   IU_MAP(counts, iu::hash_map<key_t, iu::u64, 10240>);
//   counts.add(key, 1);                        // atomic, false if absent
//   if (!counts.add(key, 1)) counts.update(key, 1, iu::noexist);
//   iu::optional<iu::u64> n = counts.lookup(key);
//   counts.update_with(key, [&](stats_t &s) { s.bytes += len; });
//
//   IU_MAP(events, iu::events<event_t>);
//   events.output(e);                          // false: dropped and counted
//
// A map is a typed global whose object is only a descriptor (abi.h struct
// iu_map_desc, section ".maps"): the values live in the host (a BPF map in
// the kernel, the user backend's own table in process), and every
// operation is a helper call that copies in or out. Nothing here hands out
// a reference that can dangle: lookup returns a copy, and update_with lends
// a reference to the value in the map for the duration of one call of the
// lambda only (the checker keeps references and lambdas from escaping).
#pragma once
#include <iu/abi.h>
#include <iu/optional.h>
#include <iu/result.h>
#include <iu/types.h>

namespace iu {

// Flags of update(), BPF's BPF_ANY / BPF_NOEXIST / BPF_EXIST.
enum class update_flag : u64 {
  any = IU_MAP_ANY,         // create or replace
  noexist = IU_MAP_NOEXIST, // create only: -EEXIST if present
  exist = IU_MAP_EXIST,     // replace only: -ENOENT if absent
};
inline constexpr update_flag any = update_flag::any;
inline constexpr update_flag noexist = update_flag::noexist;
inline constexpr update_flag exist = update_flag::exist;

// An atomic increment of an integer inside a value lent by update_with
// (the __sync_fetch_and_add idiom of BPF programs). Returns the old value.
template <class I>
  requires(is_integral_v<I> && !is_same_v<I, bool> && (sizeof(I) == 4 || sizeof(I) == 8))
inline I atomic_add(I &field, type_identity_t<I> delta) {
  return __atomic_fetch_add(&field, delta, __ATOMIC_RELAXED);
}

namespace detail {

template <class T> inline constexpr bool map_data_v = storable_v<T>;
using map_name = fixed_name<IU_MAP_NAME_MAX>;

// The descriptor, laid out as abi.h's iu_map_desc.
struct map_desc {
  u32 magic, type, key_size, value_size, max_entries, flags;
  char name[IU_MAP_NAME_MAX];
  u64 values, reserved;
};
static_assert(sizeof(map_desc) == sizeof(iu_map_desc));

template <class V>
inline constexpr bool integer_value_v =
    is_integral_v<V> && !is_same_v<V, bool> && (sizeof(V) == 4 || sizeof(V) == 8);

// index when index < size, else 0, computed without a branch (the kernel's
// array_index_nospec, without its inline assembly, which images may not
// have): a mispredicted bounds check is then not enough to read past the
// array. Best effort: the compiler may still turn it into a branch, which
// leaves what a privileged eBPF program's array access has (no masking).
inline u32 index_nospec(u32 index, u32 size) {
  const u64 mask = static_cast<u64>(static_cast<s64>(u64{index} - u64{size}) >> 63);
  return static_cast<u32>(index & mask);
}

// The errors an array's in-place update returns, as BPF's array does.
inline constexpr s64 err_2big = -7, err_exist = -17, err_inval = -22;

consteval map_desc make_desc(u32 type, u32 key_size, u32 value_size, u32 entries, u32 flags,
                             const map_name &name) {
  map_desc d{IU_MAP_MAGIC, type, key_size, value_size, entries, flags, {}, 0, 0};
  for (size_t i = 0; i < IU_MAP_NAME_MAX; ++i)
    d.name[i] = name.chars[i];
  return d;
}

} // namespace detail

// The operations of every keyed map (array, hash and their per-CPU and
// LRU kinds). Per-CPU maps act on the current CPU's value.
template <u32 Type, class K, class V, u32 N> class [[clang::annotate("iu::map")]] basic_map {
  static_assert(detail::map_data_v<K>, "map key type must be plain data (integers, arrays and structs "
                               "of them; no pointers, references or unions)");
  static_assert(detail::map_data_v<V>, "map value type must be plain data (integers, arrays and structs "
                               "of them; no pointers, references or unions)");
  static_assert(sizeof(K) <= IU_MAP_KEY_MAX, "map key type is larger than 512 bytes");
  static_assert(sizeof(V) <= IU_MAP_VALUE_MAX, "map value type is larger than 16 KiB");
  static_assert(N > 0, "a map needs at least one entry");
  static_assert(N <= IU_MAP_ENTRIES_MAX, "a map may have at most 16777216 entries");
  static_assert(static_cast<u64>(sizeof(K) + sizeof(V)) * N <= IU_MAP_BYTES_MAX,
                "a map may hold at most 256 MiB of keys and values");
  static_assert(alignof(V) <= 8 && alignof(K) <= 8, "map types may be aligned to 8 at most");

public:
  using key_type = K;
  using value_type = V;
  static constexpr u32 max_entries = N;

  consteval basic_map(detail::map_name name)
      : __iu_desc(detail::make_desc(Type, sizeof(K), sizeof(V), N,
                            detail::integer_value_v<V> ? IU_MAP_F_INTEGER_VALUE : 0u, name)) {}
  basic_map(const basic_map &) = delete;
  basic_map &operator=(const basic_map &) = delete;

  // A copy of the value, or nullopt when the key is absent.
  optional<V> lookup(const K &key) const {
    if (V *slot; in_place(key, slot)) {
      if (!slot)
        return nullopt;
      V value;
      __builtin_memcpy(&value, slot, sizeof(V));
      return value;
    }
    V value{};
    if (iu_map_lookup(&__iu_desc, &key, sizeof(K), &value, sizeof(V)) != 0)
      return nullopt;
    return value;
  }

  // Creates or replaces (flags: any, noexist, exist). A full map is an
  // error (-E2BIG), never a panic; an LRU map evicts instead.
  result update(const K &key, const V &value, update_flag flags = any) const {
    if (V *slot; in_place(key, slot)) {
      if (flags != any && flags != noexist && flags != exist)
        return result(detail::err_inval);
      if (!slot)
        return result(detail::err_2big);
      if (flags == noexist)  // every index of an array exists
        return result(detail::err_exist);
      __builtin_memcpy(slot, &value, sizeof(V));
      return result();
    }
    return result(iu_map_update(&__iu_desc, &key, sizeof(K), &value, sizeof(V),
                                static_cast<u64>(flags)));
  }

  // false when the key was absent (always false for arrays: their
  // entries cannot be deleted, as in BPF).
  bool erase(const K &key) const { return iu_map_delete(&__iu_desc, &key, sizeof(K)) == 0; }

  // Atomically adds delta to an integer value; false when the key is
  // absent (nothing is created).
  bool add(const K &key, V delta) const
    requires detail::integer_value_v<V>
  {
    if (V *slot; in_place(key, slot)) {
      if (!slot)
        return false;
      __atomic_fetch_add(slot, delta, __ATOMIC_RELAXED);
      return true;
    }
    return iu_map_add(&__iu_desc, &key, sizeof(K), static_cast<u64>(delta)) == 0;
  }

  // Calls fn(V &) with the value in the map, in place; false (fn not
  // called) when the key is absent. Safe: the reference is valid until
  // the invocation ends (the host holds the RCU read lock around it, and
  // the kernel frees or reuses a map's values only after a grace period
  // or as values of the same map), and it cannot outlive fn's call. Not
  // atomic across CPUs, like a BPF program's write through a looked-up
  // pointer; use iu::atomic_add for counters.
  template <class F> bool update_with(const K &key, F &&fn) const {
    if (V *slot; in_place(key, slot)) {
      if (!slot)
        return false;
      fn(*slot);
      return true;
    }
    void *value = iu_map_lookup_ref(&__iu_desc, &key, sizeof(K), sizeof(V));
    if (!value)
      return false;
    fn(*static_cast<V *>(value));
    return true;
  }

  detail::map_desc __iu_desc;

private:
  // An array whose values the host placed (abi.h, iu_map_desc.values) is
  // used in place, as a BPF program's inlined array lookup does: true,
  // with slot the value's address or null when key is out of range.
  // False: the map helpers do the work (other kinds, or a host that gave
  // no address). Safe: the host wrote the address into the read-only map
  // table before the image ran, for a map of exactly N values of this
  // stride that lives as long as the image; the index is checked against
  // N, and masked so that not even a mispredicted check reads past it.
  bool in_place(const K &key, V *&slot) const {
    if constexpr (Type != IU_MAP_ARRAY) {
      return false;
    } else {
      // volatile: written by the host after compilation; a plain read of
      // this constant-initialized object would be folded to 0.
      const u64 values = *static_cast<const volatile u64 *>(&__iu_desc.values);
      if (values == 0)
        return false;
      slot = key < N ? reinterpret_cast<V *>(values + u64{detail::index_nospec(key, N)} *
                                                          IU_MAP_ARRAY_STRIDE(sizeof(V)))
                     : nullptr;
      return true;
    }
  }
};

// BPF_MAP_TYPE_ARRAY: N values indexed 0..N-1, all present (zero) from the
// start; erase is not supported.
template <class V, u32 N> using array_map = basic_map<IU_MAP_ARRAY, u32, V, N>;
// BPF_MAP_TYPE_HASH: up to N entries.
template <class K, class V, u32 N> using hash_map = basic_map<IU_MAP_HASH, K, V, N>;
// BPF_MAP_TYPE_PERCPU_ARRAY / PERCPU_HASH: one value per CPU; the program
// sees its CPU's, user space all of them.
template <class V, u32 N> using percpu_array = basic_map<IU_MAP_PERCPU_ARRAY, u32, V, N>;
template <class K, class V, u32 N>
using percpu_hash = basic_map<IU_MAP_PERCPU_HASH, K, V, N>;
// BPF_MAP_TYPE_LRU_HASH: a full map evicts its least recently used entry.
template <class K, class V, u32 N> using lru_hash = basic_map<IU_MAP_LRU_HASH, K, V, N>;

// A channel of T records to user space (a BPF perf event array in the
// kernel): each output is one record, delivered whole or dropped and
// counted (user space reads the count), never lost silently.
template <class T> class [[clang::annotate("iu::map")]] events {
  static_assert(detail::map_data_v<T>, "event type must be plain data (integers, arrays and "
                                       "structs of them; no pointers, references or unions)");
  static_assert(sizeof(T) > 0 && sizeof(T) <= IU_MAP_VALUE_MAX,
                "event type is larger than 16 KiB");

public:
  using value_type = T;
  consteval events(detail::map_name name)
      : __iu_desc(detail::make_desc(IU_MAP_EVENTS, 0, sizeof(T), 0, 0, name)) {}
  events(const events &) = delete;
  events &operator=(const events &) = delete;

  // false when the buffer was full: the record is dropped and counted.
  bool output(const T &value) const {
    return iu_event_output(&__iu_desc, &value, sizeof(T)) == 0;
  }

  detail::map_desc __iu_desc;
};

} // namespace iu

// Declares a map: IU_MAP(counts, iu::hash_map<K, V, N>). At file scope or
// in a named namespace; the variable's name is the map's name (BPF keeps
// its first 15 characters). inline: a map declared in a header shared by
// several source files of one image is one map.
#define IU_MAP(name, ...)                                                                  \
  [[gnu::used, gnu::section(".maps")]] inline constinit const __VA_ARGS__ name { #name }
