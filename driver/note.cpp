#include "note.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "section_object.h"

namespace iucc {

bool read_license(const std::string &object_path, std::string *license, std::string *error) {
  license->clear();
  elf_version(EV_CURRENT);
  int fd = open(object_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = object_path + ": " + strerror(errno);
    return false;
  }
  Elf *elf = elf_begin(fd, ELF_C_READ, nullptr);
  size_t shstrndx = 0;
  bool ok = elf && elf_getshdrstrndx(elf, &shstrndx) == 0;
  for (Elf_Scn *scn = ok ? elf_nextscn(elf, nullptr) : nullptr; scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh))
      continue;
    const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
    if (!name || strcmp(name, ".iu.license") != 0)
      continue;
    Elf_Data *data = elf_getdata(scn, nullptr);
    if (data && data->d_buf)
      license->assign(static_cast<const char *>(data->d_buf),
                      strnlen(static_cast<const char *>(data->d_buf), data->d_size));
  }
  if (!ok)
    *error = object_path + ": not an ELF object";
  if (elf)
    elf_end(elf);
  close(fd);
  return ok;
}

std::vector<unsigned char> note_bytes(const iu_note_meta &meta) {
  // Elf64_Nhdr, the name padded to 4 bytes, the descriptor (a multiple of 4).
  static_assert(sizeof(iu_note_meta) % 4 == 0);
  const uint32_t header[3] = {sizeof(IU_NOTE_NAME), sizeof(iu_note_meta), IU_NOTE_META};
  const char name[4] = IU_NOTE_NAME;
  std::vector<unsigned char> out(sizeof(header) + sizeof(name) + sizeof(meta));
  memcpy(out.data(), header, sizeof(header));
  memcpy(out.data() + sizeof(header), name, sizeof(name));
  memcpy(out.data() + sizeof(header) + sizeof(name), &meta, sizeof(meta));
  return out;
}

bool write_note_object(const std::string &path, const iu_note_meta &meta, std::string *error) {
  std::vector<unsigned char> note = note_bytes(meta);
  return write_section_object(
      path, {".note.iu", SHT_NOTE, SHF_ALLOC, 4, note.data(), note.size(), "note"}, error);
}

} // namespace iucc
