// Section .iu.types: the layout of every map's key and value type and of
// every configuration's type, recorded by the checker and linked into the
// image by iu-cc (docs/image-format.md says the format). Not allocated: the
// kernel never reads it; user-space tools do (map dumps, iu-gen-skeleton).
// parse_image fills Image::types from it; this header is for the tools that
// build or read the records themselves (iu-cc merges one record per source
// file; the tests feed the parser malformed text).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <iu/image.h>

namespace iu {

inline constexpr const char kTypesSectionName[] = ".iu.types";
inline constexpr uint32_t kTypesVersion = 1;
// Limits the reader applies (the checker's records are far smaller).
inline constexpr size_t kTypesSectionMax = 1u << 20;
inline constexpr size_t kTypesMax = 4096;
inline constexpr size_t kTypeFieldsMax = 65536; // fields of all structs together
inline constexpr size_t kTypeNameMax = 512;
inline constexpr uint32_t kTypeSizeMax = 1u << 16;

// What .iu.types says: the types, and for each map and configuration by
// name the indices of its types (a map's key is kNoType for an events
// channel).
struct TypeTable {
  struct MapTypes {
    uint32_t key = kNoType, value = kNoType;
  };
  std::vector<TypeDesc> types;
  std::map<std::string, MapTypes> maps;
  std::map<std::string, uint32_t> configs;
};

// Parses the section's text, strictly: the exact format and version, every
// index pointing at an earlier type, sizes and offsets consistent (an
// array's size is its count of elements, every field inside its struct,
// fields in order and not overlapping). On failure returns false and sets
// *error to a one-line reason starting with ".iu.types: ".
bool parse_type_table(std::string_view text, TypeTable *out, std::string *error);

// The section's text for a table (one line per type; what parse_type_table
// reads).
std::string encode_type_table(const TypeTable &table);

// Adds from's maps and configurations to *into, sharing identical types.
// A name that both have must have the same layout in both (else false, and
// *error names it).
bool merge_type_table(TypeTable *into, const TypeTable &from, std::string *error);

// Fills image->types and the type indices of its maps and configurations
// from table. Every name must be a map (or configuration) of the image,
// with a key exactly for keyed maps, and sizes that match the descriptors';
// a configuration's type must fit its kind (an integer of the same
// signedness, bool, a char array, or any other type for "bytes"). Maps and
// configurations the table does not name keep kNoType.
bool apply_type_table(const TypeTable &table, Image *image, std::string *error);

// "int", "bool", "enum", "chars", "array", "struct".
const char *type_kind_name(TypeDesc::Kind kind);

} // namespace iu
