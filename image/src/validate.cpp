// The strict mode: every check the loader relies on before it maps a byte.
// The kernel module repeats these checks on its own copy (kernel/).
#include <iu/image.h>

#include <algorithm>
#include <cstring>

#include "elf_bytes.h"

namespace iu {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxSpan = IU_IMAGE_SPAN_MAX;

const std::vector<std::string> kHelpers = {
#define IU_X(name) #name,
    IU_HELPER_LIST(IU_X)
#undef IU_X
};

bool fail(std::string *error, std::string msg) {
  *error = std::move(msg);
  return false;
}

bool fits(uint64_t off, uint64_t len, uint64_t total) {
  return off <= total && len <= total - off;
}

const Segment *segment_of(const Image &img, uint64_t addr, uint64_t len) {
  for (const Segment &s : img.segments)
    if (addr >= s.vaddr && fits(addr - s.vaddr, len, s.memsz))
      return &s;
  return nullptr;
}

bool nul_terminated(const char *s, size_t cap) { return memchr(s, 0, cap) != nullptr; }

bool check_segments(Elf *elf, uint64_t file_size, Image *img, std::string *error) {
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0)
    return fail(error, "cannot read program headers");
  bool have_relro = false;
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (!gelf_getphdr(elf, static_cast<int>(i), &ph))
      return fail(error, "cannot read program header " + std::to_string(i));
    switch (ph.p_type) {
    case PT_LOAD: {
      if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X))
        return fail(error, "segment " + std::to_string(i) + " is both writable and executable");
      if (ph.p_align != kPage || ph.p_vaddr % kPage != ph.p_offset % kPage)
        return fail(error, "segment " + std::to_string(i) + " is not page-aligned");
      if (ph.p_filesz > ph.p_memsz || !fits(ph.p_offset, ph.p_filesz, file_size))
        return fail(error, "segment " + std::to_string(i) + " lies outside the file");
      if (ph.p_memsz == 0 || !fits(ph.p_vaddr, ph.p_memsz, kMaxSpan))
        return fail(error, "segment " + std::to_string(i) + " has a bad size or address");
      img->segments.push_back({ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags});
      break;
    }
    case PT_GNU_RELRO:
      if (have_relro)
        return fail(error, "more than one PT_GNU_RELRO");
      have_relro = true;
      img->relro_start = ph.p_vaddr;
      img->relro_end = ph.p_vaddr + ph.p_memsz;
      if (ph.p_memsz > kMaxSpan || ph.p_vaddr > kMaxSpan)
        return fail(error, "PT_GNU_RELRO has a bad size or address");
      break;
    case PT_INTERP:
      return fail(error, "image has an interpreter (PT_INTERP)");
    case PT_TLS:
      return fail(error, "image has thread-local storage (PT_TLS)");
    case PT_DYNAMIC:
    case PT_NOTE:
    case PT_GNU_STACK:
    case PT_NULL:
      if (ph.p_type == PT_GNU_STACK && (ph.p_flags & PF_X))
        return fail(error, "image asks for an executable stack");
      break;
    default:
      return fail(error, "unsupported program header type " + std::to_string(ph.p_type));
    }
  }
  if (img->segments.empty())
    return fail(error, "no loadable segments");
  std::sort(img->segments.begin(), img->segments.end(),
            [](const Segment &a, const Segment &b) { return a.vaddr < b.vaddr; });
  for (size_t i = 1; i < img->segments.size(); ++i) {
    const Segment &prev = img->segments[i - 1];
    // Segments share no page: each page gets exactly one protection.
    uint64_t prev_end = (prev.vaddr + prev.memsz + kPage - 1) & ~(kPage - 1);
    if (img->segments[i].vaddr < prev_end)
      return fail(error, "segments overlap");
  }
  const Segment &last = img->segments.back();
  img->span = (last.vaddr + last.memsz + kPage - 1) & ~(kPage - 1);
  if (have_relro) {
    const Segment *s = segment_of(*img, img->relro_start, img->relro_end - img->relro_start);
    if (!s || !(s->flags & PF_W) || img->relro_start % kPage != 0)
      return fail(error, "PT_GNU_RELRO is not the start of a writable segment");
  }
  return true;
}

