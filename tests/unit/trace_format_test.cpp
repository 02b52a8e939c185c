// The trace event format parser (btf/trace_format.cpp), shared by the
// kernel backend's loader and iu-btf tracepoints: every kind of field line
// the Debian kernels print, and the lines it refuses.
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "trace_format.h"

namespace {

using iu::trace_format::Field;
using iu::trace_format::Kind;

// One field line, parsed; fails the test if it does not parse.
Field one(const std::string &line) {
  std::vector<Field> fields;
  std::string error;
  EXPECT_TRUE(iu::trace_format::parse(line, &fields, &error)) << line << ": " << error;
  EXPECT_EQ(fields.size(), 1u) << line;
  return fields.empty() ? Field{} : fields[0];
}

// The error for text that must not parse.
std::string refused(const std::string &text) {
  std::vector<Field> fields;
  std::string error;
  EXPECT_FALSE(iu::trace_format::parse(text, &fields, &error)) << text;
  return error;
}

TEST(TraceFormat, AWholeFormat) {
  const char text[] =
      "name: sched_process_exec\n"
      "ID: 312\n"
      "format:\n"
      "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
      "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
      "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
      "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
      "\n"
      "\tfield:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;\n"
      "\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
      "\tfield:pid_t old_pid;\toffset:16;\tsize:4;\tsigned:1;\n"
      "\n"
      "print fmt: \"filename=%s pid=%d old_pid=%d\", __get_str(filename), REC->pid, "
      "REC->old_pid\n";
  std::vector<Field> fields;
  std::string error;
  ASSERT_TRUE(iu::trace_format::parse(text, &fields, &error)) << error;
  ASSERT_EQ(fields.size(), 7u);
  EXPECT_EQ(fields[0].name, "common_type");
  EXPECT_EQ(fields[3].name, "common_pid");
  EXPECT_TRUE(fields[3].is_signed);
  const Field *pid = iu::trace_format::find(fields, "pid");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(pid->type, "pid_t");
  EXPECT_EQ(pid->offset, 12u);
  EXPECT_EQ(pid->size, 4u);
  EXPECT_TRUE(pid->is_signed);
  EXPECT_EQ(pid->kind, Kind::Integer);
  EXPECT_EQ(iu::trace_format::find(fields, "filename")->kind, Kind::String);
  EXPECT_EQ(iu::trace_format::find(fields, "nope"), nullptr);
}

TEST(TraceFormat, PlainIntegers) {
  for (auto [line, size, is_signed] :
       {std::tuple{"field:int ret;\toffset:8;\tsize:4;\tsigned:1;", 4u, true},
        std::tuple{"field:unsigned long ino;\toffset:8;\tsize:8;\tsigned:0;", 8u, false},
        std::tuple{"field:u16 sport;\toffset:8;\tsize:2;\tsigned:0;", 2u, false},
        std::tuple{"field:char state;\toffset:8;\tsize:1;\tsigned:1;", 1u, true},
        std::tuple{"field:enum zone_type zone;\toffset:8;\tsize:4;\tsigned:0;", 4u, false}}) {
    Field f = one(line);
    EXPECT_EQ(f.kind, Kind::Integer) << line;
    EXPECT_EQ(f.size, size) << line;
    EXPECT_EQ(f.is_signed, is_signed) << line;
    EXPECT_FALSE(f.is_pointer) << line;
    EXPECT_FALSE(f.is_bool) << line;
  }
  Field f = one("field:unsigned int bytes;\toffset:24;\tsize:4;\tsigned:0;");
  EXPECT_EQ(f.type, "unsigned int");
  EXPECT_EQ(f.name, "bytes");
  EXPECT_EQ(f.offset, 24u);
}

TEST(TraceFormat, CharArrays) {
  Field f = one("\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;");
  EXPECT_EQ(f.kind, Kind::Chars);
  EXPECT_EQ(f.name, "prev_comm");
  EXPECT_EQ(f.type, "char[16]");
  EXPECT_EQ(f.size, 16u);
  EXPECT_EQ(one("field:const char name[32];\toffset:8;\tsize:32;\tsigned:1;").kind, Kind::Chars);
  EXPECT_EQ(one("field:signed char s[4];\toffset:8;\tsize:4;\tsigned:1;").kind, Kind::Chars);
}

TEST(TraceFormat, ByteArrays) {
  for (const char *line : {"field:__u8 saddr[28];\toffset:8;\tsize:28;\tsigned:0;",
                           "field:u8 uuid[16];\toffset:8;\tsize:16;\tsigned:0;",
                           "field:unsigned char mac[6];\toffset:8;\tsize:6;\tsigned:0;"}) {
    Field f = one(line);
    EXPECT_EQ(f.kind, Kind::Bytes) << line;
    EXPECT_FALSE(f.is_pointer) << line;
  }
  EXPECT_EQ(one("field:__u8 saddr[28];\toffset:8;\tsize:28;\tsigned:0;").type, "__u8[28]");
}

TEST(TraceFormat, Strings) {
  Field f = one("field:__data_loc char[] filename;\toffset:8;\tsize:4;\tsigned:0;");
  EXPECT_EQ(f.kind, Kind::String);
  EXPECT_EQ(f.name, "filename");
  EXPECT_EQ(f.type, "__data_loc char[]");
  EXPECT_EQ(f.size, 4u);
  EXPECT_EQ(one("field:__data_loc const char[] name;\toffset:8;\tsize:4;\tsigned:0;").kind,
            Kind::String);
  f = one("field:__rel_loc char[] note;\toffset:44;\tsize:4;\tsigned:0;");
  EXPECT_EQ(f.kind, Kind::RelString);
  EXPECT_EQ(f.name, "note");
  // Dynamic arrays of anything but char are no string.
  EXPECT_EQ(one("field:__data_loc u8[] buf;\toffset:8;\tsize:4;\tsigned:0;").kind, Kind::Other);
  EXPECT_EQ(one("field:__data_loc u64[] addrs;\toffset:8;\tsize:4;\tsigned:0;").kind,
            Kind::Other);
  EXPECT_EQ(one("field:__data_loc cpumask_t cpumask;\toffset:8;\tsize:4;\tsigned:0;").kind,
            Kind::Other);
}

TEST(TraceFormat, Pointers) {
  for (const char *line : {"field:void * alarm;\toffset:8;\tsize:8;\tsigned:0;",
                           "field:const char * name;\toffset:8;\tsize:8;\tsigned:0;",
                           "field:struct mm_struct * mm;\toffset:8;\tsize:8;\tsigned:0;",
                           "field:struct file *file;\toffset:8;\tsize:8;\tsigned:0;"}) {
    Field f = one(line);
    EXPECT_EQ(f.kind, Kind::Integer) << line;
    EXPECT_TRUE(f.is_pointer) << line;
    EXPECT_EQ(f.size, 8u) << line;
  }
  EXPECT_EQ(one("field:struct file *file;\toffset:8;\tsize:8;\tsigned:0;").name, "file");
}

TEST(TraceFormat, Bools) {
  Field f = one("field:bool changed;\toffset:68;\tsize:1;\tsigned:0;");
  EXPECT_EQ(f.kind, Kind::Integer);
  EXPECT_TRUE(f.is_bool);
  EXPECT_EQ(f.size, 1u);
  EXPECT_TRUE(one("field:_Bool on;\toffset:8;\tsize:1;\tsigned:0;").is_bool);
  EXPECT_FALSE(one("field:int boolean;\toffset:8;\tsize:4;\tsigned:1;").is_bool);
}

TEST(TraceFormat, OtherFields) {
  // Arrays of wider elements, structs by value, odd sizes, arrays of arrays.
  for (const char *line :
       {"field:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;",
        "field:u32 tlp_header[4];\toffset:8;\tsize:16;\tsigned:0;",
        "field:long sysctl_mem[3];\toffset:8;\tsize:24;\tsigned:1;",
        "field:struct cper_mem_err_compact data;\toffset:48;\tsize:55;\tsigned:0;",
        "field:uuid_t hdr_uuid;\toffset:20;\tsize:16;\tsigned:0;",
        "field:char names[2][16];\toffset:8;\tsize:32;\tsigned:0;"}) {
    Field f = one(line);
    EXPECT_EQ(f.kind, Kind::Other) << line;
    EXPECT_FALSE(f.is_pointer) << line;
  }
  Field f = one("field:u8 mac[2][6];\toffset:8;\tsize:12;\tsigned:0;");
  EXPECT_EQ(f.name, "mac");
  EXPECT_EQ(f.type, "u8[2][6]");
  // An array sized by an expression the format keeps as written.
  f = one("field:__u8 saddr[sizeof(struct sockaddr_in6)];\toffset:8;\tsize:28;\tsigned:0;");
  EXPECT_EQ(f.name, "saddr");
  EXPECT_EQ(f.kind, Kind::Bytes);
}

TEST(TraceFormat, MalformedLinesNameTheLine) {
  std::string error = refused("format:\n\tfield:int a;\toffset:8;\tsize:4;\tsigned:1;\n"
                              "\tfield:int;\toffset:12;\tsize:4;\tsigned:1;\n");
  EXPECT_NE(error.find("line 3 is not a field: field:int;"), std::string::npos) << error;
  for (const char *line :
       {"field:int a;", "field:int a;\toffset:x;\tsize:4;\tsigned:1;",
        "field:int a;\toffset:8;\tsize:;\tsigned:1;",
        "field:int a;\toffset:8;\tsize:4;\tsigned:2;",
        "field:int a;\tsize:4;\toffset:8;\tsigned:1;",
        "field:int a[;\toffset:8;\tsize:4;\tsigned:1;",
        "field:a[4];\toffset:8;\tsize:4;\tsigned:1;", "field:;\toffset:8;\tsize:4;\tsigned:1;",
        "field:int a;\toffset:-8;\tsize:4;\tsigned:1;"}) {
    error = refused(line);
    EXPECT_NE(error.find("line 1 is not a field"), std::string::npos) << line << ": " << error;
  }
  error = refused("name: x\nID: 1\nformat:\n\nprint fmt: \"\"\n");
  EXPECT_NE(error.find("no field lines"), std::string::npos) << error;
  refused("");
}

TEST(TraceFormat, WindowsLineEndingsAndSpaces) {
  Field f = one("  field:pid_t pid;  offset:12;  size:4;  signed:1;  \r");
  EXPECT_EQ(f.name, "pid");
  EXPECT_EQ(f.offset, 12u);
  EXPECT_TRUE(f.is_signed);
}

} // namespace
