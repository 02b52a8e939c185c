// libiu's configuration, map and events API on the user backend, with the
// image Inputs/maps_image.cpp (signed here with a key of its own); then the
// user backend's maps and events queues and the value formatter directly.
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <poll.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <iu/abi.h>
#include <iu/libiu.h>
#include <iu/signer.h>

#include "user_maps.h"
#include "value_format.h"

namespace {

struct pair_t {
  uint32_t a, b;
};

class LibiuMaps : public testing::Test {
protected:
  static void SetUpTestSuite() {
    std::string tmpl = testing::TempDir() + "libiu_maps_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = new std::string(tmpl);
    ASSERT_EQ(iu_key__generate((*dir_ + "/key").c_str(), nullptr, nullptr), 0) << iu_last_error();
    cert_ = new std::string(*dir_ + "/key/" IU_CERT_FILE);
    image_ = new std::string(*dir_ + "/maps.iu");
    ASSERT_EQ(iu_sig__sign_file(IU_TEST_MAPS_IMAGE, image_->c_str(),
                                (*dir_ + "/key/" IU_KEY_FILE).c_str(), cert_->c_str()),
              0)
        << iu_last_error();
  }
  static void TearDownTestSuite() {
    if (dir_)
      std::filesystem::remove_all(*dir_);
  }
  void SetUp() override {
    devnull_ = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(devnull_, 0);
    const char *certs[] = {cert_->c_str()};
    IU_OPTS(iu_object_open_opts, o, .backend = IU_BACKEND_USER, .trusted_certs = certs,
            .trusted_cert_cnt = 1, .no_default_trust = true);
    obj_ = iu_object__open_file(image_->c_str(), &o);
    ASSERT_NE(obj_, nullptr) << iu_last_error();
  }
  void TearDown() override {
    iu_object__close(obj_);
    close(devnull_);
  }

  iu_map *map(const char *name) {
    iu_map *m = iu_object__find_map_by_name(obj_, name);
    EXPECT_NE(m, nullptr) << name;
    return m;
  }
  void load() { ASSERT_EQ(iu_object__load(obj_), 0) << iu_last_error(); }
  void test_run(unsigned repeat = 1) {
    IU_OPTS(iu_test_run_opts, t, .repeat = repeat, .trace_fd = devnull_);
    ASSERT_EQ(iu_program__test_run(iu_object__find_program_by_name(obj_, "prog"), &t), 0)
        << iu_last_error();
    ASSERT_EQ(t.status, IU_RUN_OK) << t.panic_msg;
  }
  int64_t seen(uint32_t key) {
    int64_t v = INT64_MIN;
    EXPECT_EQ(iu_map__lookup_elem(map("seen"), &key, sizeof(key), &v, sizeof(v), 0), 0)
        << iu_last_error();
    return v;
  }
  std::string error() { return iu_last_error(); }

