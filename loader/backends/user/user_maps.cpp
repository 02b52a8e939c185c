#include "user_maps.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <iu/abi.h>

namespace iu::user {
namespace {

size_t round8(size_t v) { return (v + 7) & ~size_t{7}; }

} // namespace

// ---- UserMap ----

UserMap::UserMap(const Map &desc, unsigned ncpus) : desc_(desc) {
  percpu_ = desc.type == IU_MAP_PERCPU_ARRAY || desc.type == IU_MAP_PERCPU_HASH;
  lru_ = desc.type == IU_MAP_LRU_HASH;
  slots_ = percpu_ ? (ncpus ? ncpus : 1) : 1;
  stride_ = round8(desc.value_size);
  if (is_array()) {
    value_offset_ = 0;
    elem_size_ = slots_ * stride_;
  } else {
    key_offset_ = sizeof(Links);
    value_offset_ = key_offset_ + round8(desc.key_size);
    elem_size_ = value_offset_ + slots_ * stride_;
  }
  storage_size_ = elem_size_ * desc.max_entries;
  if (storage_size_ == 0)
    storage_size_ = 1;
  // Reserved, zeroed, committed page by page as entries are used.
  void *m = mmap(nullptr, storage_size_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m != MAP_FAILED)
    storage_ = static_cast<uint8_t *>(m);
  if (!is_array())
    index_.reserve(desc.max_entries < 4096 ? desc.max_entries : 4096);
}

UserMap::~UserMap() {
  if (storage_)
    munmap(storage_, storage_size_);
}

bool UserMap::is_array() const {
  return desc_.type == IU_MAP_ARRAY || desc_.type == IU_MAP_PERCPU_ARRAY;
}

uint32_t UserMap::array_index(const void *key) const {
  uint32_t i;
  memcpy(&i, key, sizeof(i));
  return i < desc_.max_entries ? i : kNil;
}

uint32_t UserMap::find(const void *key) const {
  auto it = index_.find(std::string_view(static_cast<const char *>(key), desc_.key_size));
  return it == index_.end() ? kNil : it->second;
}

void UserMap::unlink_order(uint32_t i) {
  Links &l = links(i);
  (l.order_prev == kNil ? order_head_ : links(l.order_prev).order_next) = l.order_next;
  (l.order_next == kNil ? order_tail_ : links(l.order_next).order_prev) = l.order_prev;
  l.order_prev = l.order_next = kNil;
}

void UserMap::unlink_lru(uint32_t i) {
  Links &l = links(i);
  (l.lru_prev == kNil ? lru_head_ : links(l.lru_prev).lru_next) = l.lru_next;
  (l.lru_next == kNil ? lru_tail_ : links(l.lru_next).lru_prev) = l.lru_prev;
  l.lru_prev = l.lru_next = kNil;
}

void UserMap::touch(uint32_t i) {
  if (!lru_ || lru_head_ == i)
    return;
  unlink_lru(i);
  Links &l = links(i);
  l.lru_next = lru_head_;
  if (lru_head_ != kNil)
    links(lru_head_).lru_prev = i;
  lru_head_ = i;
  if (lru_tail_ == kNil)
    lru_tail_ = i;
}

void UserMap::insert(uint32_t i, const void *key) {
  memcpy(key_of(i), key, desc_.key_size);
  index_.emplace(std::string_view(reinterpret_cast<const char *>(key_of(i)), desc_.key_size), i);
  Links &l = links(i);
  l.order_prev = order_tail_;
  l.order_next = kNil;
  if (order_tail_ != kNil)
    links(order_tail_).order_next = i;
  else
    order_head_ = i;
  order_tail_ = i;
  l.lru_prev = l.lru_next = kNil;
  if (lru_) {
    l.lru_next = lru_head_;
    if (lru_head_ != kNil)
      links(lru_head_).lru_prev = i;
    lru_head_ = i;
    if (lru_tail_ == kNil)
      lru_tail_ = i;
  }
}

void UserMap::remove(uint32_t i) {
  index_.erase(std::string_view(reinterpret_cast<const char *>(key_of(i)), desc_.key_size));
  unlink_order(i);
  if (lru_)
    unlink_lru(i);
  free_.push_back(i);
}

uint32_t UserMap::allocate() {
  if (free_.empty()) {
    if (next_unused_ < desc_.max_entries)
      return next_unused_++;
    if (!lru_ || lru_tail_ == kNil)
      return kNil;
    remove(lru_tail_); // the least recently used entry makes room
  }
  uint32_t i = free_.back();
  free_.pop_back();
  return i;
}

int64_t UserMap::find_or_insert(const void *key, uint64_t flags, bool *created) {
  *created = false;
  uint32_t i = find(key);
  if (i != kNil) {
    if (flags == IU_MAP_NOEXIST)
      return -EEXIST;
    touch(i);
    return i;
  }
  if (flags == IU_MAP_EXIST)
    return -ENOENT;
  i = allocate();
  if (i == kNil)
    return -E2BIG;
  insert(i, key);
  *created = true;
  return i;
}

int UserMap::lookup(const void *key, void *value, unsigned cpu) {
  std::lock_guard lock(mu_);
  uint32_t i = is_array() ? array_index(key) : find(key);
  if (i == kNil) {
    memset(value, 0, desc_.value_size);
    return -ENOENT;
  }
  touch(i);
  memcpy(value, slot(i, slot_index(cpu)), desc_.value_size);
  return 0;
}

void *UserMap::lookup_ref(const void *key, unsigned cpu) {
  std::lock_guard lock(mu_);
  uint32_t i = is_array() ? array_index(key) : find(key);
  if (i == kNil)
    return nullptr;
  touch(i);
  return slot(i, slot_index(cpu));
}

int UserMap::update(const void *key, const void *value, uint64_t flags, unsigned cpu) {
  if (flags > IU_MAP_EXIST)
    return -EINVAL;
  std::lock_guard lock(mu_);
  if (is_array()) {
    uint32_t i = array_index(key);
    if (i == kNil)
      return -E2BIG;
    if (flags == IU_MAP_NOEXIST)
      return -EEXIST;
    memcpy(slot(i, slot_index(cpu)), value, desc_.value_size);
    return 0;
  }
  bool created;
  int64_t i = find_or_insert(key, flags, &created);
  if (i < 0)
    return static_cast<int>(i);
  auto e = static_cast<uint32_t>(i);
  if (created && percpu_)
    memset(slot(e, 0), 0, slots_ * stride_);
  memcpy(slot(e, slot_index(cpu)), value, desc_.value_size);
  return 0;
}

int UserMap::erase(const void *key) {
  if (is_array())
    return -EINVAL;
  std::lock_guard lock(mu_);
  uint32_t i = find(key);
  if (i == kNil)
    return -ENOENT;
  remove(i);
  return 0;
}

int UserMap::add(const void *key, uint64_t delta, unsigned cpu) {
  if (desc_.value_size != 4 && desc_.value_size != 8)
    return -EINVAL;
  std::lock_guard lock(mu_);
  uint32_t i = is_array() ? array_index(key) : find(key);
  if (i == kNil)
    return -ENOENT;
  touch(i);
  uint8_t *v = slot(i, slot_index(cpu)); // 8-aligned
  if (desc_.value_size == 4)
    __atomic_fetch_add(reinterpret_cast<uint32_t *>(v), static_cast<uint32_t>(delta),
                       __ATOMIC_RELAXED);
  else
    __atomic_fetch_add(reinterpret_cast<uint64_t *>(v), delta, __ATOMIC_RELAXED);
  return 0;
}

int UserMap::lookup_all(const void *key, void *values) {
  std::lock_guard lock(mu_);
  uint32_t i = is_array() ? array_index(key) : find(key);
  if (i == kNil)
    return -ENOENT;
  // Slot padding is never written: it reads as zero.
  memcpy(values, slot(i, 0), user_value_size());
  return 0;
}

int UserMap::update_all(const void *key, const void *values, uint64_t flags) {
  if (flags > IU_MAP_EXIST)
    return -EINVAL;
  std::lock_guard lock(mu_);
  uint32_t e;
  if (is_array()) {
    e = array_index(key);
    if (e == kNil)
      return -E2BIG;
    if (flags == IU_MAP_NOEXIST)
      return -EEXIST;
  } else {
    bool created;
    int64_t i = find_or_insert(key, flags, &created);
    if (i < 0)
      return static_cast<int>(i);
    e = static_cast<uint32_t>(i);
  }
  auto *in = static_cast<const uint8_t *>(values);
  for (unsigned s = 0; s < slots_; ++s) // each slot's value, not its padding
    memcpy(slot(e, s), in + s * stride_, desc_.value_size);
  return 0;
}

int UserMap::next_key(const void *key, void *next) {
  std::lock_guard lock(mu_);
  if (is_array()) {
    uint32_t n = desc_.max_entries, i = key ? array_index(key) : kNil;
    if (i != kNil && i + 1 >= n)
      return -ENOENT;
    uint32_t out = i == kNil ? 0 : i + 1;
    if (out >= n)
      return -ENOENT;
    memcpy(next, &out, sizeof(out));
    return 0;
  }
  uint32_t i = key ? find(key) : kNil;
  uint32_t out = i == kNil ? order_head_ : links(i).order_next;
  if (out == kNil)
    return -ENOENT;
  memcpy(next, key_of(out), desc_.key_size);
  return 0;
}

// ---- EventQueue ----

EventQueue::EventQueue(const Map &desc, unsigned ncpus)
    : desc_(desc), ncpus_(ncpus ? ncpus : 1), used_(ncpus_, 0) {
  efd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

EventQueue::~EventQueue() {
  if (efd_ >= 0)
    close(efd_);
}

int EventQueue::output(const void *data, size_t size, unsigned cpu) {
  cpu %= ncpus_;
  size_t c = cost(size);
  std::lock_guard lock(mu_);
  if (used_[cpu] + c > kEventBufferBytes) {
    lost_.fetch_add(1, std::memory_order_relaxed);
    return -ENOSPC;
  }
  auto *p = static_cast<const uint8_t *>(data);
  records_.push_back(Record{cpu, std::vector<uint8_t>(p, p + size)});
  used_[cpu] += c;
  if (queued_.fetch_add(1, std::memory_order_release) == 0) {
    uint64_t one = 1;
    (void)!write(efd_, &one, sizeof(one));
  }
  return 0;
}

int EventQueue::poll(int timeout_ms, Fn fn, void *ctx) {
  if (empty() && timeout_ms != 0) {
    pollfd p{efd_, POLLIN, 0};
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0)
      return -errno;
  }
  size_t ready = queued_.load(std::memory_order_acquire);
  int handled = 0;
  for (size_t k = 0; k < ready; ++k) {
    Record r;
    {
      std::lock_guard lock(mu_);
      if (records_.empty())
        break;
      r = std::move(records_.front());
      records_.pop_front();
      used_[r.cpu] -= cost(r.data.size());
      if (queued_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        uint64_t v;
        (void)!read(efd_, &v, sizeof(v)); // empty: no longer readable
      }
    }
    ++handled;
    int rc = fn(ctx, static_cast<int>(r.cpu), r.data.data(), r.data.size());
    if (rc != 0)
      return rc;
  }
  return handled;
}

// ---- MapTable ----

int MapTable::create(const Image &image, unsigned ncpus, std::string *error) {
  keyed_.clear();
  events_.clear();
  for (const Map &m : image.maps) {
    if (m.type == IU_MAP_EVENTS) {
      auto q = std::make_unique<EventQueue>(m, ncpus);
      if (!q->ok()) {
        int e = errno;
        *error = "map '" + m.name + "': cannot make its event fd: " + strerror(e);
        return -e;
      }
      keyed_.push_back(nullptr);
      events_.push_back(std::move(q));
    } else {
      auto k = std::make_unique<UserMap>(m, ncpus);
      if (!k->ok()) {
        *error = "map '" + m.name + "': cannot reserve its storage: " + strerror(ENOMEM);
        return -ENOMEM;
      }
      keyed_.push_back(std::move(k));
      events_.push_back(nullptr);
    }
  }
  return 0;
}

void MapTable::set_base(uintptr_t base, const Image &image) {
  first_ = image.maps_addr && !image.maps.empty() ? base + image.maps_addr : 0;
}

size_t MapTable::from_address(const void *addr) const {
  auto a = reinterpret_cast<uintptr_t>(addr);
  if (!first_ || a < first_)
    return npos;
  uintptr_t off = a - first_;
  if (off % sizeof(iu_map_desc) != 0)
    return npos;
  size_t i = off / sizeof(iu_map_desc);
  return i < keyed_.size() ? i : npos;
}

} // namespace iu::user
