#include "section_object.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>
#include <vector>

namespace iucc {

bool write_section_object(const std::string &path, const SectionSpec &section,
                          std::string *error) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  // Section names: "", the section's, ".note.GNU-stack" (no executable
  // stack), ".shstrtab". libelf keeps pointers to these buffers until
  // elf_update, so they live in this frame.
  std::string names = std::string(1, '\0') + section.name + '\0' + ".note.GNU-stack" + '\0' +
                      ".shstrtab" + '\0';
  const size_t kSection = 1, kStack = kSection + strlen(section.name) + 1,
               kShstrtab = kStack + strlen(".note.GNU-stack") + 1;
  std::vector<unsigned char> bytes(static_cast<const unsigned char *>(section.bytes),
                                   static_cast<const unsigned char *>(section.bytes) +
                                       section.size);
  bool ok = false;
  Elf *elf = elf_begin(fd, ELF_C_WRITE, nullptr);
  Elf64_Ehdr *eh = elf ? elf64_newehdr(elf) : nullptr;
  if (eh) {
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_REL;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    auto add = [&](size_t name, Elf64_Word type, Elf64_Xword flags, void *buf, size_t size,
                   size_t align) -> Elf_Scn * {
      Elf_Scn *scn = elf_newscn(elf);
      Elf_Data *data = scn ? elf_newdata(scn) : nullptr;
      Elf64_Shdr *sh = scn ? elf64_getshdr(scn) : nullptr;
      if (!data || !sh)
        return nullptr;
      data->d_buf = buf;
      data->d_size = size;
      data->d_align = align;
      data->d_type = ELF_T_BYTE;
      sh->sh_name = static_cast<Elf64_Word>(name);
      sh->sh_type = type;
      sh->sh_flags = flags;
      sh->sh_addralign = align;
      return scn;
    };
    Elf_Scn *s = add(kSection, section.type, section.flags, bytes.data(), bytes.size(),
                     section.align);
    Elf_Scn *g = add(kStack, SHT_PROGBITS, 0, nullptr, 0, 1);
    Elf_Scn *strs = add(kShstrtab, SHT_STRTAB, 0, names.data(), names.size(), 1);
    if (s && g && strs) {
      eh->e_shstrndx = static_cast<Elf64_Half>(elf_ndxscn(strs));
      ok = elf_update(elf, ELF_C_WRITE) >= 0;
    }
  }
  if (!ok)
    *error = path + ": cannot write the " + section.what + " object: " + elf_errmsg(-1);
  if (elf)
    elf_end(elf);
  if (close(fd) != 0 && ok) {
    *error = path + ": " + strerror(errno);
    ok = false;
  }
  return ok;
}

} // namespace iucc
