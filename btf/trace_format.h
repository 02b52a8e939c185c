// A trace event's format (tracefs events/<category>/<event>/format): its
// fields as the kernel lays out the event's record. Read by the loader to
// place an image's tracepoint fields (IU_CONFIG_TP_FIELD) and by iu-btf to
// generate the typed contexts under iu/tp/ (runtime/include/iu/tracepoint.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iu::trace_format {

enum class Kind {
  Integer,   // 1, 2, 4 or 8 bytes: an integer, bool, enum or pointer
  Chars,     // char[N]
  Bytes,     // u8[N] and the like: plain bytes
  String,    // __data_loc char[]: a string stored after the fields
  RelString, // __rel_loc char[]: the same, its offset counted from the field's end
  Other,     // anything else (other arrays, structs): no accessor
};

struct Field {
  std::string type;   // as the format spells it, without the name: "char[16]", "pid_t"
  std::string name;
  uint32_t offset = 0;
  uint32_t size = 0;
  bool is_signed = false;
  Kind kind = Kind::Other;
  bool is_pointer = false; // an Integer that is an address
  bool is_bool = false;    // an Integer that is a bool
};

// The fields of a format's text, the common ones (common_type, ...)
// included. false with *error (naming the line) for text that is not a
// format.
bool parse(std::string_view text, std::vector<Field> *fields, std::string *error);

// s without the white space around it.
std::string_view trim(std::string_view s);

// The field of fields named name, or nullptr.
const Field *find(const std::vector<Field> &fields, std::string_view name);

} // namespace iu::trace_format
