// The signed note (.note.iu) that records how an image was built.
#pragma once
#include <string>
#include <vector>

#include <iu/abi.h>

namespace iucc {

// The license an object declares with IU_LICENSE (section .iu.license), or
// "" when it declares none. Returns false and sets *error if unreadable.
bool read_license(const std::string &object_path, std::string *license, std::string *error);

// Assembly source that defines the note section holding meta.
std::string note_assembly(const iu_note_meta &meta);

inline constexpr unsigned kRulesetVersion = 1;

} // namespace iucc
