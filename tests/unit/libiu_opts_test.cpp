// libiu's one options check (loader/src/opts.h): an older caller's smaller
// struct is read and written only within its sz, a newer caller's larger
// struct only if the bytes this libiu does not know are zero.
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <string>

#include <iu/error.h>
#include <iu/libiu.h>

#include "opts.h"

namespace {

// The struct as "this libiu" knows it: v2. v1 callers had sz and in only;
// a v3 caller has one more field, next.
struct TestOpts {
  size_t sz;
  int in;
  int in2;  // added in v2
  long out; // out, added in v2
};
struct TestOptsV1 {
  size_t sz;
  int in;
};
struct TestOptsV3 {
  size_t sz;
  int in;
  int in2;
  long out;
  long next; // unknown to this libiu
};

} // namespace

template <> struct iu::OptsKnown<TestOpts> {
  static constexpr size_t size = offsetof(TestOpts, out) + sizeof(long);
};

namespace {

TEST(LibiuOpts, NullMeansDefaults) {
  TestOpts o;
  memset(&o, 0x5a, sizeof(o));
  ASSERT_EQ(iu::opts_read<TestOpts>(nullptr, &o, "f"), 0);
  EXPECT_EQ(o.sz, sizeof(TestOpts));
  EXPECT_EQ(o.in, 0);
  EXPECT_EQ(o.in2, 0);
  EXPECT_EQ(o.out, 0);
}

TEST(LibiuOpts, SmallerStructReadsItsFieldsAndZeroForTheRest) {
  // An older caller's struct sits in a larger buffer whose bytes past sz
  // must be neither read nor written.
  alignas(TestOpts) unsigned char buf[sizeof(TestOpts)];
  memset(buf, 0xaa, sizeof(buf));
  TestOptsV1 v1{sizeof(TestOptsV1), 7};
  memcpy(buf, &v1, sizeof(v1));
  auto *user = reinterpret_cast<TestOpts *>(buf);
  TestOpts o;
  ASSERT_EQ(iu::opts_read(user, &o, "f"), 0);
  EXPECT_EQ(o.sz, sizeof(TestOpts));
  EXPECT_EQ(o.in, 7);
  EXPECT_EQ(o.in2, 0); // not the 0xaa past the caller's sz
  EXPECT_EQ(o.out, 0);

  o.in = 99;
  o.out = 1234;
  iu::opts_write(user, o, offsetof(TestOpts, out));
  TestOptsV1 after;
  memcpy(&after, buf, sizeof(after));
  EXPECT_EQ(after.sz, sizeof(TestOptsV1));
  EXPECT_EQ(after.in, 7); // an input: not written back
  for (size_t i = sizeof(TestOptsV1); i < sizeof(buf); ++i)
    EXPECT_EQ(buf[i], 0xaa) << "byte " << i << " past the caller's sz was written";
}

TEST(LibiuOpts, OutputsWrittenWithinSz) {
  TestOpts user{};
  user.sz = sizeof(user);
  user.in = 1;
  TestOpts o;
  ASSERT_EQ(iu::opts_read(&user, &o, "f"), 0);
  o.in = 5;
  o.out = -3;
  iu::opts_write(&user, o, offsetof(TestOpts, out));
  EXPECT_EQ(user.in, 1);
  EXPECT_EQ(user.out, -3);
  EXPECT_EQ(user.sz, sizeof(TestOpts));
}

TEST(LibiuOpts, LargerStructWithZeroTailIsAccepted) {
  TestOptsV3 v3{};
  v3.sz = sizeof(v3);
  v3.in = 4;
  v3.out = 8;
  TestOpts o;
  ASSERT_EQ(iu::opts_read(reinterpret_cast<TestOpts *>(&v3), &o, "f"), 0);
  EXPECT_EQ(o.in, 4);
  EXPECT_EQ(o.out, 8);
  // Written back: never past what this libiu knows.
  o.out = 9;
  v3.next = 0;
  iu::opts_write(reinterpret_cast<TestOpts *>(&v3), o, offsetof(TestOpts, out));
  EXPECT_EQ(v3.out, 9);
  EXPECT_EQ(v3.next, 0);
  EXPECT_EQ(v3.sz, sizeof(TestOptsV3));
}

TEST(LibiuOpts, LargerStructWithNonZeroTailIsRefused) {
  TestOptsV3 v3{};
  v3.sz = sizeof(v3);
  v3.next = 1;
  TestOpts o;
  EXPECT_EQ(iu::opts_read(reinterpret_cast<TestOpts *>(&v3), &o, "iu_thing__do"), -EINVAL);
  EXPECT_NE(std::string(iu_last_error()).find("iu_thing__do: options have non-zero bytes"),
            std::string::npos)
      << iu_last_error();
  // One non-zero byte anywhere past what is known is enough.
  for (size_t i = iu::OptsKnown<TestOpts>::size; i < sizeof(v3); ++i) {
    TestOptsV3 w{};
    w.sz = sizeof(w);
    reinterpret_cast<unsigned char *>(&w)[i] = 1;
    EXPECT_EQ(iu::opts_read(reinterpret_cast<TestOpts *>(&w), &o, "f"), -EINVAL) << "byte " << i;
  }
}

TEST(LibiuOpts, TooSmallSzIsRefused) {
  TestOpts user{};
  user.sz = 4;
  TestOpts o;
  EXPECT_EQ(iu::opts_read(&user, &o, "f"), -EINVAL);
  user.sz = 0;
  EXPECT_EQ(iu::opts_read(&user, &o, "f"), -EINVAL);
}

// What libiu knows of its own structs ends with their last field, not at
// sizeof: a non-zero byte in today's tail padding is a field of a newer
// libiu and is refused.
TEST(LibiuOpts, TailPaddingIsNotKnown) {
  static_assert(iu::OptsKnown<iu_object_open_opts>::size ==
                offsetof(iu_object_open_opts, no_default_trust) + sizeof(bool));
  static_assert(iu::OptsKnown<iu_run_opts>::size == sizeof(iu_run_opts));
  static_assert(iu::OptsKnown<iu_test_run_opts>::size == sizeof(iu_test_run_opts));
  ASSERT_LT(iu::OptsKnown<iu_object_open_opts>::size, sizeof(iu_object_open_opts));
  IU_OPTS(iu_object_open_opts, ok, .no_default_trust = true);
  iu_object_open_opts o;
  ASSERT_EQ(iu::opts_read(&ok, &o, "f"), 0);
  EXPECT_TRUE(o.no_default_trust);
  iu_object_open_opts bad = ok;
  reinterpret_cast<unsigned char *>(&bad)[sizeof(bad) - 1] = 1;
  EXPECT_EQ(iu::opts_read(&bad, &o, "f"), -EINVAL);
}

TEST(LibiuOpts, IuOptsZeroesAndSetsSize) {
  IU_OPTS(iu_test_run_opts, t, .repeat = 3);
  EXPECT_EQ(t.sz, sizeof(iu_test_run_opts));
  EXPECT_EQ(t.repeat, 3u);
  EXPECT_EQ(t.ctx_in, nullptr);
  EXPECT_EQ(t.panic_msg[0], 0);
}

} // namespace
