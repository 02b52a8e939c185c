#include "note.h"

#include <cerrno>
#include <cstdint>
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
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  std::vector<unsigned char> note = note_bytes(meta);
  // Section names: "", ".note.iu", ".note.GNU-stack" (no executable stack), ".shstrtab".
  static char names[] = "\0.note.iu\0.note.GNU-stack\0.shstrtab";
  const size_t kNote = 1, kStack = 10, kShstrtab = 26;
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
    Elf_Scn *n = add(kNote, SHT_NOTE, SHF_ALLOC, note.data(), note.size(), 4);
    Elf_Scn *g = add(kStack, SHT_PROGBITS, 0, nullptr, 0, 1);
    Elf_Scn *strs = add(kShstrtab, SHT_STRTAB, 0, names, sizeof(names), 1);
    if (n && g && strs) {
      eh->e_shstrndx = static_cast<Elf64_Half>(elf_ndxscn(strs));
      ok = elf_update(elf, ELF_C_WRITE) >= 0;
    }
  }
  if (!ok)
    *error = path + ": cannot write the note object: " + elf_errmsg(-1);
  if (elf)
    elf_end(elf);
  if (close(fd) != 0 && ok) {
    *error = path + ": " + strerror(errno);
    ok = false;
  }
  return ok;
}

} // namespace iucc