// The dynamic section may not ask for anything a plain relocation pass
// does not do: no libraries, no initializers, no text relocations.
bool check_dynamic(Elf_Scn *scn, std::string *error) {
  GElf_Shdr sh;
  gelf_getshdr(scn, &sh);
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize != sizeof(Elf64_Dyn))
    return fail(error, "malformed dynamic section");
  size_t n = data->d_size / sizeof(Elf64_Dyn);
  for (size_t i = 0; i < n; ++i) {
    GElf_Dyn dyn;
    if (!gelf_getdyn(data, static_cast<int>(i), &dyn))
      return fail(error, "malformed dynamic section");
    switch (dyn.d_tag) {
    case DT_NEEDED:
      return fail(error, "image depends on a shared library (DT_NEEDED)");
    case DT_INIT:
    case DT_FINI:
    case DT_INIT_ARRAY:
    case DT_FINI_ARRAY:
    case DT_PREINIT_ARRAY:
      return fail(error, "image has initializers or finalizers");
    case DT_TEXTREL:
      return fail(error, "image has text relocations");
    default:
      break;
    }
  }
  return true;
}

bool read_relocations(Elf *elf, Elf_Scn *scn, Image *img, std::string *error) {
  GElf_Shdr sh;
  gelf_getshdr(scn, &sh);
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize != sizeof(Elf64_Rela) || data->d_size % sizeof(Elf64_Rela))
    return fail(error, "malformed relocation section");
  Elf_Scn *symscn = elf_getscn(elf, sh.sh_link);
  GElf_Shdr symsh;
  Elf_Data *syms = symscn ? elf_getdata(symscn, nullptr) : nullptr;
  size_t nsyms = 0;
  if (symscn && gelf_getshdr(symscn, &symsh) && syms && symsh.sh_type == SHT_DYNSYM)
    nsyms = syms->d_size / sizeof(Elf64_Sym);
  size_t n = data->d_size / sizeof(Elf64_Rela);
  for (size_t i = 0; i < n; ++i) {
    GElf_Rela r;
    if (!gelf_getrela(data, static_cast<int>(i), &r))
      return fail(error, "malformed relocation section");
    Relocation rel;
    rel.offset = r.r_offset;
    rel.type = GELF_R_TYPE(r.r_info);
    rel.addend = r.r_addend;
    const Segment *where = segment_of(*img, r.r_offset, 8);
    if (!where || !(where->flags & PF_W) || r.r_offset % 8 != 0)
      return fail(error, "relocation at 0x" + std::to_string(r.r_offset) +
                             " does not target writable image memory");
    switch (rel.type) {
    case R_X86_64_RELATIVE:
      if (GELF_R_SYM(r.r_info) != 0 || r.r_addend < 0 ||
          static_cast<uint64_t>(r.r_addend) >= img->span)
        return fail(error, "R_X86_64_RELATIVE relocation points outside the image");
      break;
    case R_X86_64_GLOB_DAT:
    case R_X86_64_JUMP_SLOT: {
      size_t symidx = GELF_R_SYM(r.r_info);
      GElf_Sym sym;
      if (symidx == 0 || symidx >= nsyms || !gelf_getsym(syms, static_cast<int>(symidx), &sym))
        return fail(error, "relocation refers to a bad symbol index");
      const char *name = elf_strptr(elf, symsh.sh_link, sym.st_name);
      if (!name || !*name)
        return fail(error, "relocation refers to a symbol without a name");
      if (sym.st_shndx != SHN_UNDEF || r.r_addend != 0)
        return fail(error, std::string("unsupported relocation against '") + name + "'");
      if (!is_allowed_helper(name))
        return fail(error, std::string("unknown helper '") + name + "'");
      rel.symbol = name;
      img->imports.push_back(name);
      break;
    }
    default:
      return fail(error, "unsupported relocation type " + std::to_string(rel.type));
    }
    img->relocations.push_back(std::move(rel));
  }
  return true;
}

bool check_dynsym(Elf *elf, Elf_Scn *scn, std::string *error) {
  GElf_Shdr sh;
  gelf_getshdr(scn, &sh);
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize != sizeof(Elf64_Sym))
    return fail(error, "malformed dynamic symbol table");
  size_t n = data->d_size / sizeof(Elf64_Sym);
  for (size_t i = 1; i < n; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym))
      return fail(error, "malformed dynamic symbol table");
    if (sym.st_shndx != SHN_UNDEF)
      continue;
    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (!name)
      return fail(error, "malformed dynamic symbol name");
    if (!is_allowed_helper(name))
      return fail(error, std::string("unknown helper '") + name + "'");
  }
  return true;
}

