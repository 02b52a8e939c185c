// parse_image on a real image and on damaged copies of it.
#include <cstring>
#include <elf.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

#include <iu/image.h>

namespace {

std::vector<uint8_t> load_test_image() {
  std::ifstream in(IU_TEST_IMAGE, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Image, AcceptsTracex5) {
  auto bytes = load_test_image();
  ASSERT_FALSE(bytes.empty());
  iu::Image img;
  std::string err;
  ASSERT_TRUE(iu::parse_image(bytes, &img, &err)) << err;
  ASSERT_EQ(img.programs.size(), 1u);
  EXPECT_EQ(img.programs[0].name, "bpf_prog1");
  EXPECT_EQ(img.programs[0].target, "__seccomp_filter");
  EXPECT_EQ(img.programs[0].section, "kprobe/__seccomp_filter");
  EXPECT_TRUE(img.has_note);
  EXPECT_EQ(img.note.abi_version, IU_ABI_VERSION);
  EXPECT_STREQ(img.note.license, "GPL");
  for (const auto &s : img.segments)
    EXPECT_FALSE((s.flags & PF_W) && (s.flags & PF_X));
  for (const auto &imp : img.imports)
    EXPECT_TRUE(iu::is_allowed_helper(imp)) << imp;
  EXPECT_GT(img.relro_end, img.relro_start);
}

TEST(Image, RejectsEveryTruncation) {
  auto bytes = load_test_image();
  iu::Image img;
  std::string err;
  // Cutting the file anywhere before its section headers end must fail
  // cleanly (the section header table is last).
  for (size_t len = 0; len < bytes.size(); len += 97) {
    std::span<const uint8_t> cut(bytes.data(), len);
    EXPECT_FALSE(iu::parse_image(cut, &img, &err)) << "length " << len;
    EXPECT_FALSE(err.empty());
  }
}

TEST(Image, RejectsEmptyAndGarbage) {
  iu::Image img;
  std::string err;
  EXPECT_FALSE(iu::parse_image({}, &img, &err));
  EXPECT_EQ(err, "not an ELF file");
  std::vector<uint8_t> garbage(4096, 0xa5);
  EXPECT_FALSE(iu::parse_image(garbage, &img, &err));
  EXPECT_EQ(err, "not an ELF file");
}

TEST(Image, SurvivesSingleByteCorruption) {
  // Not every flipped byte is invalid (the signature catches those), but
  // none may crash the parser (run under ASan in sanitizer builds), every
  // refusal says why, and the header's bytes are all checked.
  auto bytes = load_test_image();
  iu::Image img;
  std::string err;
  ASSERT_TRUE(iu::parse_image(bytes, &img, &err)) << err;
  size_t rejected = 0;
  for (size_t i = 0; i < bytes.size(); i += 7) {
    auto copy = bytes;
    copy[i] ^= 0xff;
    err.clear();
    if (!iu::parse_image(copy, &img, &err)) {
      ++rejected;
      EXPECT_FALSE(err.empty()) << "byte " << i << " refused without a reason";
    }
  }
  EXPECT_GT(rejected, 0u);
  // e_ident (magic, class, data, version) and e_type, e_machine.
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 16, 18}) {
    auto copy = bytes;
    copy[i] ^= 0xff;
    EXPECT_FALSE(iu::parse_image(copy, &img, &err)) << "header byte " << i << " not checked";
  }
}

TEST(Image, HelperAllowlist) {
  EXPECT_TRUE(iu::is_allowed_helper("iu_trace_printk"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_probe_read_kernel"));
  EXPECT_FALSE(iu::is_allowed_helper("printk"));
  EXPECT_FALSE(iu::is_allowed_helper(""));
  EXPECT_TRUE(iu::is_allowed_helper("iu_map_lookup_ref"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_event_output"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_probe_read_user"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_probe_read_user_str"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_probe_read_kernel_str"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_get_current_uid_gid"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_get_prandom_u32"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_ktime_get_boot_ns"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_get_current_task"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_get_stack"));
  EXPECT_TRUE(iu::is_allowed_helper("iu_get_current_cgroup_id"));
  // abi.h's IU_HELPER_LIST: 7 since helper ABI 1, 6 map and event helpers
  // since 2, 6 user-memory, string, uid/gid, random and boot-time helpers
  // since 3, the current task since 4, the kernel stack since 5, the
  // cgroup id since 6.
  EXPECT_EQ(iu::allowed_helpers().size(), 22u);
}

} // namespace
