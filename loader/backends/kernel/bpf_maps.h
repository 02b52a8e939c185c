// The BPF maps of one object on the kernel backend: one real BPF map per
// .maps descriptor, made with libbpf before the load (iu.ko takes their
// fds, docs/kernel.md), and a libbpf perf buffer on each events map.
// Keyed maps are made BPF_F_RDONLY_PROG and frozen: their fds read
// (lookup, next key, bpftool map dump), and only iu.ko writes them.
//
// An events map is a BPF_MAP_TYPE_PERF_EVENT_ARRAY with one perf event
// per possible CPU, installed by perf_buffer__new through the map's fd.
// What it drops is counted by iu.ko (IU_OBJ_MAP_INFO), not here: perf's
// lost-records notice comes only with the next record that fits.
// The kernel clears those entries when that fd is closed, even while iu.ko
// holds the map, so the fds stay open as long as this object lives (and
// the kernel object is closed before it).
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <iu/image.h>

#include "backend.h"

struct perf_buffer;

namespace iu {

class BpfMaps {
public:
  BpfMaps() = default;
  BpfMaps(const BpfMaps &) = delete;
  BpfMaps &operator=(const BpfMaps &) = delete;
  ~BpfMaps();

  // Creates the maps (named after the C++ variable, cut to BPF's 15
  // characters) and the events maps' perf buffers. 0, or a negative errno
  // with *error set to a one-line reason naming the map.
  int create(const std::vector<Map> &maps, std::string *error);

  // One fd per map, in .maps order: what IU_IOC_LOAD takes.
  const std::vector<int> &fds() const { return fds_; }

  // Events maps. poll: waits up to timeout_ms for records and hands every
  // ready one to sink (per CPU in order); the number handled, the sink's
  // non-zero return (records after it wait for the next poll), or a
  // negative errno. consume: the same without waiting; *stopped says
  // whether the sink returned non-zero.
  int poll(size_t map, int timeout_ms, const EventSink &sink);
  int consume(size_t map, const EventSink &sink, bool *stopped);
  int events_fd(size_t map) const;
  bool is_events(size_t map) const { return map < events_.size() && events_[map] != nullptr; }

private:
  // What a perf buffer's callbacks work on.
  struct Events {
    perf_buffer *pb = nullptr;
    uint32_t value_size = 0;
    // During one poll: where records go, how many went, and the sink's
    // non-zero return, after which records are kept for the next poll.
    const EventSink *sink = nullptr;
    int handled = 0;
    int stop = 0;
    struct Pending {
      int cpu;
      std::vector<uint8_t> data;
    };
    std::deque<Pending> pending;
  };
  static void on_sample(void *ctx, int cpu, void *data, uint32_t size);
  int deliver(Events &ev, const EventSink &sink, int timeout_ms, bool wait);

  std::vector<int> fds_;
  std::vector<std::unique_ptr<Events>> events_; // by map index; null if not events
};

} // namespace iu