bool read_note(Elf_Scn *scn, Image *img, std::string *error) {
  detail::NoteDesc desc = detail::find_meta_note(elf_getdata(scn, nullptr));
  if (!desc.bytes)
    return fail(error, "malformed .note.iu");
  if (desc.size != sizeof(iu_note_meta))
    return fail(error, "note has the wrong size");
  memcpy(&img->note, desc.bytes, sizeof(iu_note_meta));
  if (img->note.abi_version != IU_ABI_VERSION)
    return fail(error, "image ABI version " + std::to_string(img->note.abi_version) +
                           " is not supported (expected " + std::to_string(IU_ABI_VERSION) + ")");
  if (img->note.helper_abi_version != IU_HELPER_ABI_VERSION)
    return fail(error, "helper ABI version " + std::to_string(img->note.helper_abi_version) +
                           " is not supported");
  if (!nul_terminated(img->note.toolchain, sizeof(img->note.toolchain)) ||
      !nul_terminated(img->note.license, sizeof(img->note.license)))
    return fail(error, "malformed note strings");
  img->has_note = true;
  return true;
}

bool read_programs(Elf_Scn *scn, Image *img, std::string *error) {
  GElf_Shdr sh;
  gelf_getshdr(scn, &sh);
  if (sh.sh_type != SHT_PROGBITS || sh.sh_size == 0 || sh.sh_size % sizeof(iu_prog_desc))
    return fail(error, "malformed program table");
  // The table holds relocated entry addresses: it must become read-only
  // after relocation.
  if (sh.sh_addr < img->relro_start || !fits(sh.sh_addr - img->relro_start, sh.sh_size,
                                            img->relro_end - img->relro_start))
    return fail(error, "program table is not in the read-only-after-relocation segment");
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data || data->d_size != sh.sh_size)
    return fail(error, "program table lies outside the file");
  size_t n = sh.sh_size / sizeof(iu_prog_desc);
  for (size_t i = 0; i < n; ++i) {
    iu_prog_desc d;
    memcpy(&d, static_cast<const char *>(data->d_buf) + i * sizeof(d), sizeof(d));
    std::string where = "program table entry " + std::to_string(i);
    if (d.magic != IU_PROG_MAGIC)
      return fail(error, where + " has a bad magic number");
    if (!known_program_type_name(d.type))
      return fail(error, where + " has an unknown program type " + std::to_string(d.type));
    if (!nul_terminated(d.name, sizeof(d.name)) || !d.name[0] ||
        !nul_terminated(d.target, sizeof(d.target)) || !d.target[0])
      return fail(error, where + " has a malformed name or attach target");
    Program p;
    p.name = d.name;
    p.target = d.target;
    p.type = d.type;
    p.section = std::string(program_type_name(d.type)) + "/" + p.target;
    uint64_t field = sh.sh_addr + i * sizeof(iu_prog_desc) + offsetof(iu_prog_desc, entry);
    auto rel = std::find_if(img->relocations.begin(), img->relocations.end(),
                            [&](const Relocation &r) { return r.offset == field; });
    if (rel == img->relocations.end() || rel->type != R_X86_64_RELATIVE)
      return fail(error, "program '" + p.name + "' has no relocated entry address");
    p.entry = static_cast<uint64_t>(rel->addend);
    const Segment *code = segment_of(*img, p.entry, 1);
    if (!code || !(code->flags & PF_X))
      return fail(error, "entry of program '" + p.name + "' is outside the image's code");
    for (const Program &other : img->programs)
      if (other.name == p.name)
        return fail(error, "two programs are named '" + p.name + "'");
    img->programs.push_back(std::move(p));
  }
  return true;
}

} // namespace

const std::vector<std::string> &allowed_helpers() { return kHelpers; }

bool is_allowed_helper(const std::string &name) {
  return std::find(kHelpers.begin(), kHelpers.end(), name) != kHelpers.end();
}

const char *known_program_type_name(uint32_t type) {
  switch (type) {
  case IU_PROG_KPROBE:
    return "kprobe";
  case IU_PROG_TRACEPOINT:
    return "tracepoint";
  default:
    return nullptr;
  }
}

