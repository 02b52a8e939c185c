// The user backend's maps and events channels: BPF's semantics, kept in
// this process (docs/maps.md).
//
//   array          all max_entries entries present and zeroed from the
//                  start; erase is -EINVAL; an index past the end is
//                  -ENOENT (lookup) or -E2BIG (update)
//   hash           up to max_entries entries: -E2BIG when full; NOEXIST on
//                  a present key is -EEXIST, EXIST on an absent one -ENOENT
//   lru_hash       a full map evicts its least recently used entry (a
//                  program's lookup, update or add uses an entry; user
//                  space's lookups do not, as in BPF)
//   percpu_*       one slot per CPU (num_cpus() slots): a program reads and
//                  writes its CPU's slot, user space all of them, each slot
//                  value_stride(value_size) bytes (libbpf's layout)
//   events         an ordered queue with a bounded number of bytes per CPU;
//                  a record that does not fit is dropped and counted
//
// Element storage is allocated once, when the map is made, and freed only
// with the map: a value reference (lookup_ref, the runtime's update_with)
// always points into the map's own storage, even if its entry is erased
// or evicted during the same invocation (then it is a free element's or a
// reused element's value, as with BPF's preallocated maps; never freed
// memory). Storage pages are reserved, not committed: a large map costs
// only what is used.
//
// Each map has its own lock, so user space may read a map (libiu's calls)
// while a command runs programs in another thread. A program's writes
// through a lent reference are not under it (as in BPF); add is atomic.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <iu/image.h>

namespace iu::user {

// Bytes of records an events channel holds per CPU before it drops (each
// record takes its size rounded up to 8, plus 8: a perf record's header),
// like a 64-page perf buffer.
inline constexpr size_t kEventBufferBytes = 256u << 10;

// A keyed map (every type but IU_MAP_EVENTS).
class UserMap {
public:
  // ncpus: the per-CPU maps' number of slots (num_cpus()). Check ok().
  UserMap(const Map &desc, unsigned ncpus);
  ~UserMap();
  UserMap(const UserMap &) = delete;
  UserMap &operator=(const UserMap &) = delete;

  // False if the storage could not be reserved.
  bool ok() const { return storage_ != nullptr; }
  const Map &desc() const { return desc_; }
  bool percpu() const { return percpu_; }
  unsigned slots() const { return slots_; }
  size_t stride() const { return stride_; }

  // ---- A program's operations: key is key_size bytes, value value_size
  // bytes of CPU cpu's slot (any cpu for a map that is not per-CPU). ----
  // 0 or -ENOENT (value zeroed).
  int lookup(const void *key, void *value, unsigned cpu);
  // The value in place, or nullptr when absent.
  void *lookup_ref(const void *key, unsigned cpu);
  // flags: IU_MAP_ANY / NOEXIST / EXIST (else -EINVAL). A new per-CPU hash
  // entry has the other CPUs' slots zeroed (as BPF's update from a
  // program).
  int update(const void *key, const void *value, uint64_t flags, unsigned cpu);
  // 0, -ENOENT, or -EINVAL for arrays.
  int erase(const void *key);
  // Atomically adds delta to a 4- or 8-byte integer value: 0 or -ENOENT.
  int add(const void *key, uint64_t delta, unsigned cpu);

  // ---- User space's: a value is value_size bytes, or for a per-CPU map
  // slots() slots of stride() bytes (user_value_size()). ----
  size_t user_value_size() const { return percpu_ ? slots_ * stride_ : desc_.value_size; }
  int lookup_all(const void *key, void *values);
  int update_all(const void *key, const void *values, uint64_t flags);
  // The key after key (the first if key is nullptr or absent, as in BPF):
  // 0 or -ENOENT after the last. Hash maps iterate in insertion order.
  int next_key(const void *key, void *next);

private:
  static constexpr uint32_t kNil = UINT32_MAX;
  // The head of every hash element: its links in insertion order (what
  // next_key walks) and in use order (LRU, most recent first).
  struct Links {
    uint32_t order_prev, order_next, lru_prev, lru_next;
  };

  bool is_array() const;
  size_t elem_size() const { return elem_size_; }
  uint8_t *elem(uint32_t i) const { return storage_ + static_cast<size_t>(i) * elem_size_; }
  Links &links(uint32_t i) const { return *reinterpret_cast<Links *>(elem(i)); }
  uint8_t *key_of(uint32_t i) const { return elem(i) + key_offset_; }
  uint8_t *slot(uint32_t i, unsigned s) const {
    return elem(i) + value_offset_ + static_cast<size_t>(s) * stride_;
  }
  unsigned slot_index(unsigned cpu) const { return percpu_ ? cpu % slots_ : 0; }

