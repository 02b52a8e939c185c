// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// The lenient mode: reads the note, program table and helper imports of an
// image with libelf. The bytes may be hostile (iu-sign show works on
// unverified files): every size comes from libelf, which checks section
// extents against the buffer, and is checked again here before a copy;
// fixed-size strings are read with strnlen so a missing NUL cannot run past
// a field.
#include <iu/image.h>

#include <climits>
#include <cstring>
#include <string_view>

#include "elf_bytes.h"

namespace iu {
namespace {

using detail::fixed_string;

std::string elf_error_text() {
  const char *msg = elf_errmsg(-1);
  return msg != nullptr ? msg : "unknown libelf error";
}

std::string prog_type_name(std::uint32_t type) {
  const char *name = known_program_type_name(type);
  return name ? name : "type " + std::to_string(type);
}

// The one section's data, or nullptr if it has none in the file.
Elf_Data *section_data(Elf_Scn *scn, const GElf_Shdr &shdr) {
  if (shdr.sh_type == SHT_NOBITS)
    return nullptr;
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (data == nullptr || data->d_buf == nullptr)
    return nullptr;
  return data;
}

void read_note(Elf_Scn *scn, const GElf_Shdr &shdr, ImageSummary &s) {
  s.has_note = true;
  Elf_Data *data = section_data(scn, shdr);
  if (shdr.sh_type != SHT_NOTE || data == nullptr) {
    s.note_error = ".note.iu is not a note section with contents";
    return;
  }
  detail::NoteDesc desc = detail::find_meta_note(data);
  if (desc.bytes) {
    if (desc.size < sizeof(struct iu_note_meta)) {
      s.note_error = "note descriptor has " + std::to_string(desc.size) +
                     " bytes, expected " + std::to_string(sizeof(struct iu_note_meta));
      return;
    }
    struct iu_note_meta meta;
    std::memcpy(&meta, desc.bytes, sizeof meta);
    s.note.abi_version = meta.abi_version;
    s.note.ruleset_version = meta.ruleset_version;
    s.note.helper_abi_version = meta.helper_abi_version;
    s.note.stack_bound = meta.stack_bound;
    s.note.fuel_budget = meta.fuel_budget;
    s.note.toolchain = fixed_string(meta.toolchain);
    s.note.license = fixed_string(meta.license);
    return;
  }
  s.note_error = "no \"iu\" note of type IU_NOTE_META in .note.iu";
}

void read_progs(Elf_Scn *scn, const GElf_Shdr &shdr, ImageSummary &s) {
  s.has_progs = true;
  Elf_Data *data = section_data(scn, shdr);
  if (data == nullptr) {
    s.progs_error = ".iu.progs has no contents";
    return;
  }
  constexpr std::size_t kDesc = sizeof(struct iu_prog_desc);
  if (data->d_size % kDesc != 0) {
    s.progs_error = ".iu.progs size " + std::to_string(data->d_size) +
                    " is not a multiple of " + std::to_string(kDesc);
    return;
  }
  const auto *base = static_cast<const unsigned char *>(data->d_buf);
  for (std::size_t off = 0; off + kDesc <= data->d_size; off += kDesc) {
    struct iu_prog_desc d;
    std::memcpy(&d, base + off, kDesc);
    ImageProgram p;
    p.type = prog_type_name(d.type);
    p.name = fixed_string(d.name);
    p.target = fixed_string(d.target);
    p.magic_ok = d.magic == IU_PROG_MAGIC;
    s.programs.push_back(std::move(p));
  }
}

void read_maps(Elf_Scn *scn, const GElf_Shdr &shdr, ImageSummary &s) {
  Elf_Data *data = section_data(scn, shdr);
  constexpr std::size_t kDesc = sizeof(struct iu_map_desc);
  if (data == nullptr || data->d_size % kDesc != 0) {
    s.maps_error = ".maps size is not a multiple of " + std::to_string(kDesc);
    return;
  }
  const auto *base = static_cast<const unsigned char *>(data->d_buf);
  for (std::size_t off = 0; off + kDesc <= data->d_size; off += kDesc) {
    struct iu_map_desc d;
    std::memcpy(&d, base + off, kDesc);
    const char *type = known_map_type_name(d.type);
    s.maps.push_back({type ? type : "type " + std::to_string(d.type), fixed_string(d.name),
                      d.key_size, d.value_size, d.max_entries, d.magic == IU_MAP_MAGIC});
  }
}

void read_configs(Elf_Scn *scn, const GElf_Shdr &shdr, ImageSummary &s) {
  Elf_Data *data = section_data(scn, shdr);
  if (data == nullptr) {
    s.configs_error = ".iu.config has no contents";
    return;
  }
  const auto *base = static_cast<const unsigned char *>(data->d_buf);
  std::size_t off = 0;
  while (off < data->d_size) {
    struct iu_config_desc d;
    if (data->d_size - off < sizeof d) {
      s.configs_error = "a record is cut short at offset " + std::to_string(off);
      return;
    }
    std::memcpy(&d, base + off, sizeof d);
    s.configs.push_back({fixed_string(d.name), d.kind, d.size, d.magic == IU_CONFIG_MAGIC});
    std::uint64_t next = iu_config_record_size(d.size);
    if (next > data->d_size - off) {
      s.configs_error = "record '" + fixed_string(d.name) + "' runs past the section";
      return;
    }
    off += next;
  }
}

void read_imports(Elf *elf, Elf_Scn *scn, const GElf_Shdr &shdr, ImageSummary &s) {
  Elf_Data *data = section_data(scn, shdr);
  if (data == nullptr)
    return;
  std::size_t sym_size = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
  if (sym_size == 0)
    return;
  std::size_t count = data->d_size / sym_size;
  if (count > INT_MAX)
    count = INT_MAX;
  // Index 0 is the reserved null symbol.
  for (std::size_t i = 1; i < count; i++) {
    GElf_Sym sym;
    if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr)
      break;
    if (sym.st_shndx != SHN_UNDEF || sym.st_name == 0)
      continue;
    // elf_strptr returns NULL for an offset outside the string table or a
    // table that is not NUL-terminated.
    const char *name = elf_strptr(elf, shdr.sh_link, sym.st_name);
    if (name != nullptr)
      s.imports.emplace_back(name);
    else
      s.imports.emplace_back("<bad symbol name>");
  }
}

} // namespace