const char *program_type_name(uint32_t type) {
  const char *name = known_program_type_name(type);
  return name ? name : "unknown";
}

bool parse_image(std::span<const uint8_t> bytes, Image *out, std::string *error) {
  *out = Image{};
  if (bytes.size() < SELFMAG || memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return fail(error, "not an ELF file");
  if (bytes.size() < sizeof(Elf64_Ehdr))
    return fail(error, "ELF header is truncated");
  const auto *eh = reinterpret_cast<const Elf64_Ehdr *>(bytes.data());
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
    return fail(error, "not a 64-bit little-endian ELF file");
  if (eh->e_machine != EM_X86_64)
    return fail(error, "wrong machine " + std::to_string(eh->e_machine) + " (expected x86-64)");
  if (eh->e_type != ET_DYN)
    return fail(error, "not a position-independent image (ELF type " + std::to_string(eh->e_type) + ")");
  if (eh->e_phentsize != sizeof(Elf64_Phdr) || !fits(eh->e_phoff, uint64_t(eh->e_phnum) * sizeof(Elf64_Phdr), bytes.size()))
    return fail(error, "program headers lie outside the file (truncated?)");
  if (eh->e_shentsize != sizeof(Elf64_Shdr) || !fits(eh->e_shoff, uint64_t(eh->e_shnum) * sizeof(Elf64_Shdr), bytes.size()))
    return fail(error, "section headers lie outside the file (truncated?)");

  detail::ElfBytes elf(bytes);
  if (!elf.is_elf())
    return fail(error, "not an ELF file");
  if (!check_segments(elf.get(), bytes.size(), out, error))
    return false;

  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf.get(), &shstrndx) != 0)
    return fail(error, "cannot read section names");
  Elf_Scn *progs = nullptr, *note = nullptr;
  std::vector<Elf_Scn *> relas;
  for (Elf_Scn *scn = elf_nextscn(elf.get(), nullptr); scn; scn = elf_nextscn(elf.get(), scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh))
      return fail(error, "malformed section header");
    if (sh.sh_type != SHT_NOBITS && !fits(sh.sh_offset, sh.sh_size, bytes.size()))
      return fail(error, "section lies outside the file (truncated?)");
    const char *name = elf_strptr(elf.get(), shstrndx, sh.sh_name);
    if (!name)
      return fail(error, "malformed section name");
    if ((sh.sh_flags & SHF_ALLOC) && sh.sh_size && sh.sh_type != SHT_NOBITS) {
      // Allocated contents must be what the segments map.
      const Segment *s = segment_of(*out, sh.sh_addr, sh.sh_size);
      if (!s || sh.sh_offset - s->offset != sh.sh_addr - s->vaddr ||
          !fits(sh.sh_offset - s->offset, sh.sh_size, s->filesz))
        return fail(error, std::string("section ") + name + " is not inside a segment");
    }
    if (sh.sh_flags & SHF_WRITE && sh.sh_flags & SHF_EXECINSTR)
      return fail(error, std::string("section ") + name + " is both writable and executable");
    switch (sh.sh_type) {
    case SHT_RELA:
      if (sh.sh_flags & SHF_ALLOC)
        relas.push_back(scn);
      break;
    case SHT_REL:
      return fail(error, "REL relocations are not supported");
    case SHT_DYNAMIC:
      if (!check_dynamic(scn, error))
        return false;
      break;
    case SHT_DYNSYM:
      if (!check_dynsym(elf.get(), scn, error))
        return false;
      break;
    default:
      break;
    }
    if (strcmp(name, ".iu.progs") == 0)
      progs = scn;
    else if (strcmp(name, ".note.iu") == 0)
      note = scn;
  }
  for (Elf_Scn *scn : relas)
    if (!read_relocations(elf.get(), scn, out, error))
      return false;
  std::sort(out->imports.begin(), out->imports.end());
  out->imports.erase(std::unique(out->imports.begin(), out->imports.end()), out->imports.end());
  if (!note)
    return fail(error, "image has no .note.iu");
  if (!read_note(note, out, error))
    return false;
  if (!progs)
    return fail(error, "image has no program table (.iu.progs)");
  return read_programs(progs, out, error);
}

} // namespace iu
