// The kernel backend's maps: real BPF maps made with libbpf (bpf_maps.h).
#include "bpf_maps.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace iu {
namespace {

// Pages of each CPU's perf buffer (a power of two): 256 KiB, room for
// about 16,000 records of 16 bytes between two drains.
constexpr size_t kPerfBufferPages = 64;

bpf_map_type bpf_type_of(uint32_t type) {
  switch (type) {
  case IU_MAP_ARRAY:
    return BPF_MAP_TYPE_ARRAY;
  case IU_MAP_HASH:
    return BPF_MAP_TYPE_HASH;
  case IU_MAP_PERCPU_ARRAY:
    return BPF_MAP_TYPE_PERCPU_ARRAY;
  case IU_MAP_PERCPU_HASH:
    return BPF_MAP_TYPE_PERCPU_HASH;
  case IU_MAP_LRU_HASH:
    return BPF_MAP_TYPE_LRU_HASH;
  case IU_MAP_EVENTS:
    return BPF_MAP_TYPE_PERF_EVENT_ARRAY;
  default:
    return BPF_MAP_TYPE_UNSPEC;
  }
}

} // namespace

BpfMaps::~BpfMaps() {
  for (auto &ev : events_)
    if (ev && ev->pb)
      perf_buffer__free(ev->pb);
  for (int fd : fds_)
    if (fd >= 0)
      ::close(fd);
}

int BpfMaps::create(const std::vector<Map> &maps, std::string *error) {
  fds_.assign(maps.size(), -1);
  events_.resize(maps.size());
  for (size_t i = 0; i < maps.size(); ++i) {
    const Map &m = maps[i];
    bool events = m.type == IU_MAP_EVENTS;
    // BPF keeps IU_BPF_NAME_MAX - 1 characters; the validator allowed
    // only the characters BPF accepts in a name.
    std::string name = m.name.substr(0, IU_BPF_NAME_MAX - 1);
    // An events map: one perf event per possible CPU, each a 4-byte fd.
    // A keyed map: read-only for BPF programs (the verifier refuses their
    // writes) and frozen before the load (no bpf() write through any fd),
    // as iu.ko requires: nothing outside iu may hold its locks where an
    // iu program runs. User space writes it through iu.ko.
    LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_RDONLY_PROG);
    int fd = events ? bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, name.c_str(), 4, 4,
                                     static_cast<uint32_t>(num_cpus()), nullptr)
                    : bpf_map_create(bpf_type_of(m.type), name.c_str(), m.key_size,
                                     m.value_size, m.max_entries, &opts);
    if (fd < 0) {
      int e = errno;
      *error = "map '" + m.name + "': cannot create its BPF map: " + strerror(e) +
               (e == EPERM ? " (creating BPF maps needs CAP_BPF or CAP_SYS_ADMIN)" : "");
      return -e;
    }
    fds_[i] = fd;
    if (!events) {
      if (bpf_map_freeze(fd) < 0) {
        int e = errno;
        *error = "map '" + m.name + "': cannot freeze its BPF map: " + strerror(e);
        return -e;
      }
      continue;
    }
    auto ev = std::make_unique<Events>();
    ev->value_size = m.value_size;
    // Before the load: iu.ko can write to a CPU's buffer only once its
    // perf event is in the map.
    ev->pb = perf_buffer__new(fd, kPerfBufferPages, on_sample, nullptr, ev.get(), nullptr);
    if (!ev->pb) {
      int e = errno;
      *error = "map '" + m.name + "': cannot open its perf buffers: " + strerror(e);
      return -e;
    }
    events_[i] = std::move(ev);
  }
  return 0;
}

// A record arrives with perf's padding (its size rounded so that the
// record stays 8-byte aligned): the sink gets the event's own size.
void BpfMaps::on_sample(void *ctx, int cpu, void *data, uint32_t size) {
  auto &ev = *static_cast<Events *>(ctx);
  size_t n = size < ev.value_size ? size : ev.value_size;
  if (ev.stop || !ev.sink || !ev.sink->fn) {
    auto *bytes = static_cast<const uint8_t *>(data);
    ev.pending.push_back({cpu, std::vector<uint8_t>(bytes, bytes + n)});
    return;
  }
  int rc = ev.sink->fn(ev.sink->ctx, cpu, data, n);
  ev.handled++;
  if (rc)
    ev.stop = rc;
}

// Records kept from an earlier poll go first, then whatever the buffers
// hold (waiting up to timeout_ms if wait and nothing was kept).
int BpfMaps::deliver(Events &ev, const EventSink &sink, int timeout_ms, bool wait) {
  ev.sink = &sink;
  ev.handled = 0;
  ev.stop = 0;
  while (!ev.pending.empty() && !ev.stop) {
    Events::Pending p = std::move(ev.pending.front());
    ev.pending.pop_front();
    int rc = sink.fn ? sink.fn(sink.ctx, p.cpu, p.data.data(), p.data.size()) : 0;
    ev.handled++;
    if (rc)
      ev.stop = rc;
  }
  int rc = 0;
  if (!ev.stop) {
    if (wait && ev.handled == 0)
      rc = perf_buffer__poll(ev.pb, timeout_ms);
    else
      rc = perf_buffer__consume(ev.pb);
  }
  ev.sink = nullptr;
  if (ev.stop)
    return ev.stop;
  if (rc < 0 && rc != -EINTR)
    return rc;
  return ev.handled;
}

int BpfMaps::poll(size_t map, int timeout_ms, const EventSink &sink) {
  if (!is_events(map))
    return -EINVAL;
  return deliver(*events_[map], sink, timeout_ms, true);
}

int BpfMaps::consume(size_t map, const EventSink &sink, bool *stopped) {
  if (!is_events(map))
    return -EINVAL;
  int rc = deliver(*events_[map], sink, 0, false);
  *stopped = events_[map]->stop != 0;
  return rc;
}

int BpfMaps::events_fd(size_t map) const {
  return is_events(map) ? perf_buffer__epoll_fd(events_[map]->pb) : -EINVAL;
}

} // namespace iu
