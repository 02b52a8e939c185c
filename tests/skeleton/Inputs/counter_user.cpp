// The user-space side of counter.cpp, written against its skeleton
// (iu-gen-skeleton): sets the configuration, runs a command on the user
// backend, and reads the counts, the per-CPU total and the events back.
//
//   counter_user IMAGE
#include "counter_shared.h"
#include "counter.skel.hpp"

#include <algorithm>
#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: counter_user IMAGE\n");
    return 2;
  }
  try {
    IU_OPTS(iu_object_open_opts, opts, .backend = IU_BACKEND_USER);
    auto s = counter_skel::open(argv[1], &opts);
    printf("defaults: watch_fd=%u large_from=%llu tag='%s'\n", s.config.watch_fd,
           static_cast<unsigned long long>(s.config.large_from), s.config.tag.str().c_str());
    s.config.watch_fd = 1;
    s.config.large_from = 4;
    s.config.tag = "hi";
    s.load();
    s.attach();
    // Three writes to fd 1 ("a\n", "hello\n", "xyz\n") and one to fd 2
    // (the shell's complaint about cd).
    int status = s.run({"sh", "-c", "exec >/dev/null 2>&1; echo a; echo hello; echo xyz; cd /nonexistent; true"});
    printf("command exited %d\n", status);

    auto entries = s.maps.counts.entries();
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
      return a.first.cls < b.first.cls;
    });
    for (const auto &[k, n] : entries)
      printf("count fd=%u class=%s tagged=%d tag='%s': %llu\n", k.fd,
             k.cls == counter::size_class::small ? "small" : "large", k.tagged, k.tag,
             static_cast<unsigned long long>(n));
    counter::key missing{};
    missing.fd = 7;
    printf("lookup of an absent key: %s\n", s.maps.counts.lookup(missing) ? "found" : "nullopt");
    printf("total over %d cpus: %llu\n", decltype(s.maps.totals)::cpus(),
           static_cast<unsigned long long>(s.maps.totals.sum(0).value_or(0)));

    // The user side may write too: an update the program did not make.
    counter::key mine{};
    mine.fd = 9;
    mine.cls = counter::size_class::small;
    int first = s.maps.counts.update(mine, 5);
    int again = s.maps.counts.update(mine, 6, IU_MAP_NOEXIST);
    printf("update: %d, again with noexist: %d\n", first, again);
    unsigned long long value = s.maps.counts.lookup(mine).value_or(0);
    bool erased = s.maps.counts.erase(mine);
    bool erased_again = s.maps.counts.erase(mine);
    printf("lookup: %llu, erase: %d, erase again: %d\n", value, erased, erased_again);

    int handled = s.events.poll([](const counter::event &e) {
      // (seq counts per CPU: not printed, the command may move between CPUs)
      printf("event fd=%u size=%llu\n", e.fd, static_cast<unsigned long long>(e.size));
    });
    printf("events handled: %d, lost: %llu\n", handled,
           static_cast<unsigned long long>(s.events.lost()));
    return 0;
  } catch (const iu_skel::error &e) {
    fprintf(stderr, "counter_user: %s\n", e.what());
    return 1;
  }
}