ImageSummary summarize_image(std::span<const std::uint8_t> payload) {
  ImageSummary s;
  detail::ElfBytes elf(payload);
  if (!elf.is_elf()) {
    s.elf_error = "not an ELF file";
    return s;
  }
  s.is_elf = true;
  std::size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf.get(), &shstrndx) != 0) {
    s.elf_error = "no section name table: " + elf_error_text();
    return s;
  }
  bool seen_dynsym = false;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf.get(), scn)) != nullptr;) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr) {
      s.elf_error = "bad section header: " + elf_error_text();
      return s;
    }
    const char *name = elf_strptr(elf.get(), shstrndx, shdr.sh_name);
    std::string_view n = name != nullptr ? name : "";
    if (n == ".note.iu" && !s.has_note)
      read_note(scn, shdr, s);
    else if (n == ".iu.progs" && !s.has_progs)
      read_progs(scn, shdr, s);
    else if (n == ".maps" && s.maps.empty() && s.maps_error.empty())
      read_maps(scn, shdr, s);
    else if (n == ".iu.config" && s.configs.empty() && s.configs_error.empty())
      read_configs(scn, shdr, s);
    else if (shdr.sh_type == SHT_DYNSYM && !seen_dynsym) {
      seen_dynsym = true;
      read_imports(elf.get(), scn, shdr, s);
    }
  }
  return s;
}

} // namespace iu
