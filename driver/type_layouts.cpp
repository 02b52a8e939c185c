#include "type_layouts.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <gelf.h>
#include <iterator>
#include <libelf.h>
#include <unistd.h>

#include <iu/types_section.h>

namespace iucc {

bool merge_type_layouts(const std::vector<std::string> &files,
                        const std::vector<std::string> &inputs, std::string *text,
                        std::string *error) {
  iu::TypeTable merged;
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::string record((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      *error = inputs[i] + ": cannot read the checker's type layouts";
      return false;
    }
    if (record.empty()) {
      *error = inputs[i] + ": the checker wrote no type layouts";
      return false;
    }
    iu::TypeTable table;
    std::string err;
    if (!iu::parse_type_table(record, &table, &err)) {
      *error = inputs[i] + ": the checker's type layouts are malformed: " + err;
      return false;
    }
    if (!iu::merge_type_table(&merged, table, &err)) {
      *error = inputs[i] + ": " + err;
      return false;
    }
  }
  text->clear();
  if (!merged.maps.empty() || !merged.configs.empty())
    *text = iu::encode_type_table(merged);
  return true;
}

bool write_types_object(const std::string &path, const std::string &text, std::string *error) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  std::string bytes = text;
  // Section names: "", ".iu.types", ".note.GNU-stack" (no executable stack), ".shstrtab".
  static char names[] = "\0.iu.types\0.note.GNU-stack\0.shstrtab";
  const size_t kTypes = 1, kStack = 11, kShstrtab = 27;
  bool ok = false;
  Elf *elf = elf_begin(fd, ELF_C_WRITE, nullptr);
  Elf64_Ehdr *eh = elf ? elf64_newehdr(elf) : nullptr;
  if (eh) {
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_REL;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    auto add = [&](size_t name, Elf64_Word type, void *buf, size_t size) -> Elf_Scn * {
      Elf_Scn *scn = elf_newscn(elf);
      Elf_Data *data = scn ? elf_newdata(scn) : nullptr;
      Elf64_Shdr *sh = scn ? elf64_getshdr(scn) : nullptr;
      if (!data || !sh)
        return nullptr;
      data->d_buf = buf;
      data->d_size = size;
      data->d_align = 1;
      data->d_type = ELF_T_BYTE;
      sh->sh_name = static_cast<Elf64_Word>(name);
      sh->sh_type = type;
      sh->sh_flags = 0; // not allocated: no segment maps it
      sh->sh_addralign = 1;
      return scn;
    };
    Elf_Scn *t = add(kTypes, SHT_PROGBITS, bytes.data(), bytes.size());
    Elf_Scn *g = add(kStack, SHT_PROGBITS, nullptr, 0);
    Elf_Scn *strs = add(kShstrtab, SHT_STRTAB, names, sizeof(names));
    if (t && g && strs) {
      eh->e_shstrndx = static_cast<Elf64_Half>(elf_ndxscn(strs));
      ok = elf_update(elf, ELF_C_WRITE) >= 0;
    }
  }
  if (!ok)
    *error = path + ": cannot write the type layouts object: " + elf_errmsg(-1);
  if (elf)
    elf_end(elf);
  if (close(fd) != 0 && ok) {
    *error = path + ": " + strerror(errno);
    ok = false;
  }
  return ok;
}

} // namespace iucc
