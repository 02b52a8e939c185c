// Relocatable ELF objects (.o, and the members of an .a archive) as plain
// data: sections with their bytes and the relocations that apply to them,
// and the symbol table. What iu-cc reads from the objects it is about to
// link (the stack bound, driver/stack_bound.cpp); the image library's third
// reader, beside the strict and lenient readers of linked images (image.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace iu {

struct ObjectRelocation {
  uint64_t offset = 0; // in the section the relocation applies to
  uint32_t type = 0;   // R_X86_64_*
  uint32_t symbol = 0; // index into ObjectFile::symbols
  int64_t addend = 0;
};

struct ObjectSection {
  std::string name;
  uint32_t type = 0;  // SHT_*
  uint64_t flags = 0; // SHF_*
  std::vector<uint8_t> bytes; // empty for SHT_NOBITS
  std::vector<ObjectRelocation> relocations; // those that apply to this section
};

struct ObjectSymbol {
  std::string name;
  uint8_t type = 0, bind = 0; // STT_*, STB_*
  uint16_t section = 0;       // st_shndx
  uint64_t value = 0, size = 0;
};

struct ObjectFile {
  std::string name;                    // "a.o", or "lib.a(member.o)"
  std::vector<ObjectSection> sections; // by section index (0: the null section)
  std::vector<ObjectSymbol> symbols;   // by symbol index (0: the null symbol)
};

// Reads the x86-64 relocatable object at path, or every ELF member of the
// archive at path, appending to *out. On failure returns false and sets
// *error to a message that names the file.
bool read_object_files(const std::string &path, std::vector<ObjectFile> *out, std::string *error);

} // namespace iu
