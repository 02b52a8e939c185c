// .iu.types: parser, encoder, merge and the image's reader (see
// <iu/types_section.h>; the format is in docs/image-format.md).
//
// The text is a small subset of JSON: objects, arrays, strings without
// escapes (printable ASCII other than '"' and '\'), non-negative integers,
// true and false. Everything the format does not name is refused, so a
// reader never guesses: a later version adds fields and bumps "version".
#include "types_section.h"

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <memory>
#include <set>
#include <vector>

namespace iu {
namespace {

// ---- A strict JSON subset ----

struct Json {
  enum Kind { Object, Array, String, Number, Bool } kind = Number;
  std::vector<std::pair<std::string, std::unique_ptr<Json>>> members; // Object
  std::vector<std::unique_ptr<Json>> items;                           // Array
  std::string str;                                                    // String
  uint64_t num = 0;                                                   // Number
  bool boolean = false;                                               // Bool
};

constexpr int kMaxDepth = 8;
constexpr uint64_t kMaxNumber = UINT32_MAX;

class JsonParser {
public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  std::unique_ptr<Json> parse_document(std::string *error) {
    auto v = value(0);
    if (v) {
      skip_ws();
      if (pos_ != s_.size())
        fail("text after the end of the document");
    }
    if (!err_.empty()) {
      *error = err_ + " at byte " + std::to_string(pos_);
      return nullptr;
    }
    return v;
  }

private:
  void fail(const std::string &what) {
    if (err_.empty())
      err_ = what;
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool eat(char c) {
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool string(std::string *out) {
    skip_ws();
    if (pos_ >= s_.size() || s_[pos_] != '"') {
      fail("expected a string");
      return false;
    }
    size_t start = ++pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c < 0x20 || c > 0x7e || c == '\\') {
        fail("a string holds a byte it may not (control, non-ASCII or escape)");
        return false;
      }
      if (pos_ - start >= kTypeNameMax) {
        fail("a string is longer than " + std::to_string(kTypeNameMax) + " bytes");
        return false;
      }
      ++pos_;
    }
    if (pos_ >= s_.size()) {
      fail("unterminated string");
      return false;
    }
    out->assign(s_.substr(start, pos_ - start));
    ++pos_;
    return true;
  }
  std::unique_ptr<Json> value(int depth) {
    if (depth > kMaxDepth) {
      fail("nested too deeply");
      return nullptr;
    }
    skip_ws();
    if (pos_ >= s_.size()) {
      fail("unexpected end of text");
      return nullptr;
    }
    auto v = std::make_unique<Json>();
    char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v->kind = Json::Object;
      if (eat('}'))
        return v;
      do {
        std::string key;
        if (!string(&key))
          return nullptr;
        for (const auto &m : v->members)
          if (m.first == key) {
            fail("duplicate key \"" + key + "\"");
            return nullptr;
          }
        if (!eat(':')) {
          fail("expected ':'");
          return nullptr;
        }
        auto member = value(depth + 1);
        if (!member)
          return nullptr;
        v->members.emplace_back(std::move(key), std::move(member));
      } while (eat(','));
      if (!eat('}')) {
        fail("expected ',' or '}'");
        return nullptr;
      }
      return v;
    }
    if (c == '[') {
      ++pos_;
      v->kind = Json::Array;
      if (eat(']'))
        return v;
      do {
        auto item = value(depth + 1);
        if (!item)
          return nullptr;
        v->items.push_back(std::move(item));
      } while (eat(','));
      if (!eat(']')) {
        fail("expected ',' or ']'");
        return nullptr;
      }
      return v;
    }
    if (c == '"') {
      v->kind = Json::String;
      if (!string(&v->str))
        return nullptr;
      return v;
    }
    if (c >= '0' && c <= '9') {
      v->kind = Json::Number;
      if (c == '0' && pos_ + 1 < s_.size() && s_[pos_ + 1] >= '0' && s_[pos_ + 1] <= '9') {
        fail("a number has a leading zero");
        return nullptr;
      }
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
        v->num = v->num * 10 + static_cast<uint64_t>(s_[pos_] - '0');
        if (v->num > kMaxNumber) {
          fail("a number is too large");
          return nullptr;
        }
        ++pos_;
      }
      if (pos_ < s_.size() && (s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) {
        fail("numbers are integers");
        return nullptr;
      }
      return v;
    }
    if (s_.substr(pos_, 4) == "true") {
      pos_ += 4;
      v->kind = Json::Bool;
      v->boolean = true;
      return v;
    }
    if (s_.substr(pos_, 5) == "false") {
      pos_ += 5;
      v->kind = Json::Bool;
      return v;
    }
    fail("unexpected character");
    return nullptr;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string err_;
};

// ---- The schema ----

// Reads one object's members by name: each must be used exactly once (an
// unknown key is an error).
class Fields {
public:
  Fields(const Json &obj, std::string where, std::string *err)
      : obj_(obj), where_(std::move(where)), err_(err), used_(obj.members.size(), false) {}

