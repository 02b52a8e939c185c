// The strict reader's part for .iu.types (parse_image calls it once the
// maps and configurations are known). The format's parser, encoder and
// merge are public: <iu/types_section.h>.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include <iu/image.h>
#include <iu/types_section.h>

namespace iu {

// Looks for .iu.types in an ELF image (bytes the validator accepted) and
// applies it (parse_type_table, then apply_type_table). No section: nothing
// to do. More than one, or one that is allocated, compressed or without
// bytes, is an error.
bool read_types_section(std::span<const uint8_t> elf, Image *image, std::string *error);

} // namespace iu
