// The layouts of map and configuration types (section .iu.types,
// docs/image-format.md): the checker plugin writes one record per source
// file (passes/checker/TypeLayouts.h), iu-cc merges them and links the
// result into the image as a non-allocated section, so it is signed with
// the rest and read by user-space tools (iu-gen-skeleton, map dumps).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace iucc {

// Merges the records (files[i] belongs to inputs[i]) into the section's
// text; "" when no file declares a map or configuration. *maps and
// *configs count the distinct ones (a map in a shared header is one), for
// the note. A missing or malformed record, or one name with two layouts,
// is an error.
bool merge_type_layouts(const std::vector<std::string> &files,
                        const std::vector<std::string> &inputs, std::string *text,
                        uint32_t *maps, uint32_t *configs, std::string *error);

// Writes a relocatable x86-64 object whose only content is the
// non-allocated section .iu.types holding text, for the linker.
bool write_types_object(const std::string &path, const std::string &text, std::string *error);

} // namespace iucc
