// Trace event fields (loader/backends/kernel/tracepoint_fields.cpp):
// field paths resolved against format files written here, so every case
// is exact and runs on any machine (no tracefs needed).
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <iu/abi.h>

#include "../../loader/backends/kernel/tracepoint_fields.h"

namespace {

using iu::TpField;

// events/sched/sched_demo/format, as tracefs prints one.
const char kFormat[] =
    "name: sched_demo\n"
    "ID: 321\n"
    "format:\n"
    "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
    "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
    "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
    "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
    "\n"
    "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
    "\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
    "\tfield:unsigned int flags;\toffset:28;\tsize:4;\tsigned:0;\n"
    "\tfield:long state;\toffset:32;\tsize:8;\tsigned:1;\n"
    "\tfield:__data_loc char[] filename;\toffset:40;\tsize:4;\tsigned:0;\n"
    "\tfield:__rel_loc char[] note;\toffset:44;\tsize:4;\tsigned:0;\n"
    "\tfield:__u8 addr[28];\toffset:48;\tsize:28;\tsigned:0;\n"
    "\tfield:unsigned long args[6];\toffset:80;\tsize:48;\tsigned:0;\n"
    "\n"
    "print fmt: \"comm=%s pid=%d\", REC->comm, REC->pid\n";

class TracepointFields : public ::testing::Test {
protected:
  void SetUp() override {
    const char *tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/iu-tpfields-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back(0);
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
    ASSERT_EQ(mkdir((dir_ + "/sched").c_str(), 0755), 0);
    ASSERT_EQ(mkdir((dir_ + "/sched/sched_demo").c_str(), 0755), 0);
    std::ofstream(dir_ + "/sched/sched_demo/format") << kFormat;
    ASSERT_EQ(mkdir((dir_ + "/sched/sched_bad").c_str(), 0755), 0);
    std::ofstream(dir_ + "/sched/sched_bad/format") << "name: sched_bad\nformat:\n\tfield:int;\n";
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  // One record at offset 0 of a .iu.config of its size; *rc and *err as
  // the resolver left them.
  iu_tp_field_value resolve(const std::string &path, uint32_t kind, uint32_t size, int *rc,
                            std::string *err) {
    std::vector<uint8_t> config(sizeof(iu_tp_field_value), 0);
    iu_tp_field_value v{};
    v.offset = -1;
    memcpy(config.data(), &v, sizeof(v));
    *rc = iu::resolve_tracepoint_fields(dir_, {TpField{path, size, kind, 0}}, &config, err);
    memcpy(&v, config.data(), sizeof(v));
    return v;
  }

  std::string dir_;
};

TEST_F(TracepointFields, IntegersCarryTheirSizeAndSign) {
  int rc;
  std::string err;
  iu_tp_field_value v = resolve("sched/sched_demo/pid", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 24);
  EXPECT_EQ(v.size, 4u);
  EXPECT_EQ(v.flags, IU_TP_FIELD_INT | IU_TP_FIELD_SIGNED);
  v = resolve("sched/sched_demo/flags", IU_TP_FIELD_INT, 8, &rc, &err);  // a wider accessor
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 28);
  EXPECT_EQ(v.size, 4u);
  EXPECT_EQ(v.flags, IU_TP_FIELD_INT);
  v = resolve("sched/sched_demo/common_pid", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 4);
}

TEST_F(TracepointFields, ArraysAndStrings) {
  int rc;
  std::string err;
  iu_tp_field_value v = resolve("sched/sched_demo/comm", IU_TP_FIELD_CHARS, 16, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 8);
  EXPECT_EQ(v.size, 16u);
  v = resolve("sched/sched_demo/addr", IU_TP_FIELD_CHARS, 28, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 48);
  EXPECT_EQ(v.size, 28u);
  v = resolve("sched/sched_demo/filename", IU_TP_FIELD_STRING, 4, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.offset, 40);
  EXPECT_EQ(v.flags, IU_TP_FIELD_STRING);
  v = resolve("sched/sched_demo/note", IU_TP_FIELD_STRING, 4, &rc, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(v.flags, IU_TP_FIELD_STRING | IU_TP_FIELD_RELATIVE);
}

TEST_F(TracepointFields, MismatchesAreErrorsNamingTheField) {
  int rc;
  std::string err;
  resolve("sched/sched_demo/state", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("'sched/sched_demo/state' is 'long' (8 bytes) in this kernel; the image "
                     "reads an integer of at most 4 bytes"),
            std::string::npos)
      << err;
  resolve("sched/sched_demo/comm", IU_TP_FIELD_INT, 8, &rc, &err);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("is 'char[16]' (16 bytes)"), std::string::npos) << err;
  resolve("sched/sched_demo/pid", IU_TP_FIELD_STRING, 4, &rc, &err);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("reads a string"), std::string::npos) << err;
  resolve("sched/sched_demo/args", IU_TP_FIELD_CHARS, 48, &rc, &err);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("'unsigned long[6]'"), std::string::npos) << err;
}

TEST_F(TracepointFields, MissingEventsAndFieldsAreLoadErrors) {
  int rc;
  std::string err;
  resolve("sched/sched_demo/nope", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, -ENOENT);
  EXPECT_NE(err.find("tracepoint 'sched/sched_demo' has no field 'nope' in this kernel"),
            std::string::npos)
      << err;
  resolve("sched/sched_gone/pid", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, -ENOENT);
  EXPECT_NE(err.find("this kernel has no tracepoint 'sched/sched_gone'"), std::string::npos)
      << err;
}

TEST_F(TracepointFields, BadPathsAndFormatsAreRefused) {
  int rc;
  std::string err;
  for (const char *path : {"pid", "sched_demo/pid", "/sched_demo/pid", "sched/../x/pid"}) {
    resolve(path, IU_TP_FIELD_INT, 4, &rc, &err);
    EXPECT_EQ(rc, -EINVAL) << path;
  }
  resolve("sched/sched_bad/x", IU_TP_FIELD_INT, 4, &rc, &err);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("sched_bad/format: line 3 is not a field"), std::string::npos) << err;
}

TEST_F(TracepointFields, RecordOutsideTheSectionIsRefused) {
  std::vector<uint8_t> config(8, 0);
  std::string err;
  EXPECT_EQ(iu::resolve_tracepoint_fields(
                dir_, {TpField{"sched/sched_demo/pid", 4, IU_TP_FIELD_INT, 0}}, &config, &err),
            -EINVAL);
  EXPECT_NE(err.find("outside .iu.config"), std::string::npos) << err;
}

} // namespace