  // Array: the index a key names, or kNil past the end.
  uint32_t array_index(const void *key) const;
  // Hash: the element holding key, or kNil.
  uint32_t find(const void *key) const;
  // A free element for a new entry, evicting (LRU) if full; kNil if full.
  uint32_t allocate();
  // Links element i (holding key) in as the newest entry.
  void insert(uint32_t i, const void *key);
  void remove(uint32_t i);
  void touch(uint32_t i); // LRU: most recently used
  void unlink_order(uint32_t i);
  void unlink_lru(uint32_t i);
  // Looks key up or makes an entry (flags checked): the element or a
  // negative errno; *created says which.
  int64_t find_or_insert(const void *key, uint64_t flags, bool *created);

  Map desc_;
  bool percpu_ = false, lru_ = false;
  unsigned slots_ = 1;
  size_t stride_ = 0;
  size_t key_offset_ = 0, value_offset_ = 0, elem_size_ = 0;
  uint8_t *storage_ = nullptr;
  size_t storage_size_ = 0;

  mutable std::mutex mu_;
  // Hash maps: key bytes (viewing the element's own copy) -> element.
  std::unordered_map<std::string_view, uint32_t> index_;
  uint32_t next_unused_ = 0;       // elements never used yet start here
  std::vector<uint32_t> free_;     // erased elements
  uint32_t order_head_ = kNil, order_tail_ = kNil;
  uint32_t lru_head_ = kNil, lru_tail_ = kNil;
};

// An events channel (IU_MAP_EVENTS).
class EventQueue {
public:
  explicit EventQueue(const Map &desc, unsigned ncpus);
  ~EventQueue();
  EventQueue(const EventQueue &) = delete;
  EventQueue &operator=(const EventQueue &) = delete;

  bool ok() const { return efd_ >= 0; }
  const Map &desc() const { return desc_; }

  // Queues size bytes from CPU cpu: 0, or -ENOSPC when that CPU's buffer
  // is full (the record is dropped and counted).
  int output(const void *data, size_t size, unsigned cpu);

  using Fn = int (*)(void *ctx, int cpu, const void *data, size_t size);
  // Waits up to timeout_ms (-1: no limit) for a record, then hands every
  // record queued when it started to fn, oldest first. Returns the number
  // handled, fn's non-zero return (that record is consumed, the rest stay
  // queued), or a negative errno.
  int poll(int timeout_ms, Fn fn, void *ctx);
  bool empty() const { return queued_.load(std::memory_order_acquire) == 0; }
  uint64_t lost() const { return lost_.load(std::memory_order_relaxed); }
  // Readable while records are queued.
  int fd() const { return efd_; }

private:
  struct Record {
    unsigned cpu;
    std::vector<uint8_t> data;
  };
  static size_t cost(size_t size) { return ((size + 7) & ~size_t{7}) + 8; }

  Map desc_;
  unsigned ncpus_;
  int efd_ = -1;
  std::mutex mu_;
  std::deque<Record> records_;
  std::vector<size_t> used_; // bytes queued per CPU
  std::atomic<size_t> queued_{0};
  std::atomic<uint64_t> lost_{0};
};

// An object's maps, in .maps order, and how the image names them: the
// run-time address of each descriptor.
class MapTable {
public:
  // Makes every map of image (mapped at base, 0 before load: then
  // from_address finds nothing). Returns 0 or a negative errno with *error
  // set.
  int create(const Image &image, unsigned ncpus, std::string *error);
  void set_base(uintptr_t base, const Image &image);

  size_t size() const { return keyed_.size(); }
  UserMap *keyed(size_t i) const { return keyed_[i].get(); }
  EventQueue *events(size_t i) const { return events_[i].get(); }

  // The map whose descriptor is at addr in the mapped image, or npos: an
  // exact multiple of the descriptor size inside the table.
  static constexpr size_t npos = SIZE_MAX;
  size_t from_address(const void *addr) const;

private:
  uintptr_t first_ = 0; // run-time address of .maps
  std::vector<std::unique_ptr<UserMap>> keyed_;   // null for events maps
  std::vector<std::unique_ptr<EventQueue>> events_; // null for keyed maps
};

} // namespace iu::user
