// The signed note (.note.iu) that records how an image was built.
#pragma once
#include <string>
#include <vector>

#include <iu/abi.h>

namespace iucc {

// The license an object declares with IU_LICENSE (section .iu.license), or
// "" when it declares none. Returns false and sets *error if unreadable.
bool read_license(const std::string &object_path, std::string *license, std::string *error);

// The bytes of the ELF note (header, "iu" name, meta) as .note.iu holds them.
std::vector<unsigned char> note_bytes(const iu_note_meta &meta);

// Writes a relocatable x86-64 object whose only content is .note.iu, for
// the linker (section_object.h). Returns false and sets *error on failure.
bool write_note_object(const std::string &path, const iu_note_meta &meta, std::string *error);

inline constexpr unsigned kRulesetVersion = 1;

} // namespace iucc
