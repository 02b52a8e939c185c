#include "value_format.h"

#include <cstdio>
#include <cstring>

#include "backend.h"
#include "object.h"

namespace iu {
namespace {

constexpr int kMaxDepth = 16;

void hex_bytes(std::string *out, const uint8_t *data, size_t size, ValueStyle style) {
  static const char digits[] = "0123456789abcdef";
  if (style == ValueStyle::Json)
    *out += '"';
  for (size_t i = 0; i < size; ++i) {
    if (style == ValueStyle::Text && i)
      *out += ' ';
    *out += digits[data[i] >> 4];
    *out += digits[data[i] & 15];
  }
  if (style == ValueStyle::Json)
    *out += '"';
}

bool integer_size(size_t size) { return size == 1 || size == 2 || size == 4 || size == 8; }

void integer(std::string *out, const uint8_t *data, size_t size, bool is_signed) {
  uint64_t u = 0;
  for (size_t i = 0; i < size; ++i)
    u |= static_cast<uint64_t>(data[i]) << (8 * i);
  if (is_signed && size < 8 && (u >> (8 * size - 1)) & 1)
    u |= ~0ull << (8 * size); // sign-extend
  *out += is_signed ? std::to_string(static_cast<int64_t>(u)) : std::to_string(u);
}

void text_quote(std::string *out, std::string_view s) {
  *out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += static_cast<char>(c);
    } else if (c == '\n') {
      *out += "\\n";
    } else if (c == '\t') {
      *out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\x%02x", c);
      *out += buf;
    } else {
      *out += static_cast<char>(c);
    }
  }
  *out += '"';
}

void value(std::string *out, const std::vector<TypeDesc> &types, uint32_t type,
           const uint8_t *data, size_t size, ValueStyle style, int depth) {
  bool json = style == ValueStyle::Json;
  if (type == kNoType || type >= types.size() || depth > kMaxDepth ||
      types[type].size != size) {
    if (integer_size(size) && (type == kNoType || type >= types.size()))
      integer(out, data, size, false);
    else
      hex_bytes(out, data, size, style);
    return;
  }
  const TypeDesc &t = types[type];
  switch (t.kind) {
  case TypeDesc::Int:
  case TypeDesc::Enum:
    if (!integer_size(size))
      break;
    integer(out, data, size, t.is_signed);
    return;
  case TypeDesc::Bool:
    if (size != 1)
      break;
    if (data[0] > 1)
      integer(out, data, 1, false);
    else
      *out += data[0] ? "true" : "false";
    return;
  case TypeDesc::Chars: {
    std::string_view s(reinterpret_cast<const char *>(data), strnlen(reinterpret_cast<const char *>(data), size));
    if (json)
      *out += json_quote(s);
    else
      text_quote(out, s);
    return;
  }
  case TypeDesc::Array: {
    if (t.elem >= types.size())
      break;
    size_t esize = types[t.elem].size;
    if (t.count && (esize == 0 || esize * t.count != size))
      break;
    *out += '[';
    for (uint32_t i = 0; i < t.count; ++i) {
      if (i)
        *out += ", ";
      value(out, types, t.elem, data + i * esize, esize, style, depth + 1);
    }
    *out += ']';
    return;
  }
  case TypeDesc::Struct: {
    for (const TypeDesc::Field &f : t.fields)
      if (f.type >= types.size() || f.offset > size || types[f.type].size > size - f.offset)
        goto raw;
    *out += '{';
    for (size_t i = 0; i < t.fields.size(); ++i) {
      const TypeDesc::Field &f = t.fields[i];
      if (i)
        *out += ", ";
      if (json)
        *out += json_quote(f.name);
      else
        *out += f.name;
      *out += ": ";
      value(out, types, f.type, data + f.offset, types[f.type].size, style, depth + 1);
    }
    *out += '}';
    return;
  }
  }
raw:
  hex_bytes(out, data, size, style);
}

const std::vector<TypeDesc> &types_of(const iu_map *map) { return map->obj->file.image.types; }

} // namespace

void format_value(std::string *out, const std::vector<TypeDesc> &types, uint32_t type,
                  const uint8_t *data, size_t size, ValueStyle style) {
  value(out, types, type, data, size, style, 0);
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

std::string format_map_key(const iu_map *map, const void *key, ValueStyle style) {
  const Map &m = map->desc();
  std::string out;
  format_value(&out, types_of(map), m.key_type, static_cast<const uint8_t *>(key), m.key_size,
               style);
  return out;
}

std::string format_map_value(const iu_map *map, const void *v, ValueStyle style) {
  const Map &m = map->desc();
  auto *data = static_cast<const uint8_t *>(v);
  std::string out;
  if (m.type != IU_MAP_PERCPU_ARRAY && m.type != IU_MAP_PERCPU_HASH) {
    format_value(&out, types_of(map), m.value_type, data, m.value_size, style);
    return out;
  }
  int cpus = num_cpus();
  out += '[';
  for (int cpu = 0; cpu < cpus; ++cpu) {
    if (cpu)
      out += ", ";
    format_value(&out, types_of(map), m.value_type, data + cpu * value_stride(m.value_size),
                 m.value_size, style);
  }
  out += ']';
  return out;
}

} // namespace iu
