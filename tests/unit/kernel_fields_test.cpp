// Kernel type fields (loader/backends/kernel/kernel_fields.cpp): member
// paths resolved against a BTF built here with libbpf, so every case is
// exact and runs on any machine.
#include <bpf/btf.h>
#include <cstring>
#include <gtest/gtest.h>
#include <memory>

#include <iu/abi.h>

#include "../../loader/backends/kernel/kernel_fields.h"

namespace {

using iu::CoreField;

// struct inner { u32 a; u64 b; };
// struct outer {
//   u32 x;                       // 0
//   union { u16 y; u32 z; };     // 4: anonymous
//   struct inner in;             // 8
//   struct outer *next;          // 24
//   u32 flag : 3;                // 32, a bit field
// };
struct Btf {
  std::unique_ptr<btf, void (*)(btf *)> b{btf__new_empty(), btf__free};
  Btf() {
    int u16 = btf__add_int(b.get(), "u16", 2, 0);
    int u32 = btf__add_int(b.get(), "u32", 4, 0);
    int u64 = btf__add_int(b.get(), "u64", 8, 0);
    int inner = btf__add_struct(b.get(), "inner", 16);
    btf__add_field(b.get(), "a", u32, 0, 0);
    btf__add_field(b.get(), "b", u64, 64, 0);
    int anon = btf__add_union(b.get(), nullptr, 4);
    btf__add_field(b.get(), "y", u16, 0, 0);
    btf__add_field(b.get(), "z", u32, 0, 0);
    int outer_fwd = btf__add_fwd(b.get(), "outer", BTF_FWD_STRUCT);
    int ptr = btf__add_ptr(b.get(), outer_fwd);
    btf__add_struct(b.get(), "outer", 40);
    btf__add_field(b.get(), "x", u32, 0, 0);
    btf__add_field(b.get(), nullptr, anon, 32, 0);
    btf__add_field(b.get(), "in", inner, 64, 0);
    btf__add_field(b.get(), "next", ptr, 192, 0);
    btf__add_field(b.get(), "flag", u32, 256, 3);
  }
};

// One record per field, laid out as .iu.config's values (16 bytes each).
int64_t resolve(const CoreField &f, std::string *err, int *rc) {
  std::vector<uint8_t> config(sizeof(iu_core_value), 0xee);
  CoreField g = f;
  g.offset = 0;
  Btf b;
  *rc = iu::resolve_kernel_fields(b.b.get(), {g}, &config, err);
  int64_t off;
  memcpy(&off, config.data(), sizeof(off));
  return off;
}

TEST(KernelFields, MembersNestedAndAnonymous) {
  std::string err;
  int rc;
  EXPECT_EQ(resolve({"outer.x", 4, 0}, &err, &rc), 0);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(resolve({"outer.z", 4, 0}, &err, &rc), 4);   // through the anonymous union
  EXPECT_EQ(resolve({"outer.y", 2, 0}, &err, &rc), 4);
  EXPECT_EQ(resolve({"outer.in.b", 8, 0}, &err, &rc), 16);
  EXPECT_EQ(resolve({"outer.in", 0, 0}, &err, &rc), 8);  // embedded: any size
  EXPECT_EQ(resolve({"outer.next", 8, 0}, &err, &rc), 24);
  EXPECT_EQ(rc, 0);
}

TEST(KernelFields, MissingIsMinusOneNotAnError) {
  std::string err;
  int rc;
  EXPECT_EQ(resolve({"outer.nope", 4, 0}, &err, &rc), -1);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(resolve({"no_such_struct.x", 4, 0}, &err, &rc), -1);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(resolve({"outer.x.deeper", 4, 0}, &err, &rc), -1);  // x is no struct
  EXPECT_EQ(rc, 0);
}

TEST(KernelFields, WrongSizeAndBitFieldsAreErrorsNamingTheField) {
  std::string err;
  int rc;
  resolve({"outer.x", 8, 0}, &err, &rc);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("'outer.x' is 4 bytes in this kernel, the image reads 8"), std::string::npos)
      << err;
  resolve({"outer.flag", 4, 0}, &err, &rc);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("'outer.flag' is a bit field"), std::string::npos) << err;
  resolve({"outer", 4, 0}, &err, &rc);
  EXPECT_EQ(rc, -EINVAL);
  EXPECT_NE(err.find("not a struct.member path"), std::string::npos) << err;
}

TEST(KernelFields, RecordOutsideTheSectionIsRefused) {
  std::vector<uint8_t> config(8, 0);
  std::string err;
  Btf b;
  EXPECT_EQ(iu::resolve_kernel_fields(b.b.get(), {{"outer.x", 4, 0}}, &config, &err), -EINVAL);
  EXPECT_NE(err.find("outside .iu.config"), std::string::npos) << err;
}

} // namespace
