// How user-space tools print the bytes of a map key, a map value or an
// event: as the image's types say (section .iu.types, iu::TypeDesc), or,
// for an image without them, 1/2/4/8-byte values as unsigned numbers and
// anything else as hex bytes.
//
//             text                         JSON
//   integer   42, -1                       42, -1
//   bool      true                         true
//   chars     "sh"                         "sh"
//   array     [1, 2, 3]                    [1, 2, 3]
//   struct    {pid: 42, comm: "sh"}        {"pid": 42, "comm": "sh"}
//   per-CPU   [1, 0, 5, 0] (one per CPU)   [1, 0, 5, 0]
//   untyped   01 02 03 04 05               "0102030405"
//
// Type tables come from the image and are not trusted to be consistent: an
// index out of range, a field past its struct, nesting deeper than 16 or a
// size that is not an integer's falls back to hex bytes, never to a read
// outside the given bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <iu/image.h>
#include <iu/libiu.h>

namespace iu {

enum class ValueStyle { Text, Json };

// Appends size bytes at data as types[type] (kNoType: untyped).
void format_value(std::string *out, const std::vector<TypeDesc> &types, uint32_t type,
                  const uint8_t *data, size_t size, ValueStyle style);

// A JSON string literal for s (quotes included; bytes outside printable
// ASCII as \u00XX).
std::string json_quote(std::string_view s);

// A map's key (key_size bytes), and a value as libiu's calls give it: one
// value, or for a per-CPU map one per CPU (value_stride(value_size) each,
// iu_num_cpus() of them), printed as an array. An events map's value is
// one record.
std::string format_map_key(const iu_map *map, const void *key, ValueStyle style);
std::string format_map_value(const iu_map *map, const void *value, ValueStyle style);

} // namespace iu