  static std::string *dir_, *cert_, *image_;
  iu_object *obj_ = nullptr;
  int devnull_ = -1;
};
std::string *LibiuMaps::dir_, *LibiuMaps::cert_, *LibiuMaps::image_;

// ---- Configuration ----

TEST_F(LibiuMaps, ConfigurationsAreListedWithTheirDefaults) {
  const char *name;
  unsigned kind;
  size_t size;
  std::vector<std::string> names;
  for (size_t i = 0; iu_object__config_info(obj_, i, &name, &kind, &size) == 0; ++i)
    names.push_back(std::string(name) + ":" + std::to_string(kind) + ":" + std::to_string(size));
  EXPECT_EQ(names, (std::vector<std::string>{"target:2:4", "tiny:1:1", "flag:3:1", "tag:4:6",
                                             "both:5:8"}));
  EXPECT_EQ(iu_object__config_info(obj_, 5, &name, &kind, &size), -ENOENT);

  uint32_t target = 0;
  EXPECT_EQ(iu_object__get_config(obj_, "target", &target, sizeof(target)), 4);
  EXPECT_EQ(target, 7u);
  int8_t tiny = 0;
  EXPECT_EQ(iu_object__get_config(obj_, "tiny", &tiny, 1), 1);
  EXPECT_EQ(tiny, -1);
  char tag[6];
  EXPECT_EQ(iu_object__get_config(obj_, "tag", tag, sizeof(tag)), 6);
  EXPECT_EQ(std::string(tag, 6), std::string("ab\0\0\0\0", 6));
  EXPECT_EQ(iu_object__get_config(obj_, "tag", tag, 5), -EINVAL);
  EXPECT_EQ(iu_object__get_config(obj_, "nope", tag, 6), -ENOENT);
}

TEST_F(LibiuMaps, SetConfigChecksNameSizeAndValue) {
  uint64_t eight = 1;
  EXPECT_EQ(iu_object__set_config(obj_, "target", &eight, sizeof(eight)), -EINVAL);
  EXPECT_NE(error().find("maps.iu: configuration 'target' is 4 bytes, not 8"), std::string::npos)
      << error();
  uint8_t two = 2;
  EXPECT_EQ(iu_object__set_config(obj_, "flag", &two, 1), -EINVAL);
  EXPECT_NE(error().find("configuration 'flag' is a bool: 2 is not 0 or 1"), std::string::npos)
      << error();
  EXPECT_EQ(iu_object__set_config(obj_, "nope", &two, 1), -ENOENT);
  EXPECT_NE(error().find("no configuration named 'nope'"), std::string::npos) << error();

  EXPECT_EQ(iu_object__set_config_str(obj_, "tiny", "-129"), -ERANGE);
  EXPECT_NE(error().find("configuration 'tiny': '-129' is out of range for a signed 8-bit "
                         "integer (-128..127)"),
            std::string::npos)
      << error();
  EXPECT_EQ(iu_object__set_config_str(obj_, "tiny", "-128"), 0) << error();
  EXPECT_EQ(iu_object__set_config_str(obj_, "tiny", "0x7f"), 0) << error();
  EXPECT_EQ(iu_object__set_config_str(obj_, "tag", "abcdef"), -ERANGE);
  EXPECT_EQ(iu_object__set_config_str(obj_, "both", "1"), -EINVAL);
  EXPECT_NE(error().find("configuration 'both' is plain data of 8 bytes: set its bytes with "
                         "iu_object__set_config"),
            std::string::npos)
      << error();
  int8_t tiny = 0;
  EXPECT_EQ(iu_object__get_config(obj_, "tiny", &tiny, 1), 1);
  EXPECT_EQ(tiny, 127);

  load();
  uint32_t target = 1;
  EXPECT_EQ(iu_object__set_config(obj_, "target", &target, sizeof(target)), -EBUSY);
  EXPECT_NE(error().find("configuration 'target': the object is loaded"), std::string::npos)
      << error();
  EXPECT_EQ(iu_object__set_config_str(obj_, "target", "1"), -EBUSY);
}

TEST_F(LibiuMaps, ConfigurationReachesTheProgram) {
  ASSERT_EQ(iu_object__set_config_str(obj_, "target", "0x2a"), 0) << error();
  ASSERT_EQ(iu_object__set_config_str(obj_, "tiny", "-3"), 0) << error();
  ASSERT_EQ(iu_object__set_config_str(obj_, "flag", "false"), 0) << error();
  ASSERT_EQ(iu_object__set_config_str(obj_, "tag", "xyz"), 0) << error();
  pair_t both{2, 5};
  ASSERT_EQ(iu_object__set_config(obj_, "both", &both, sizeof(both)), 0) << error();
  load();
  test_run();
  EXPECT_EQ(seen(0), 42);
  EXPECT_EQ(seen(1), -3);
  EXPECT_EQ(seen(2), 0);
  EXPECT_EQ(seen(3), 'x');
  EXPECT_EQ(seen(4), 25);
}

TEST_F(LibiuMaps, DefaultsReachTheProgram) {
  load();
  test_run();
  EXPECT_EQ(seen(0), 7);
  EXPECT_EQ(seen(1), -1);
  EXPECT_EQ(seen(2), 1);
  EXPECT_EQ(seen(3), 'a');
  EXPECT_EQ(seen(4), 12);
}

// ---- Maps ----

TEST_F(LibiuMaps, MapsAreListedBeforeLoadAndUsableOnlyAfter) {
  std::vector<std::string> names;
  for (iu_map *m = iu_object__next_map(obj_, nullptr); m; m = iu_object__next_map(obj_, m))
    names.push_back(std::string(iu_map__name(m)) + ":" + iu_map_type_str(iu_map__type(m)));
  EXPECT_EQ(names, (std::vector<std::string>{"arr:array", "hash:hash", "pcpu:percpu_array",
                                             "phash:percpu_hash", "lru:lru_hash", "ev:events",
                                             "seen:hash"}));
  iu_map *phash = map("phash");
  EXPECT_EQ(iu_map__key_size(phash), 8u);
  EXPECT_EQ(iu_map__value_size(phash), 8u);
  EXPECT_EQ(iu_map__max_entries(phash), 4u);
  EXPECT_EQ(iu_map__value_size(map("ev")), 8u);

  errno = 0;
  EXPECT_EQ(iu_object__find_map_by_name(obj_, "nope"), nullptr);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_NE(error().find("no map named 'nope'"), std::string::npos) << error();

  uint32_t key = 0;
  uint64_t value = 0;
  EXPECT_EQ(iu_map__lookup_elem(map("arr"), &key, 4, &value, 8, 0), -EINVAL);
  EXPECT_NE(error().find("map 'arr': the object is not loaded"), std::string::npos) << error();
  EXPECT_EQ(iu_map__fd(map("arr")), -EINVAL);
  load();
  EXPECT_EQ(iu_map__lookup_elem(map("arr"), &key, 4, &value, 8, 0), 0) << error();
  EXPECT_EQ(iu_map__fd(map("arr")), -EOPNOTSUPP);
  EXPECT_NE(error().find("no BPF map fd"), std::string::npos) << error();
}

TEST_F(LibiuMaps, SizesAndKindsAreChecked) {
  load();
  uint64_t key8 = 0, value = 0;
  uint32_t key = 0;
  EXPECT_EQ(iu_map__lookup_elem(map("hash"), &key8, 8, &value, 8, 0), -EINVAL);
  EXPECT_NE(error().find("maps.iu: map 'hash': key is 8 bytes, the map's keys are 4"),
            std::string::npos)
      << error();
  EXPECT_EQ(iu_map__update_elem(map("hash"), &key, 4, &value, 4, 0), -EINVAL);
  EXPECT_NE(error().find("map 'hash': value is 4 bytes, the map's values are 8"), std::string::npos)
      << error();
  // Per-CPU: one 8-byte slot per CPU, even for a 4-byte value.
  int cpus = iu_num_cpus();
  ASSERT_GT(cpus, 0);
  std::vector<uint64_t> slots(static_cast<size_t>(cpus));
  EXPECT_EQ(iu_map__lookup_elem(map("pcpu"), &key, 4, slots.data(), 4, 0), -EINVAL);
  EXPECT_NE(error().find("map 'pcpu': value is 4 bytes, the map's values are " +
                         std::to_string(8 * cpus)),
            std::string::npos)
      << error();
  EXPECT_EQ(iu_map__lookup_elem(map("pcpu"), &key, 4, slots.data(), 8 * slots.size(), 0), 0)
      << error();

  EXPECT_EQ(iu_map__lookup_elem(map("ev"), &key, 4, &value, 8, 0), -EINVAL);
  EXPECT_NE(error().find("map 'ev' is an events map"), std::string::npos) << error();
  EXPECT_EQ(iu_map__poll_events(map("hash"), 0, [](void *, int, const void *, size_t) { return 0; },
                                nullptr),
            -EINVAL);
  EXPECT_NE(error().find("map 'hash' is not an events map"), std::string::npos) << error();
  EXPECT_EQ(iu_map__lookup_elem(map("hash"), &key, 4, &value, 8, 1), -EINVAL);
  EXPECT_EQ(iu_map__update_elem(map("hash"), &key, 4, &value, 8, 3), -EINVAL);
  EXPECT_NE(error().find("map 'hash': unknown update flags 3"), std::string::npos) << error();
  EXPECT_EQ(iu_map__delete_elem(map("hash"), &key, 4, 1), -EINVAL);
  EXPECT_EQ(iu_map__delete_elem(map("arr"), &key, 4, 0), -EINVAL);
  EXPECT_NE(error().find("map 'arr': entries of an array map cannot be deleted"),
            std::string::npos)
      << error();
  EXPECT_EQ(iu_map__lookup_elem(map("hash"), nullptr, 4, &value, 8, 0), -EINVAL);
  EXPECT_EQ(iu_map__lookup_elem(nullptr, &key, 4, &value, 8, 0), -EINVAL);
}

TEST_F(LibiuMaps, UserSpaceAndProgramsShareMaps) {
  load();
  iu_map *hash = map("hash");
  uint32_t key = 6;
  uint64_t value = 77;
  ASSERT_EQ(iu_map__update_elem(hash, &key, 4, &value, 8, IU_MAP_NOEXIST), 0) << error();
  test_run();
  EXPECT_EQ(seen(6), 77);
  key = 5;
  ASSERT_EQ(iu_map__lookup_elem(hash, &key, 4, &value, 8, 0), 0) << error();
  EXPECT_EQ(value, 100u); // the program made it
  test_run();
  ASSERT_EQ(iu_map__lookup_elem(hash, &key, 4, &value, 8, 0), 0) << error();
  EXPECT_EQ(value, 101u); // and added to it

  // BPF's update semantics from user space.
  EXPECT_EQ(iu_map__update_elem(hash, &key, 4, &value, 8, IU_MAP_NOEXIST), -EEXIST);
  EXPECT_NE(error().find("map 'hash': the key exists"), std::string::npos) << error();
  key = 9;
  EXPECT_EQ(iu_map__update_elem(hash, &key, 4, &value, 8, IU_MAP_EXIST), -ENOENT);
  EXPECT_EQ(iu_map__update_elem(hash, &key, 4, &value, 8, IU_MAP_ANY), 0) << error();
  key = 10;
  EXPECT_EQ(iu_map__update_elem(hash, &key, 4, &value, 8, IU_MAP_ANY), -E2BIG);
  EXPECT_NE(error().find("map 'hash': full (3 entries)"), std::string::npos) << error();

  // Iteration: in insertion order, every key once.
  std::vector<uint32_t> keys;
  uint32_t cur, next;
  for (int rc = iu_map__get_next_key(hash, nullptr, &next, 4); rc == 0;
       rc = iu_map__get_next_key(hash, &cur, &next, 4)) {
    keys.push_back(next);
    cur = next;
  }
  EXPECT_EQ(keys, (std::vector<uint32_t>{6, 5, 9}));
  // An absent key starts over, as in BPF.
  cur = 1234;
  EXPECT_EQ(iu_map__get_next_key(hash, &cur, &next, 4), 0);
  EXPECT_EQ(next, 6u);

  key = 5;
  EXPECT_EQ(iu_map__delete_elem(hash, &key, 4, 0), 0) << error();
  EXPECT_EQ(iu_map__delete_elem(hash, &key, 4, 0), -ENOENT);
  EXPECT_EQ(iu_map__lookup_elem(hash, &key, 4, &value, 8, 0), -ENOENT);
}

TEST_F(LibiuMaps, ArraysIterateEveryIndex) {
  load();
  iu_map *arr = map("arr");
  std::vector<uint32_t> keys;
  uint32_t cur, next;
  for (int rc = iu_map__get_next_key(arr, nullptr, &next, 4); rc == 0;
       rc = iu_map__get_next_key(arr, &cur, &next, 4)) {
    keys.push_back(next);
    cur = next;
  }
  EXPECT_EQ(keys, (std::vector<uint32_t>{0, 1, 2, 3}));
  cur = 100;
  EXPECT_EQ(iu_map__get_next_key(arr, &cur, &next, 4), 0);
  EXPECT_EQ(next, 0u);
  uint64_t value = 1;
  EXPECT_EQ(iu_map__update_elem(arr, &cur, 4, &value, 8, 0), -E2BIG);
  EXPECT_NE(error().find("map 'arr': index 100 is past the last entry (4 entries)"),
            std::string::npos)
      << error();
}

TEST_F(LibiuMaps, PerCpuValuesHaveASlotPerCpu) {
  load();
  size_t cpus = static_cast<size_t>(iu_num_cpus());
  iu_map *pcpu = map("pcpu");
  // Slots of 8 bytes for a 4-byte value: libbpf's layout.
  std::vector<uint64_t> in(cpus), out(cpus);
  for (size_t c = 0; c < cpus; ++c)
    in[c] = 0xdead000000000000ull | (c + 1); // the padding half is not stored
  uint32_t key = 1;
  ASSERT_EQ(iu_map__update_elem(pcpu, &key, 4, in.data(), 8 * cpus, 0), 0) << error();
  ASSERT_EQ(iu_map__lookup_elem(pcpu, &key, 4, out.data(), 8 * cpus, 0), 0) << error();
  for (size_t c = 0; c < cpus; ++c)
    EXPECT_EQ(out[c], c + 1) << c;

  test_run(3);
  key = 0;
  ASSERT_EQ(iu_map__lookup_elem(pcpu, &key, 4, out.data(), 8 * cpus, 0), 0) << error();
  uint64_t sum = 0;
  for (uint64_t v : out)
    sum += v;
  EXPECT_EQ(sum, 3u);

  std::vector<pair_t> pairs(cpus);
  uint64_t k9 = 9;
  ASSERT_EQ(iu_map__lookup_elem(map("phash"), &k9, 8, pairs.data(), 8 * cpus, 0), 0) << error();
  uint32_t a = 0;
  for (const pair_t &p : pairs)
    a += p.a;
  EXPECT_EQ(a, 3u);
}

// ---- Events ----

TEST_F(LibiuMaps, EventsArePolledInOrder) {
  load();
  iu_map *ev = map("ev");
  int fd = iu_map__events_fd(ev);
  ASSERT_GE(fd, 0) << error();
  pollfd p{fd, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 0);
  test_run(2);
  EXPECT_EQ(poll(&p, 1, 0), 1);

  struct Got {
    std::vector<uint32_t> values;
    int stop_after = 0;
  } got;
  auto fn = [](void *ctx, int cpu, const void *data, size_t size) {
    auto *g = static_cast<Got *>(ctx);
    EXPECT_EQ(size, sizeof(pair_t));
    EXPECT_GE(cpu, 0);
    pair_t r;
    memcpy(&r, data, sizeof(r));
    g->values.push_back(r.a);
    g->values.push_back(r.b);
    return g->stop_after && static_cast<int>(g->values.size()) / 2 == g->stop_after ? 42 : 0;
  };
  // A handler's non-zero return stops the poll and is returned; the rest
  // stay queued.
  got.stop_after = 1;
  EXPECT_EQ(iu_map__poll_events(ev, 0, fn, &got), 42);
  got.stop_after = 0;
  EXPECT_EQ(iu_map__poll_events(ev, 100, fn, &got), 3);
  EXPECT_EQ(got.values, (std::vector<uint32_t>{1, 2, 3, 4, 1, 2, 3, 4}));
  EXPECT_EQ(poll(&p, 1, 0), 0);
  EXPECT_EQ(iu_map__poll_events(ev, 0, fn, &got), 0);
  EXPECT_EQ(iu_map__events_lost(ev), 0u);
  EXPECT_EQ(iu_map__poll_events(ev, -2, fn, &got), -EINVAL);
  EXPECT_EQ(iu_map__poll_events(ev, 0, nullptr, &got), -EINVAL);
}

TEST_F(LibiuMaps, RunCommandHandsEventsToEventFn) {
  load();
  iu_link *link = iu_program__attach(iu_object__find_program_by_name(obj_, "prog"));
  ASSERT_NE(link, nullptr) << error();
  struct Got {
    iu_map *ev;
    int records = 0;
    bool right_map = true;
  } got{map("ev")};
  auto fn = [](void *ctx, iu_map *m, int, const void *, size_t size) {
    auto *g = static_cast<Got *>(ctx);
    g->right_map = g->right_map && m == g->ev && size == sizeof(pair_t);
    ++g->records;
    return 0;
  };
  IU_OPTS(iu_run_opts, o, .trace_fd = devnull_, .event_fn = fn, .event_ctx = &got);
  char *argv[] = {const_cast<char *>("sh"), const_cast<char *>("-c"),
                  const_cast<char *>("echo one >/dev/null; echo two >/dev/null"), nullptr};
  EXPECT_EQ(iu_object__run_command(obj_, argv, &o), 0) << error();
  EXPECT_GE(got.records, 4); // two per write
  EXPECT_EQ(got.records % 2, 0);
  EXPECT_TRUE(got.right_map);
  // Nothing is left for a poll.
  EXPECT_EQ(iu_map__poll_events(got.ev, 0, [](void *, int, const void *, size_t) { return 0; },
                                nullptr),
            0);
  EXPECT_EQ(iu_link__destroy(link), 0);
}

// ---- The user backend's maps, directly ----

iu::Map make_map(uint32_t type, uint32_t key_size, uint32_t value_size, uint32_t entries) {
  iu::Map m;
  m.name = "m";
  m.type = type;
  m.key_size = key_size;
  m.value_size = value_size;
  m.max_entries = entries;
  return m;
}

TEST(UserMap, ALentReferenceStaysInTheMapsStorage) {
  iu::user::UserMap m(make_map(IU_MAP_HASH, 4, 8, 2), 1);
  ASSERT_TRUE(m.ok());
  uint32_t k1 = 1, k2 = 2;
  uint64_t v = 10;
  ASSERT_EQ(m.update(&k1, &v, IU_MAP_ANY, 0), 0);
  void *ref = m.lookup_ref(&k1, 0);
  ASSERT_NE(ref, nullptr);
  // Erased during the same invocation: the element is the map's, free.
  ASSERT_EQ(m.erase(&k1), 0);
  EXPECT_EQ(m.lookup_ref(&k1, 0), nullptr);
  uint64_t through;
  memcpy(&through, ref, 8); // still readable: never freed
  EXPECT_EQ(through, 10u);
  // The next entry reuses it, as BPF's preallocated maps do.
  v = 20;
  ASSERT_EQ(m.update(&k2, &v, IU_MAP_ANY, 0), 0);
  EXPECT_EQ(m.lookup_ref(&k2, 0), ref);
}

TEST(UserMap, LruEvictsTheLeastRecentlyUsed) {
  iu::user::UserMap m(make_map(IU_MAP_LRU_HASH, 4, 4, 3), 1);
  uint32_t v = 0, out;
  for (uint32_t k = 1; k <= 3; ++k)
    ASSERT_EQ(m.update(&k, &k, IU_MAP_ANY, 0), 0);
  uint32_t k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5;
  ASSERT_EQ(m.add(&k1, 1, 0), 0);                   // use 1: 2 is the oldest
  ASSERT_EQ(m.lookup_all(&k2, &out), 0);            // user space does not use
  ASSERT_EQ(m.update(&k4, &v, IU_MAP_NOEXIST, 0), 0); // evicts 2
  EXPECT_EQ(m.lookup_all(&k2, &out), -ENOENT);
  ASSERT_EQ(m.lookup(&k3, &out, 0), 0);             // use 3: 1 is the oldest
  ASSERT_EQ(m.update(&k5, &v, IU_MAP_ANY, 0), 0);   // evicts 1
  EXPECT_EQ(m.lookup_all(&k1, &out), -ENOENT);
  EXPECT_EQ(m.lookup_all(&k3, &out), 0);
  EXPECT_EQ(m.update(&k3, &v, IU_MAP_NOEXIST, 0), -EEXIST);
}

TEST(UserMap, HashIsFullAtMaxEntries) {
  iu::user::UserMap m(make_map(IU_MAP_HASH, 4, 4, 2), 1);
  uint32_t a = 1, b = 2, c = 3;
  ASSERT_EQ(m.update(&a, &a, IU_MAP_ANY, 0), 0);
  ASSERT_EQ(m.update(&b, &b, IU_MAP_ANY, 0), 0);
  EXPECT_EQ(m.update(&c, &c, IU_MAP_ANY, 0), -E2BIG);
  EXPECT_EQ(m.update(&a, &c, IU_MAP_ANY, 0), 0); // replacing is not growing
  EXPECT_EQ(m.update(&a, &c, 4, 0), -EINVAL);
  ASSERT_EQ(m.erase(&b), 0);
  EXPECT_EQ(m.update(&c, &c, IU_MAP_NOEXIST, 0), 0);
}

TEST(UserMap, PerCpuHashFromAProgramZeroesTheOtherSlots) {
  iu::user::UserMap m(make_map(IU_MAP_PERCPU_HASH, 4, 4, 4), 3);
  ASSERT_EQ(m.user_value_size(), 24u);
  uint32_t k = 1;
  uint64_t all[3] = {5, 6, 7};
  ASSERT_EQ(m.update_all(&k, all, IU_MAP_ANY), 0);
  ASSERT_EQ(m.erase(&k), 0);
  uint32_t v = 9;
  ASSERT_EQ(m.update(&k, &v, IU_MAP_ANY, 1), 0); // reuses the element
  uint64_t out[3];
  ASSERT_EQ(m.lookup_all(&k, out), 0);
  EXPECT_EQ(out[0], 0u);
  EXPECT_EQ(out[1], 9u);
  EXPECT_EQ(out[2], 0u);
  ASSERT_EQ(m.add(&k, 2, 4), 0); // CPU 4 of 3 slots: wraps, never out of bounds
  ASSERT_EQ(m.lookup(&k, &v, 1), 0);
  EXPECT_EQ(v, 11u);
}

TEST(UserMap, LargestMapIsOnlyReserved) {
  iu::user::UserMap m(make_map(IU_MAP_HASH, 8, 8, IU_MAP_ENTRIES_MAX), 1);
  ASSERT_TRUE(m.ok());
  uint64_t k = 1, v = 2;
  EXPECT_EQ(m.update(&k, &v, IU_MAP_ANY, 0), 0);
  iu::user::UserMap a(make_map(IU_MAP_ARRAY, 4, 8, IU_MAP_ENTRIES_MAX), 1);
  ASSERT_TRUE(a.ok());
  uint32_t last = IU_MAP_ENTRIES_MAX - 1;
  EXPECT_EQ(a.lookup(&last, &v, 0), 0);
  EXPECT_EQ(v, 0u);
}

TEST(EventQueue, AFullBufferDropsAndCounts) {
  iu::user::EventQueue q(make_map(IU_MAP_EVENTS, 0, 56, 0), 2);
  ASSERT_TRUE(q.ok());
  char rec[56] = {};
  size_t fit = iu::user::kEventBufferBytes / 64;
  for (size_t i = 0; i < fit; ++i)
    ASSERT_EQ(q.output(rec, sizeof(rec), 0), 0) << i;
  EXPECT_EQ(q.output(rec, sizeof(rec), 0), -ENOSPC);
  EXPECT_EQ(q.output(rec, sizeof(rec), 1), 0); // each CPU has its own buffer
  EXPECT_EQ(q.lost(), 1u);
  int n = q.poll(0, [](void *, int, const void *, size_t) { return 0; }, nullptr);
  EXPECT_EQ(static_cast<size_t>(n), fit + 1);
  EXPECT_EQ(q.output(rec, sizeof(rec), 0), 0); // room again
}

TEST(MapTable, FindsMapsOnlyAtTheirDescriptors) {
  iu::Image image;
  image.maps = {make_map(IU_MAP_HASH, 4, 4, 1), make_map(IU_MAP_EVENTS, 0, 4, 0)};
  image.maps_addr = 0x1000;
  iu::user::MapTable t;
  std::string err;
  ASSERT_EQ(t.create(image, 1, &err), 0) << err;
  EXPECT_EQ(t.from_address(reinterpret_cast<void *>(0x1000)), t.npos); // not mapped yet
  uintptr_t base = 0x7f0000000000;
  t.set_base(base, image);
  auto at = [&](uintptr_t off) { return t.from_address(reinterpret_cast<void *>(base + off)); };
  EXPECT_EQ(at(0x1000), 0u);
  EXPECT_EQ(at(0x1000 + sizeof(iu_map_desc)), 1u);
  EXPECT_EQ(at(0x1000 + 2 * sizeof(iu_map_desc)), t.npos);
  EXPECT_EQ(at(0x1000 + 4), t.npos);
  EXPECT_EQ(at(0x1000 - sizeof(iu_map_desc)), t.npos);
  EXPECT_NE(t.keyed(0), nullptr);
  EXPECT_EQ(t.events(0), nullptr);
  EXPECT_EQ(t.keyed(1), nullptr);
  EXPECT_NE(t.events(1), nullptr);
}

// ---- Value formatting ----

std::string fmt(const std::vector<iu::TypeDesc> &types, uint32_t type,
                const std::vector<uint8_t> &bytes, iu::ValueStyle style) {
  std::string out;
  iu::format_value(&out, types, type, bytes.data(), bytes.size(), style);
  return out;
}

TEST(ValueFormat, UntypedValues) {
  using iu::ValueStyle;
  EXPECT_EQ(fmt({}, iu::kNoType, {0xff}, ValueStyle::Text), "255");
  EXPECT_EQ(fmt({}, iu::kNoType, {1, 1}, ValueStyle::Json), "257");
  EXPECT_EQ(fmt({}, iu::kNoType, {0, 0, 0, 0x80}, ValueStyle::Text), "2147483648");
  EXPECT_EQ(fmt({}, iu::kNoType, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                ValueStyle::Json),
            "18446744073709551615");
  EXPECT_EQ(fmt({}, iu::kNoType, {1, 2, 0xab}, ValueStyle::Text), "01 02 ab");
  EXPECT_EQ(fmt({}, iu::kNoType, {1, 2, 0xab}, ValueStyle::Json), "\"0102ab\"");
}

TEST(ValueFormat, BadTypeTablesFallBackToHex) {
  using iu::TypeDesc;
  using iu::ValueStyle;
  // A struct whose field lies past its end.
  TypeDesc i32{TypeDesc::Int, "int", 4, true};
  TypeDesc s{TypeDesc::Struct, "s", 4};
  s.fields = {{"x", 2, 0}};
  EXPECT_EQ(fmt({i32, s}, 1, {1, 0, 0, 0}, ValueStyle::Text), "01 00 00 00");
  // A field of an unknown type.
  s.fields = {{"x", 0, 7}};
  EXPECT_EQ(fmt({i32, s}, 1, {1, 0, 0, 0}, ValueStyle::Json), "\"01000000\"");
  // An array that contains itself: nesting stops.
  TypeDesc loop{TypeDesc::Array, "loop", 4};
  loop.elem = 0;
  loop.count = 1;
  std::string out = fmt({loop}, 0, {1, 2, 3, 4}, ValueStyle::Text);
  EXPECT_NE(out.find("01 02 03 04"), std::string::npos) << out;
  // A type whose size is not the value's.
  EXPECT_EQ(fmt({i32}, 0, {1, 0}, ValueStyle::Text), "01 00");
  // An integer of an odd size.
  TypeDesc odd{TypeDesc::Int, "odd", 3};
  EXPECT_EQ(fmt({odd}, 0, {1, 0, 0}, ValueStyle::Text), "01 00 00");
}

TEST(ValueFormat, StringsAreEscaped) {
  using iu::TypeDesc;
  TypeDesc chars{TypeDesc::Chars, "char[6]", 6};
  chars.count = 6;
  std::vector<uint8_t> s = {'a', '"', 1, '\\', 0, 'z'};
  EXPECT_EQ(fmt({chars}, 0, s, iu::ValueStyle::Json), "\"a\\\"\\u0001\\\\\"");
  EXPECT_EQ(fmt({chars}, 0, s, iu::ValueStyle::Text), "\"a\\\"\\x01\\\\\"");
  TypeDesc b{TypeDesc::Bool, "bool", 1};
  EXPECT_EQ(fmt({b}, 0, {1}, iu::ValueStyle::Json), "true");
  EXPECT_EQ(fmt({b}, 0, {7}, iu::ValueStyle::Json), "7");
  TypeDesc s8{TypeDesc::Int, "s8", 1, true};
  EXPECT_EQ(fmt({s8}, 0, {0x80}, iu::ValueStyle::Text), "-128");
}

} // namespace
