#include "trace_format.h"

#include <cctype>
#include <charconv>

namespace iu::trace_format {

std::string_view trim(std::string_view s) {
  while (!s.empty() && isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The number after "key:" in one of a field line's ";"-separated parts.
bool number_of(std::string_view part, std::string_view key, uint32_t *out) {
  part = trim(part);
  if (!starts_with(part, key))
    return false;
  part.remove_prefix(key.size());
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), *out);
  return ec == std::errc() && end == part.data() + part.size();
}

// The element type of an array declaration's type ("char" of "char[16]").
std::string_view element_type(std::string_view type) {
  return trim(type.substr(0, type.find('[')));
}

std::string_view without_const(std::string_view type) {
  return starts_with(type, "const ") ? type.substr(6) : type;
}

Kind kind_of(const Field &f) {
  std::string_view type = f.type;
  for (auto [prefix, kind] : {std::pair{std::string_view("__data_loc "), Kind::String},
                              std::pair{std::string_view("__rel_loc "), Kind::RelString}})
    if (starts_with(type, prefix))
      return without_const(element_type(type.substr(prefix.size()))) == "char" ? kind
                                                                                : Kind::Other;
  if (type.find('[') != std::string_view::npos) {
    if (type.find('[') != type.rfind('['))
      return Kind::Other; // arrays of arrays
    std::string_view elem = without_const(element_type(type));
    if (elem == "char" || elem == "signed char")
      return Kind::Chars;
    if (elem == "u8" || elem == "__u8" || elem == "unsigned char" || elem == "uint8_t")
      return Kind::Bytes;
    return Kind::Other;
  }
  if (starts_with(type, "struct ") && type.find('*') == std::string_view::npos)
    return Kind::Other;
  if (f.size == 1 || f.size == 2 || f.size == 4 || f.size == 8)
    return Kind::Integer;
  return Kind::Other;
}

// "field:<declaration>" split into the type and the name: the name is the
// last identifier before any trailing array brackets ("char prev_comm[16]"
// is "char[16]" and "prev_comm"; "__data_loc char[] filename" is
// "__data_loc char[]" and "filename").
bool split_declaration(std::string_view decl, Field *f) {
  decl = trim(decl);
  // Every dimension: "u8 mac[2][6]" is "u8[2][6]" and "mac".
  size_t name_end = decl.size();
  while (name_end > 0 && decl[name_end - 1] == ']') {
    size_t bracket = decl.rfind('[', name_end - 1);
    if (bracket == std::string_view::npos)
      return false;
    name_end = trim(decl.substr(0, bracket)).size();
  }
  std::string_view dims = trim(decl.substr(name_end));
  decl = decl.substr(0, name_end);
  size_t start = decl.size();
  while (start > 0 &&
         (isalnum(static_cast<unsigned char>(decl[start - 1])) || decl[start - 1] == '_'))
    --start;
  if (start == decl.size() || start == 0)
    return false;
  f->name = std::string(decl.substr(start));
  f->type = std::string(trim(decl.substr(0, start))) + std::string(dims);
  f->is_pointer = decl.substr(0, start).find('*') != std::string_view::npos;
  return true;
}

} // namespace

bool parse(std::string_view text, std::vector<Field> *fields, std::string *error) {
  fields->clear();
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    line = trim(line);
    if (!starts_with(line, "field:"))
      continue;
    // field:<decl>;	offset:N;	size:N;	signed:N;
    std::vector<std::string_view> parts;
    std::string_view rest = line.substr(6);
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      parts.push_back(rest.substr(0, semi));
      rest.remove_prefix(semi == std::string_view::npos ? rest.size() : semi + 1);
    }
    Field f;
    uint32_t is_signed = 0;
    if (parts.size() < 4 || !split_declaration(parts[0], &f) ||
        !number_of(parts[1], "offset:", &f.offset) || !number_of(parts[2], "size:", &f.size) ||
        !number_of(parts[3], "signed:", &is_signed) || is_signed > 1) {
      *error = "line " + std::to_string(line_no) + " is not a field: " + std::string(line);
      return false;
    }
    f.is_signed = is_signed == 1;
    f.is_bool = f.type == "bool" || f.type == "_Bool";
    f.kind = kind_of(f);
    if (f.kind != Kind::Integer)
      f.is_pointer = false;
    fields->push_back(std::move(f));
  }
  if (fields->empty()) {
    *error = "no field lines (not a trace event format)";
    return false;
  }
  return true;
}

const Field *find(const std::vector<Field> &fields, std::string_view name) {
  for (const Field &f : fields)
    if (f.name == name)
      return &f;
  return nullptr;
}

} // namespace iu::trace_format