  const Json *get(const char *key, Json::Kind kind, bool required = true) {
    for (size_t i = 0; i < obj_.members.size(); ++i) {
      if (obj_.members[i].first != key)
        continue;
      used_[i] = true;
      const Json &v = *obj_.members[i].second;
      if (v.kind != kind) {
        fail(std::string("\"") + key + "\" has the wrong type");
        return nullptr;
      }
      return &v;
    }
    if (required)
      fail(std::string("\"") + key + "\" is missing");
    return nullptr;
  }
  // All members read? Reports the first unknown one.
  bool done() {
    for (size_t i = 0; i < used_.size(); ++i)
      if (!used_[i]) {
        fail("unknown key \"" + obj_.members[i].first + "\"");
        return false;
      }
    return err_->empty();
  }
  void fail(const std::string &what) {
    if (err_->empty())
      *err_ = ".iu.types: " + where_ + ": " + what;
  }

private:
  const Json &obj_;
  std::string where_;
  std::string *err_;
  std::vector<bool> used_;
};

bool is_identifier(const std::string &s, size_t max) {
  if (s.empty() || s.size() > max || !(isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  for (char c : s)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return true;
}

bool kind_from_name(const std::string &name, TypeDesc::Kind *kind) {
  static const std::pair<const char *, TypeDesc::Kind> kKinds[] = {
      {"int", TypeDesc::Int},     {"bool", TypeDesc::Bool},   {"enum", TypeDesc::Enum},
      {"chars", TypeDesc::Chars}, {"array", TypeDesc::Array}, {"struct", TypeDesc::Struct},
  };
  for (const auto &[n, k] : kKinds)
    if (name == n) {
      *kind = k;
      return true;
    }
  return false;
}

bool parse_type(const Json &j, uint32_t index, const std::vector<TypeDesc> &earlier,
                size_t *total_fields, TypeDesc *out, std::string *err) {
  std::string where = "type " + std::to_string(index);
  if (j.kind != Json::Object) {
    *err = ".iu.types: " + where + " is not an object";
    return false;
  }
  Fields f(j, where, err);
  const Json *kind = f.get("kind", Json::String);
  const Json *name = f.get("name", Json::String);
  const Json *size = f.get("size", Json::Number);
  if (!kind || !name || !size)
    return false;
  if (!kind_from_name(kind->str, &out->kind)) {
    f.fail("unknown kind \"" + kind->str + "\"");
    return false;
  }
  out->name = name->str;
  out->size = static_cast<uint32_t>(size->num);
  if (out->size == 0 || out->size > kTypeSizeMax) {
    f.fail("size " + std::to_string(size->num) + " is out of range");
    return false;
  }
  auto int_size = [&] {
    if (out->size == 1 || out->size == 2 || out->size == 4 || out->size == 8)
      return true;
    f.fail("an integer of " + std::to_string(out->size) + " bytes");
    return false;
  };
  auto type_index = [&](const Json &v, const std::string &what) -> bool {
    if (v.num >= index) {
      f.fail(what + " " + std::to_string(v.num) + " is not an earlier type");
      return false;
    }
    return true;
  };
  switch (out->kind) {
  case TypeDesc::Int:
  case TypeDesc::Enum: {
    const Json *sign = f.get("signed", Json::Bool);
    if (!sign || !int_size())
      return false;
    out->is_signed = sign->boolean;
    break;
  }
  case TypeDesc::Bool:
    if (out->size != 1) {
      f.fail("a bool of " + std::to_string(out->size) + " bytes");
      return false;
    }
    break;
  case TypeDesc::Chars:
    out->count = out->size;
    out->elem = kNoType;
    break;
  case TypeDesc::Array: {
    const Json *elem = f.get("elem", Json::Number);
    const Json *count = f.get("count", Json::Number);
    if (!elem || !count || !type_index(*elem, "element type"))
      return false;
    out->elem = static_cast<uint32_t>(elem->num);
    out->count = static_cast<uint32_t>(count->num);
    if (out->count == 0 ||
        static_cast<uint64_t>(earlier[out->elem].size) * out->count != out->size) {
      f.fail("size " + std::to_string(out->size) + " is not " + std::to_string(out->count) +
             " elements of " + std::to_string(earlier[out->elem].size) + " bytes");
      return false;
    }
    break;
  }
  case TypeDesc::Struct: {
    const Json *fields = f.get("fields", Json::Array);
    if (!fields)
      return false;
    uint64_t end = 0;
    std::set<std::string> names;
    for (const auto &item : fields->items) {
      if (++*total_fields > kTypeFieldsMax) {
        f.fail("more than " + std::to_string(kTypeFieldsMax) + " fields in all");
        return false;
      }
      if (item->kind != Json::Object) {
        f.fail("a field is not an object");
        return false;
      }
      Fields ff(*item, where + " field " + std::to_string(out->fields.size()), err);
      const Json *fname = ff.get("name", Json::String);
      const Json *offset = ff.get("offset", Json::Number);
      const Json *ftype = ff.get("type", Json::Number);
      if (!fname || !offset || !ftype || !ff.done())
        return false;
      if (!is_identifier(fname->str, kTypeNameMax)) {
        ff.fail("name \"" + fname->str + "\" is not an identifier");
        return false;
      }
      if (!names.insert(fname->str).second) {
        ff.fail("name \"" + fname->str + "\" is used twice");
        return false;
      }
      if (ftype->num >= index) {
        ff.fail("type " + std::to_string(ftype->num) + " is not an earlier type");
        return false;
      }
      uint64_t fsize = earlier[ftype->num].size;
      if (offset->num < end) {
        ff.fail("offset " + std::to_string(offset->num) + " overlaps the field before it");
        return false;
      }
      if (offset->num + fsize > out->size) {
        ff.fail("lies outside its struct of " + std::to_string(out->size) + " bytes");
        return false;
      }
      end = offset->num + fsize;
      out->fields.push_back({fname->str, static_cast<uint32_t>(offset->num),
                             static_cast<uint32_t>(ftype->num)});
    }
    break;
  }
  }
  return f.done();
}

// A type as a string whose children are indices of the same table: equal
// strings within one table are equal layouts (children are shared).
std::string shape(const TypeDesc &t) {
  std::string s = std::to_string(t.kind) + "|" + t.name + "|" + std::to_string(t.size) + "|" +
                  (t.is_signed ? "s" : "u") + "|" + std::to_string(t.elem) + "|" +
                  std::to_string(t.count);
  for (const TypeDesc::Field &f : t.fields)
    s += "|" + f.name + ":" + std::to_string(f.offset) + ":" + std::to_string(f.type);
  return s;
}

const char *config_kind_name(uint32_t kind) {
  switch (kind) {
  case IU_CONFIG_INT:
    return "signed integer";
  case IU_CONFIG_UINT:
    return "unsigned integer";
  case IU_CONFIG_BOOL:
    return "bool";
  case IU_CONFIG_CHARS:
    return "char array";
  default:
    return "bytes";
  }
}

bool config_kind_fits(uint32_t kind, const TypeDesc &t) {
  switch (kind) {
  case IU_CONFIG_INT:
    return t.kind == TypeDesc::Int && t.is_signed;
  case IU_CONFIG_UINT:
    return t.kind == TypeDesc::Int && !t.is_signed;
  case IU_CONFIG_BOOL:
    return t.kind == TypeDesc::Bool;
  case IU_CONFIG_CHARS:
    return t.kind == TypeDesc::Chars;
  case IU_CONFIG_BYTES:
    return t.kind != TypeDesc::Int && t.kind != TypeDesc::Bool && t.kind != TypeDesc::Chars;
  default:
    return false;
  }
}

} // namespace

const char *type_kind_name(TypeDesc::Kind kind) {
  switch (kind) {
  case TypeDesc::Int:
    return "int";
  case TypeDesc::Bool:
    return "bool";
  case TypeDesc::Enum:
    return "enum";
  case TypeDesc::Chars:
    return "chars";
  case TypeDesc::Array:
    return "array";
  case TypeDesc::Struct:
    return "struct";
  }
  return "unknown";
}

bool parse_type_table(std::string_view text, TypeTable *out, std::string *error) {
  *out = TypeTable{};
  error->clear();
  if (text.size() > kTypesSectionMax) {
    *error = ".iu.types: larger than " + std::to_string(kTypesSectionMax) + " bytes";
    return false;
  }
  std::string jerr;
  std::unique_ptr<Json> root = JsonParser(text).parse_document(&jerr);
  if (!root) {
    *error = ".iu.types: malformed: " + jerr;
    return false;
  }
  if (root->kind != Json::Object) {
    *error = ".iu.types: not an object";
    return false;
  }
  Fields f(*root, "document", error);
  const Json *format = f.get("format", Json::String);
  const Json *version = f.get("version", Json::Number);
  if (!format || !version)
    return false;
  if (format->str != "iu-types") {
    f.fail("format is \"" + format->str + "\", not \"iu-types\"");
    return false;
  }
  if (version->num != kTypesVersion) {
    *error = ".iu.types: version " + std::to_string(version->num) +
             " is not supported (this reader knows version " + std::to_string(kTypesVersion) +
             ")";
    return false;
  }
  const Json *types = f.get("types", Json::Array);
  const Json *maps = f.get("maps", Json::Object);
  const Json *configs = f.get("configs", Json::Object);
  if (!types || !maps || !configs || !f.done())
    return false;
  if (types->items.size() > kTypesMax) {
    *error = ".iu.types: more than " + std::to_string(kTypesMax) + " types";
    return false;
  }
  size_t total_fields = 0;
  for (const auto &item : types->items) {
    TypeDesc t;
    if (!parse_type(*item, static_cast<uint32_t>(out->types.size()), out->types, &total_fields,
                    &t, error))
      return false;
    out->types.push_back(std::move(t));
  }
  auto type_ref = [&](const Json *v, const std::string &what) -> bool {
    if (v->num >= out->types.size()) {
      *error = ".iu.types: " + what + " refers to type " + std::to_string(v->num) +
               ", which does not exist";
      return false;
    }
    return true;
  };
  for (const auto &[name, m] : maps->members) {
    std::string where = "map '" + name + "'";
    if (!is_identifier(name, IU_MAP_NAME_MAX - 1)) {
      *error = ".iu.types: " + where + ": not a valid map name";
      return false;
    }
    if (m->kind != Json::Object) {
      *error = ".iu.types: " + where + " is not an object";
      return false;
    }
    Fields mf(*m, where, error);
    const Json *key = mf.get("key", Json::Number, /*required=*/false);
    const Json *value = mf.get("value", Json::Number);
    if (!value || !mf.done())
      return false;
    if ((key && !type_ref(key, where + " key")) || !type_ref(value, where + " value"))
      return false;
    out->maps[name] = {key ? static_cast<uint32_t>(key->num) : kNoType,
                       static_cast<uint32_t>(value->num)};
  }
  for (const auto &[name, c] : configs->members) {
    std::string where = "configuration '" + name + "'";
    if (!is_identifier(name, IU_CONFIG_NAME_MAX - 1)) {
      *error = ".iu.types: " + where + ": not a valid configuration name";
      return false;
    }
    if (c->kind != Json::Number) {
      *error = ".iu.types: " + where + " is not a type index";
      return false;
    }
    if (!type_ref(c.get(), where))
      return false;
    out->configs[name] = static_cast<uint32_t>(c->num);
  }
  return true;
}

std::string encode_type_table(const TypeTable &table) {
  std::string o = "{\"format\":\"iu-types\",\"version\":" + std::to_string(kTypesVersion) +
                  ",\n\"types\":[";
  for (size_t i = 0; i < table.types.size(); ++i) {
    const TypeDesc &t = table.types[i];
    o += i ? ",\n{" : "\n{";
    o += std::string("\"kind\":\"") + type_kind_name(t.kind) + "\",\"name\":\"" + t.name +
         "\",\"size\":" + std::to_string(t.size);
    switch (t.kind) {
    case TypeDesc::Int:
    case TypeDesc::Enum:
      o += std::string(",\"signed\":") + (t.is_signed ? "true" : "false");
      break;
    case TypeDesc::Array:
      o += ",\"elem\":" + std::to_string(t.elem) + ",\"count\":" + std::to_string(t.count);
      break;
    case TypeDesc::Struct:
      o += ",\"fields\":[";
      for (size_t f = 0; f < t.fields.size(); ++f)
        o += std::string(f ? "," : "") + "{\"name\":\"" + t.fields[f].name +
             "\",\"offset\":" + std::to_string(t.fields[f].offset) +
             ",\"type\":" + std::to_string(t.fields[f].type) + "}";
      o += "]";
      break;
    default:
      break;
    }
    o += "}";
  }
  o += "],\n\"maps\":{";
  bool first = true;
  for (const auto &[name, m] : table.maps) {
    o += first ? "\n\"" : ",\n\"";
    o += name + "\":{";
    if (m.key != kNoType)
      o += "\"key\":" + std::to_string(m.key) + ",";
    o += "\"value\":" + std::to_string(m.value) + "}";
    first = false;
  }
  o += "},\n\"configs\":{";
  first = true;
  for (const auto &[name, t] : table.configs) {
    o += first ? "\n\"" : ",\n\"";
    o += name + "\":" + std::to_string(t);
    first = false;
  }
  o += "}}\n";
  return o;
}

bool merge_type_table(TypeTable *into, const TypeTable &from, std::string *error) {
  // Children come first in both tables, so each of from's types can be
  // rewritten with into's indices and then shared by its shape.
  std::map<std::string, uint32_t> known;
  for (uint32_t i = 0; i < into->types.size(); ++i)
    known.emplace(shape(into->types[i]), i);
  std::vector<uint32_t> remap(from.types.size(), kNoType);
  for (uint32_t i = 0; i < from.types.size(); ++i) {
    TypeDesc t = from.types[i];
    if (t.kind == TypeDesc::Array)
      t.elem = remap[t.elem];
    for (TypeDesc::Field &f : t.fields)
      f.type = remap[f.type];
    auto [it, inserted] = known.emplace(shape(t), static_cast<uint32_t>(into->types.size()));
    if (inserted)
      into->types.push_back(std::move(t));
    remap[i] = it->second;
  }
  auto map_index = [&](uint32_t i) { return i == kNoType ? kNoType : remap[i]; };
  for (const auto &[name, m] : from.maps) {
    TypeTable::MapTypes mt{map_index(m.key), map_index(m.value)};
    auto [it, inserted] = into->maps.emplace(name, mt);
    if (!inserted && (it->second.key != mt.key || it->second.value != mt.value)) {
      *error = "map '" + name + "' has different key or value types in different source files";
      return false;
    }
  }
  for (const auto &[name, t] : from.configs) {
    auto [it, inserted] = into->configs.emplace(name, remap[t]);
    if (!inserted && it->second != remap[t]) {
      *error = "configuration '" + name + "' has different types in different source files";
      return false;
    }
  }
  return true;
}

bool apply_type_table(const TypeTable &table, Image *image, std::string *error) {
  for (const auto &[name, mt] : table.maps) {
    auto m = std::find_if(image->maps.begin(), image->maps.end(),
                          [&](const Map &x) { return x.name == name; });
    if (m == image->maps.end()) {
      *error = ".iu.types: describes map '" + name + "', which the image does not have";
      return false;
    }
    bool events = m->type == IU_MAP_EVENTS;
    if (events != (mt.key == kNoType)) {
      *error = ".iu.types: map '" + name + "' " +
               (events ? "is an events channel but has a key type"
                       : "has a key but no key type");
      return false;
    }
    if (!events && table.types[mt.key].size != m->key_size) {
      *error = ".iu.types: map '" + name + "': key type of " +
               std::to_string(table.types[mt.key].size) + " bytes, but keys of " +
               std::to_string(m->key_size) + " bytes";
      return false;
    }
    if (table.types[mt.value].size != m->value_size) {
      *error = ".iu.types: map '" + name + "': value type of " +
               std::to_string(table.types[mt.value].size) + " bytes, but values of " +
               std::to_string(m->value_size) + " bytes";
      return false;
    }
    m->key_type = mt.key;
    m->value_type = mt.value;
  }
  for (const auto &[name, t] : table.configs) {
    auto c = std::find_if(image->configs.begin(), image->configs.end(),
                          [&](const ConfigVar &x) { return x.name == name; });
    if (c == image->configs.end()) {
      *error = ".iu.types: describes configuration '" + name + "', which the image does not have";
      return false;
    }
    const TypeDesc &d = table.types[t];
    if (d.size != c->size) {
      *error = ".iu.types: configuration '" + name + "': type of " + std::to_string(d.size) +
               " bytes, but a value of " + std::to_string(c->size) + " bytes";
      return false;
    }
    if (!config_kind_fits(c->kind, d)) {
      *error = ".iu.types: configuration '" + name + "': a " + config_kind_name(c->kind) +
               " configuration described as " + type_kind_name(d.kind);
      return false;
    }
    c->type = t;
  }
  image->types = table.types;
  return true;
}

bool read_types_section(std::span<const uint8_t> elf, Image *image, std::string *error) {
  // The validator has checked the ELF header and that every section lies
  // inside the file; the bounds are checked again here all the same.
  Elf64_Ehdr eh;
  if (elf.size() < sizeof(eh)) {
    *error = ".iu.types: truncated image";
    return false;
  }
  memcpy(&eh, elf.data(), sizeof(eh));
  auto fits = [&](uint64_t off, uint64_t len) {
    return off <= elf.size() && len <= elf.size() - off;
  };
  if (eh.e_shentsize != sizeof(Elf64_Shdr) ||
      !fits(eh.e_shoff, static_cast<uint64_t>(eh.e_shnum) * sizeof(Elf64_Shdr)) ||
      eh.e_shstrndx >= eh.e_shnum) {
    *error = ".iu.types: cannot read the section headers";
    return false;
  }
  auto shdr = [&](unsigned i) {
    Elf64_Shdr sh;
    memcpy(&sh, elf.data() + eh.e_shoff + static_cast<uint64_t>(i) * sizeof(sh), sizeof(sh));
    return sh;
  };
  Elf64_Shdr strtab = shdr(eh.e_shstrndx);
  if (!fits(strtab.sh_offset, strtab.sh_size)) {
    *error = ".iu.types: cannot read the section names";
    return false;
  }
  const Elf64_Shdr *found = nullptr;
  Elf64_Shdr sh_found;
  for (unsigned i = 1; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh = shdr(i);
    if (sh.sh_name >= strtab.sh_size)
      continue; // the validator refuses these; nothing to match here
    const char *name = reinterpret_cast<const char *>(elf.data() + strtab.sh_offset + sh.sh_name);
    size_t room = strtab.sh_size - sh.sh_name;
    if (strnlen(name, room) == room || strcmp(name, kTypesSectionName) != 0)
      continue;
    if (found) {
      *error = "more than one .iu.types section";
      return false;
    }
    sh_found = sh;
    found = &sh_found;
  }
  if (!found)
    return true;
  if (found->sh_type != SHT_PROGBITS || (found->sh_flags & (SHF_ALLOC | SHF_COMPRESSED)) ||
      found->sh_size == 0 || !fits(found->sh_offset, found->sh_size)) {
    *error = ".iu.types: must be a non-allocated section with contents";
    return false;
  }
  std::string_view text(reinterpret_cast<const char *>(elf.data() + found->sh_offset),
                        found->sh_size);
  TypeTable table;
  if (!parse_type_table(text, &table, error))
    return false;
  return apply_type_table(table, image, error);
}

} // namespace iu
