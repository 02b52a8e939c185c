// Reads relocatable objects with libelf into plain data (object_file.h).
#include <iu/object_file.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

#include "elf_bytes.h"

namespace iu {
namespace {

class ObjectReader {
public:
  ObjectReader(Elf *elf, std::string name) : elf_(elf) { out_.name = std::move(name); }

  bool read(ObjectFile *out, std::string *error) {
    GElf_Ehdr eh;
    if (!gelf_getehdr(elf_, &eh) || eh.e_type != ET_REL || eh.e_machine != EM_X86_64)
      return fail(error, "not an x86-64 relocatable object");
    size_t shstrndx = 0, nsec = 0;
    if (elf_getshdrstrndx(elf_, &shstrndx) != 0)
      return fail(error, "cannot read section names");
    if (elf_getshdrnum(elf_, &nsec) != 0)
      return fail(error, "cannot count sections");
    out_.sections.resize(nsec);
    std::vector<Elf_Scn *> relas;
    Elf_Scn *symtab = nullptr;
    for (Elf_Scn *scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
      GElf_Shdr sh;
      if (!gelf_getshdr(scn, &sh))
        return fail(error, "malformed section header");
      ObjectSection &s = out_.sections[elf_ndxscn(scn)];
      const char *n = elf_strptr(elf_, shstrndx, sh.sh_name);
      s.name = n ? n : "";
      s.type = sh.sh_type;
      s.flags = sh.sh_flags;
      if (sh.sh_type != SHT_NOBITS) {
        Elf_Data *data = elf_getdata(scn, nullptr);
        if (data && data->d_buf) {
          const auto *b = static_cast<const uint8_t *>(data->d_buf);
          s.bytes.assign(b, b + data->d_size);
        }
      }
      if (sh.sh_type == SHT_SYMTAB)
        symtab = scn;
      else if (sh.sh_type == SHT_RELA)
        relas.push_back(scn);
    }
    if (symtab && !read_symbols(symtab, error))
      return false;
    for (Elf_Scn *scn : relas)
      if (!read_relocations(scn, error))
        return false;
    *out = std::move(out_);
    return true;
  }

private:
  bool fail(std::string *error, const std::string &msg) {
    *error = out_.name + ": " + msg;
    return false;
  }

  bool read_symbols(Elf_Scn *scn, std::string *error) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    Elf_Data *data = elf_getdata(scn, nullptr);
    if (!data || sh.sh_entsize == 0)
      return fail(error, "malformed symbol table");
    size_t n = sh.sh_size / sh.sh_entsize;
    out_.symbols.resize(n);
    for (size_t i = 0; i < n; ++i) {
      GElf_Sym s;
      if (!gelf_getsym(data, static_cast<int>(i), &s))
        return fail(error, "malformed symbol table");
      ObjectSymbol &sym = out_.symbols[i];
      const char *nm = elf_strptr(elf_, sh.sh_link, s.st_name);
      sym.name = nm ? nm : "";
      sym.type = GELF_ST_TYPE(s.st_info);
      sym.bind = GELF_ST_BIND(s.st_info);
      sym.section = s.st_shndx;
      sym.value = s.st_value;
      sym.size = s.st_size;
    }
    return true;
  }

  bool read_relocations(Elf_Scn *scn, std::string *error) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    Elf_Data *data = elf_getdata(scn, nullptr);
    if (sh.sh_info >= out_.sections.size())
      return true; // applies to no section we know
    if (!data || sh.sh_entsize == 0)
      return fail(error, "malformed relocation section");
    std::vector<ObjectRelocation> &out = out_.sections[sh.sh_info].relocations;
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
      GElf_Rela r;
      if (!gelf_getrela(data, static_cast<int>(i), &r))
        return fail(error, "malformed relocation section");
      size_t sym = GELF_R_SYM(r.r_info);
      if (sym >= out_.symbols.size() && sym != 0)
        return fail(error, "relocation refers to a bad symbol index");
      out.push_back({r.r_offset, static_cast<uint32_t>(GELF_R_TYPE(r.r_info)),
                     static_cast<uint32_t>(sym), r.r_addend});
    }
    return true;
  }

  Elf *elf_;
  ObjectFile out_;
};

} // namespace

bool read_object_files(const std::string &path, std::vector<ObjectFile> *out, std::string *error) {
  if (elf_version(EV_CURRENT) == EV_NONE) {
    *error = "libelf initialization failed";
    return false;
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  bool ok = true;
  std::unique_ptr<Elf, detail::ElfCloser> top(elf_begin(fd, ELF_C_READ, nullptr));
  if (!top) {
    *error = path + ": not an ELF file";
    ok = false;
  } else if (elf_kind(top.get()) == ELF_K_AR) {
    Elf_Cmd cmd = ELF_C_READ;
    while (ok) {
      std::unique_ptr<Elf, detail::ElfCloser> member(elf_begin(fd, cmd, top.get()));
      if (!member)
        break;
      Elf_Arhdr *ah = elf_getarhdr(member.get());
      std::string name = path + "(" + (ah && ah->ar_name ? ah->ar_name : "?") + ")";
      if (elf_kind(member.get()) == ELF_K_ELF) {
        out->emplace_back();
        ok = ObjectReader(member.get(), name).read(&out->back(), error);
      }
      cmd = elf_next(member.get());
    }
  } else if (elf_kind(top.get()) == ELF_K_ELF) {
    out->emplace_back();
    ok = ObjectReader(top.get(), path).read(&out->back(), error);
  } else {
    *error = path + ": not an ELF file";
    ok = false;
  }
  close(fd);
  return ok;
}

} // namespace iu
