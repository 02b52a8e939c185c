// The image of libiu_maps_test.cpp: one map of each kind, an events
// channel and configurations of each kind. One test run of `prog` counts
// in every map, outputs two records and copies the configuration into
// `seen`, so the test can compare what user space set and read with what
// the program did.
#include <iu/iu.h>

IU_LICENSE("GPL");

struct pair_t {
  iu::u32 a;
  iu::u32 b;
};

IU_MAP(arr, iu::array_map<iu::u64, 4>);
IU_MAP(hash, iu::hash_map<iu::u32, iu::u64, 3>);
IU_MAP(pcpu, iu::percpu_array<iu::u32, 2>);
IU_MAP(phash, iu::percpu_hash<iu::u64, pair_t, 4>);
IU_MAP(lru, iu::lru_hash<iu::u32, iu::u32, 2>);
IU_MAP(ev, iu::events<pair_t>);
IU_MAP(seen, iu::hash_map<iu::u32, iu::s64, 8>);

using tag_t = iu::array<char, 6>;
IU_CONFIG(iu::u32, target, 7);
IU_CONFIG(iu::s8, tiny, -1);
IU_CONFIG(bool, flag, true);
IU_CONFIG(tag_t, tag, "ab");
IU_CONFIG(pair_t, both, (pair_t{1, 2}));

namespace {

int prog(const iu::syscall_tp_ctx &) {
  arr.add(1, 1);
  if (!hash.add(5, 1))
    hash.update(5, 100);
  pcpu.add(0, 1);
  if (!phash.update_with(9, [](pair_t &p) { p.a += 1; }))
    phash.update(9, pair_t{1, 0});
  lru.update(iu::u32{1}, 1);
  // What user space wrote into the hash (key 6) comes back in seen.
  seen.update(6, static_cast<iu::s64>(hash.lookup(6).value_or(0)));
  seen.update(0, target);
  seen.update(1, tiny);
  seen.update(2, flag ? 1 : 0);
  const tag_t t = tag;
  seen.update(3, t[0]);
  const pair_t b = both;
  seen.update(4, b.a * 10 + b.b);
  ev.output(pair_t{1, 2});
  ev.output(pair_t{3, 4});
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
