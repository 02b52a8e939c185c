// Small relocatable objects that iu-cc writes itself and hands to the
// linker: each holds one section of bytes (the signed note, the type
// layouts) and a .note.GNU-stack marker. Written directly with libelf: an
// assembler process would cost as much as the whole link.
#pragma once
#include <cstdint>
#include <string>

namespace iucc {

struct SectionSpec {
  const char *name;        // ".note.iu"
  uint32_t type;           // SHT_NOTE, SHT_PROGBITS
  uint64_t flags;          // SHF_ALLOC, or 0 for a section no segment maps
  uint64_t align;
  const void *bytes;
  size_t size;
  const char *what;        // for messages: "note", "type layouts"
};

// Writes the object to path. Returns false and sets *error ("PATH: cannot
// write the WHAT object: reason") on failure.
bool write_section_object(const std::string &path, const SectionSpec &section,
                          std::string *error);

} // namespace iucc
