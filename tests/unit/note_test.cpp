// The note object iu-cc writes has exactly the layout abi.h defines.
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <gtest/gtest.h>
#include <libelf.h>
#include <unistd.h>

#include <iu/image.h>
#include "note.h"

namespace {

iu_note_meta sample_meta() {
  iu_note_meta meta{};
  meta.abi_version = IU_ABI_VERSION;
  meta.helper_abi_version = IU_HELPER_ABI_VERSION;
  meta.stack_bound = 512;
  meta.fuel_budget = 0x0102030405060708ull;
  snprintf(meta.toolchain, sizeof(meta.toolchain), "iu-cc test");
  snprintf(meta.license, sizeof(meta.license), "GPL");
  return meta;
}

TEST(Note, Bytes) {
  iu_note_meta meta = sample_meta();
  auto b = iucc::note_bytes(meta);
  ASSERT_EQ(b.size(), 12 + 4 + sizeof(meta));
  uint32_t hdr[3];
  memcpy(hdr, b.data(), sizeof(hdr));
  EXPECT_EQ(hdr[0], 3u); // "iu\0"
  EXPECT_EQ(hdr[1], sizeof(iu_note_meta));
  EXPECT_EQ(hdr[2], IU_NOTE_META);
  EXPECT_EQ(memcmp(b.data() + 12, "iu\0", 4), 0);
  EXPECT_EQ(memcmp(b.data() + 16, &meta, sizeof(meta)), 0);
}

TEST(Note, ObjectHoldsOneAllocatedNoteSection) {
  char path[] = "/tmp/iu-note-test.XXXXXX";
  int tmp = mkstemp(path);
  ASSERT_GE(tmp, 0);
  close(tmp);
  iu_note_meta meta = sample_meta();
  std::string err;
  ASSERT_TRUE(iucc::write_note_object(path, meta, &err)) << err;

  elf_version(EV_CURRENT);
  int fd = open(path, O_RDONLY);
  Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
  ASSERT_NE(elf, nullptr);
  GElf_Ehdr eh;
  ASSERT_NE(gelf_getehdr(elf, &eh), nullptr);
  EXPECT_EQ(eh.e_type, ET_REL);
  EXPECT_EQ(eh.e_machine, EM_X86_64);
  size_t shstrndx = 0;
  ASSERT_EQ(elf_getshdrstrndx(elf, &shstrndx), 0);
  bool found = false, stack = false;
  for (Elf_Scn *scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    std::string name = elf_strptr(elf, shstrndx, sh.sh_name);
    if (name == ".note.GNU-stack")
      stack = !(sh.sh_flags & SHF_EXECINSTR);
    if (name != ".note.iu")
      continue;
    found = true;
    EXPECT_EQ(sh.sh_type, static_cast<unsigned>(SHT_NOTE));
    EXPECT_TRUE(sh.sh_flags & SHF_ALLOC);
    Elf_Data *data = elf_getdata(scn, nullptr);
    ASSERT_NE(data, nullptr);
    auto want = iucc::note_bytes(meta);
    ASSERT_EQ(data->d_size, want.size());
    EXPECT_EQ(memcmp(data->d_buf, want.data(), want.size()), 0);
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(stack);
  elf_end(elf);
  close(fd);
  unlink(path);

  std::string missing;
  EXPECT_FALSE(iucc::write_note_object("/nonexistent-dir/note.o", meta, &missing));
  EXPECT_NE(missing.find("/nonexistent-dir/note.o: "), std::string::npos);
}

} // namespace
