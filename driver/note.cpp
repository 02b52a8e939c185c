#include "note.h"

#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

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

std::string note_assembly(const iu_note_meta &meta) {
  unsigned char bytes[sizeof(iu_note_meta)];
  memcpy(bytes, &meta, sizeof(bytes));
  std::string s;
  s += "\t.section .note.iu,\"a\",@note\n\t.balign 4\n";
  s += "\t.long " + std::to_string(sizeof(IU_NOTE_NAME)) + "\n";
  s += "\t.long " + std::to_string(sizeof(iu_note_meta)) + "\n";
  s += "\t.long " + std::to_string(IU_NOTE_META) + "\n";
  s += "\t.asciz \"" IU_NOTE_NAME "\"\n\t.balign 4\n";
  for (size_t i = 0; i < sizeof(bytes); ++i)
    s += (i % 16 == 0 ? "\t.byte " : ",") + std::to_string(bytes[i]) + (i % 16 == 15 ? "\n" : "");
  s += "\n\t.balign 4\n\t.section .note.GNU-stack,\"\",@progbits\n";
  return s;
}

} // namespace iucc
