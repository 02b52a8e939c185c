#include "cpp_bindings.h"

#include <bpf/btf.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <iu/abi.h>

namespace iu::btfgen {
namespace {

// Thrown for BTF that refers to types it does not have or loops: a corrupt
// file is an error, not a crash.
struct Corrupt : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// C++ keywords and alternative tokens that C allows as names, and Clang's
// keyword-like names that could appear in the kernel.
const std::unordered_set<std::string> kKeywords = {
    "alignas",   "alignof",       "and",          "and_eq",      "asm",
    "auto",      "bitand",        "bitor",        "bool",        "break",
    "case",      "catch",         "char",         "char8_t",     "char16_t",
    "char32_t",  "class",         "compl",        "concept",     "const",
    "consteval", "constexpr",     "constinit",    "const_cast",  "continue",
    "co_await",  "co_return",     "co_yield",     "decltype",    "default",
    "delete",    "do",            "double",       "dynamic_cast", "else",
    "enum",      "explicit",      "export",       "extern",      "false",
    "float",     "for",           "friend",       "goto",        "if",
    "inline",    "int",           "long",         "mutable",     "namespace",
    "new",       "noexcept",      "not",          "not_eq",      "nullptr",
    "operator",  "or",            "or_eq",        "private",     "protected",
    "public",    "register",      "reinterpret_cast", "requires", "return",
    "short",     "signed",        "sizeof",       "static",      "static_assert",
    "static_cast", "struct",      "switch",       "template",    "this",
    "thread_local", "throw",      "true",         "try",         "typedef",
    "typeid",    "typename",      "union",        "unsigned",    "using",
    "virtual",   "void",          "volatile",     "wchar_t",     "while",
    "xor",       "xor_eq",        "final",        "override",    "import",
    "module",    "restrict",      "_Bool",        "_Atomic",     "_Complex",
    "_Alignas",  "_Alignof",      "_Noreturn",    "_Static_assert", "_Thread_local",
    "__restrict", "__attribute__", "__typeof__",  "typeof",      "__typeof",
};

const char *const kPtrVoid = "::iu::kptr<void>";
// The runtime's template a function's prototype specializes (iu/typed_args.h).
const char *const kPrototypeTemplate = "function_prototype";
constexpr size_t kPathMax = IU_CONFIG_NAME_MAX - 1;
constexpr int kMaxDepth = 64; // typedef and modifier chains, nested arrays and structs
constexpr int kMaxNesting = 1000; // structs embedded in structs (the kernel: a dozen)

const char *int_type(uint32_t size, bool is_signed) {
  switch (size) {
  case 1: return is_signed ? "::iu::s8" : "::iu::u8";
  case 2: return is_signed ? "::iu::s16" : "::iu::u16";
  case 4: return is_signed ? "::iu::s32" : "::iu::u32";
  case 8: return is_signed ? "::iu::s64" : "::iu::u64";
  default: return nullptr;
  }
}

// A member's C++ type; kernel type names inside are marked \x01name\x02 until
// the struct's member names are known (a name can then need qualifying).
struct Mapped {
  std::string type;   // empty: skipped, for reason
  std::string reason;
  std::string embeds; // the kernel name of an embedded struct, or empty
};

struct Member {
  std::string ident, path, type; // type empty: a skip comment for path
  std::string reason;
};

class Generator {
public:
  Generator(const btf *b, const Options &opts) : b_(b), opts_(opts) {}

  std::string run() {
    index_types();
    if (opts_.types.empty() && opts_.functions.empty()) {
      for (uint32_t id = 1; id < count_; ++id) {
        const btf_type *t = type(id);
        if (btf_is_composite(t) && *name_of(t) && canon_.at(name_of(t)) == id)
          define(name_of(t));
      }
    } else {
      for (const std::string &n : opts_.types) {
        if (!canon_.count(n)) {
          if (fwd_only_.count(n))
            throw std::invalid_argument("type '" + n + "' is only declared in this BTF, "
                                        "not defined");
          throw std::invalid_argument("no struct or union named '" + n + "' in this BTF");
        }
        define(n);
      }
    }
    std::unordered_set<std::string> done;
    for (const std::string &f : opts_.functions)
      if (done.insert(f).second)
        prototype(f);
    return render();
  }

private:
  const btf *b_;
  const Options &opts_;
  uint32_t count_ = 0;
  std::unordered_map<std::string, uint32_t> canon_;   // name -> the struct or union defined
  std::unordered_set<std::string> fwd_only_;          // names with a FWD only
  std::unordered_map<std::string, std::string> ident_; // kernel name -> C++ name
  std::set<std::string> declared_;                     // forward declarations, by C++ name
  std::unordered_map<std::string, int> state_;         // 1 defining, 2 defined
  std::vector<std::string> bodies_;                    // definitions, dependencies first
  std::unordered_map<std::string, uint32_t> funcs_;    // function name -> its first FUNC
  std::vector<std::string> prototypes_;                // specializations, or skip comments
  int nesting_ = 0;                                    // of define(), for the stack's sake

  const btf_type *type(uint32_t id) const {
    const btf_type *t = id < count_ ? btf__type_by_id(b_, id) : nullptr;
    if (!t)
      throw Corrupt("a type refers to type [" + std::to_string(id) + "], which the file does not have");
    return t;
  }
  const char *name_of(const btf_type *t) const {
    const char *n = btf__name_by_offset(b_, t->name_off);
    if (!n)
      throw Corrupt("a name is beyond the string section");
    return n;
  }
  const char *member_name(const btf_member *m) const {
    const char *n = btf__name_by_offset(b_, m->name_off);
    if (!n)
      throw Corrupt("a member's name is beyond the string section");
    check_identifier(n);
    return n;
  }
  // Names become C++ names and string literals: C identifiers only.
  static void check_identifier(const char *n) {
    for (const char *c = n; *c; ++c)
      if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
            (c != n && *c >= '0' && *c <= '9')))
        throw Corrupt("the name '" + printable(n) + "' is not a C identifier");
  }
  static std::string printable(const char *n) {
    std::string s;
    for (const char *c = n; *c && s.size() < 64; ++c)
      s += (*c >= 0x20 && *c < 0x7f) ? *c : '?';
    return s;
  }

  // The canonical definition of each name: the first struct, else the
  // first union (as the loader resolves a path's first component).
  void index_types() {
    count_ = btf__type_cnt(b_);
    std::unordered_map<std::string, uint32_t> unions;
    for (uint32_t id = 1; id < count_; ++id) {
      const btf_type *t = type(id);
      const char *n = name_of(t);
      if (!*n)
        continue;
      if (btf_is_composite(t) || btf_is_fwd(t))
        check_identifier(n);
      if (btf_is_struct(t))
        canon_.emplace(n, id);
      else if (btf_is_union(t))
        unions.emplace(n, id);
      else if (btf_is_fwd(t))
        fwd_only_.insert(n);
      else if (btf_is_func(t))
        funcs_.emplace(n, id); // the first, as the loader's btf__find_by_name_kind
    }
    for (auto &[n, id] : unions)
      canon_.emplace(n, id);
    for (auto &[n, id] : canon_)
      fwd_only_.erase(n);
    // C++ names: distinct, even after a keyword gets its '_'.
    std::unordered_set<std::string> taken;
    std::vector<std::string> names;
    for (auto &[n, id] : canon_)
      names.push_back(n);
    names.insert(names.end(), fwd_only_.begin(), fwd_only_.end());
    std::sort(names.begin(), names.end());
    taken.insert(names.begin(), names.end());
    for (const std::string &n : names) {
      std::string id = cpp_identifier(n);
      if (id == kPrototypeTemplate) // the header's own name in namespace vmlinux
        id += '_';
      if (id != n)
        while (!taken.insert(id).second)
          id += '_';
      ident_[n] = id;
    }
  }

  // Through typedefs, modifiers and type tags.
  uint32_t skip(uint32_t id) const {
    for (int depth = 0; depth < kMaxDepth; ++depth) {
      const btf_type *t = type(id);
      switch (btf_kind(t)) {
      case BTF_KIND_TYPEDEF:
      case BTF_KIND_CONST:
      case BTF_KIND_VOLATILE:
      case BTF_KIND_RESTRICT:
      case BTF_KIND_TYPE_TAG:
        id = t->type;
        break;
      default:
        return id;
      }
    }
    throw Corrupt("type [" + std::to_string(id) + "]'s typedefs and modifiers loop");
  }

  std::string mark(const std::string &kname) { return "\x01" + kname + "\x02"; }

  // A pointer's target: a named struct or union, else void.
  std::string pointee(uint32_t target) {
    const btf_type *t = type(skip(target));
    const char *n = name_of(t);
    if ((btf_is_composite(t) || btf_is_fwd(t)) && *n) {
      declared_.insert(ident_.at(n));
      return "::iu::kptr<" + mark(n) + ">";
    }
    return kPtrVoid;
  }

  // An array element's type; element arrays nest.
  Mapped element(uint32_t id, int depth) {
    if (depth > kMaxDepth)
      throw Corrupt("arrays nest too deep");
    const btf_type *t = type(skip(id));
    if (btf_is_int(t) && t->size == 1 && !(btf_int_encoding(t) & BTF_INT_BOOL) &&
        (std::string(name_of(t)) == "char" || (btf_int_encoding(t) & BTF_INT_CHAR)))
      return {"char", "", ""};
    if (btf_is_composite(t))
      return {"", "array of structs", ""};
    if (btf_is_array(t))
      return array_of(t, depth + 1);
    return scalar(t);
  }

  Mapped array_of(const btf_type *t, int depth) {
    const struct btf_array *a = btf_array(t);
    if (a->nelems == 0)
      return {"", "zero-size array", ""};
    Mapped e = element(a->type, depth);
    if (e.type.empty())
      return e;
    return {"::iu::array<" + e.type + ", " + std::to_string(a->nelems) + ">", "", ""};
  }

  // Integers, enums, pointers.
  Mapped scalar(const btf_type *t) {
    switch (btf_kind(t)) {
    case BTF_KIND_INT: {
      uint8_t enc = btf_int_encoding(t);
      if (enc & BTF_INT_BOOL) // any byte the kernel holds is a valid u8, not a valid bool
        return {"::iu::u8", "", ""};
      if (t->size == 16)
        return {"::iu::array<::iu::u64, 2>", "", ""};
      if (const char *s = int_type(t->size, enc & BTF_INT_SIGNED))
        return {s, "", ""};
      return {"", std::to_string(t->size) + "-byte integer", ""};
    }
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64:
      // An integer holds any bit pattern the kernel stores, a C++ enum
      // only its values.
      if (const char *s = int_type(t->size, btf_kflag(t)))
        return {s, "", ""};
      return {"", std::to_string(t->size) + "-byte enum", ""};
    case BTF_KIND_PTR:
      return {pointee(t->type), "", ""};
    case BTF_KIND_FLOAT:
      return {"", "floating point", ""};
    default:
      return {"", "unsupported type", ""};
    }
  }

  // Appends the members of composite id (at path, with C++ names
  // prefixed), anonymous ones flattened as C names them.
  void members(uint32_t id, const std::string &path, const std::string &prefix, int depth,
               std::vector<Member> *out) {
    if (depth > kMaxDepth)
      throw Corrupt("structs nest too deep");
    const btf_type *t = type(id);
    const btf_member *m = btf_members(t);
    for (uint16_t i = 0; i < btf_vlen(t); ++i, ++m) {
      std::string n = member_name(m);
      uint32_t mid = skip(m->type);
      const btf_type *mt = type(mid);
      bool bitfield = btf_member_bitfield_size(t, i) != 0 || btf_member_bit_offset(t, i) % 8;
      if (n.empty()) {
        // An anonymous struct or union: its members are the parent's. An
        // unnamed bit field is padding.
        if (btf_is_composite(mt) && !bitfield)
          members(mid, path, prefix, depth + 1, out);
        continue;
      }
      std::string at = path + n;
      std::string shown = at.substr(at.find('.') + 1);
      if (bitfield) {
        out->push_back({"", shown, "", "bit field"});
        continue;
      }
      if (btf_is_array(mt) && btf_array(mt)->nelems == 0) {
        out->push_back({"", shown, "", "flexible array"});
        continue;
      }
      if (btf__resolve_size(b_, mid) == 0) {
        out->push_back({"", shown, "", "zero-size"});
        continue;
      }
      if (btf_is_composite(mt) && !*name_of(mt)) {
        // A named member of an unnamed struct type: its members by path.
        members(mid, at + ".", prefix + n + "_", depth + 1, out);
        continue;
      }
      if (at.size() > kPathMax) {
        out->push_back({"", shown, "",
                        "path longer than " + std::to_string(kPathMax) + " characters"});
        continue;
      }
      Mapped mp;
      if (btf_is_composite(mt)) {
        std::string kn = name_of(mt);
        define(kn);
        mp = {mark(kn), "", kn};
      } else if (btf_is_array(mt)) {
        mp = array_of(mt, 0);
      } else {
        mp = scalar(mt);
      }
      if (mp.type.empty())
        out->push_back({"", shown, "", mp.reason});
      else
        out->push_back({prefix + n, at, mp.type, ""});
    }
  }

  // A prototype's type: what scalar() maps, for a value that takes one
  // argument register; empty with *why otherwise.
  std::string proto_type(uint32_t id, std::string *why) {
    const btf_type *t = type(skip(id));
    if (btf_is_composite(t)) {
      *why = "a struct or union by value";
      return "";
    }
    if (btf_is_int(t) && t->size > 8) {
      *why = std::to_string(t->size * 8) + "-bit integer";
      return "";
    }
    Mapped m = scalar(t);
    if (m.type.empty())
      *why = m.reason;
    return m.type;
  }

  // The prototype of function name, as a specialization of
  // vmlinux::function_prototype; a function typed arguments cannot take
  // is a comment saying why.
  void prototype(const std::string &name) {
    auto it = funcs_.find(name);
    if (it == funcs_.end())
      throw std::invalid_argument("no function named '" + name + "' in this BTF");
    check_identifier(name.c_str());
    const btf_type *proto = type(type(it->second)->type);
    if (!btf_is_func_proto(proto))
      throw Corrupt("function " + name + "'s type is not a prototype");
    std::string why, ret = "void";
    if (proto->type) {
      ret = proto_type(proto->type, &why);
      if (ret.empty())
        why = "returns " + why;
    }
    std::vector<std::string> args;
    const btf_param *p = btf_params(proto);
    uint16_t n = btf_vlen(proto);
    if (why.empty() && n > IU_ARGS_MAX - 1)
      why = std::to_string(n) + " arguments, more than the six argument registers";
    for (uint16_t i = 0; why.empty() && i < n; ++i, ++p) {
      if (p->type == 0) {
        why = "variadic";
        break;
      }
      std::string a = proto_type(p->type, &why);
      if (a.empty())
        why = "argument " + std::to_string(i + 1) + ": " + why;
      else
        args.push_back(a);
    }
    if (!why.empty()) {
      prototypes_.push_back("// skipped: function " + name + " (" + why + ")\n");
      return;
    }
    std::string s = "template <> struct " + std::string(kPrototypeTemplate) + "<\"" + name +
                    "\"> : ::iu::prototype<" + ret;
    for (const std::string &a : args)
      s += ", " + a;
    s += "> {};\n";
    // Kernel names become their C++ names; at namespace scope none needs
    // qualifying.
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (s[i] != '\x01') {
        out += s[i++];
        continue;
      }
      size_t end = s.find('\x02', i);
      out += ident_.at(s.substr(i + 1, end - i - 1));
      i = end + 1;
    }
    prototypes_.push_back(std::move(out));
  }

  // Defines kernel type kname after everything it embeds.
  void define(const std::string &kname) {
    int &st = state_[kname];
    if (st == 2)
      return;
    if (st == 1)
      throw Corrupt("struct " + kname + " contains itself");
    if (++nesting_ > kMaxNesting)
      throw Corrupt("structs embed each other too deep");
    st = 1;
    const std::string &self = ident_.at(kname);
    declared_.insert(self);
    std::vector<Member> ms;
    members(canon_.at(kname), kname + ".", "", 0, &ms);

    // C++ names: keywords and the struct's own name get '_', and none
    // repeats; then a kernel type named like a member is qualified (inside
    // the struct, the bare name would be the member).
    std::unordered_set<std::string> used = {self};
    for (Member &m : ms) {
      if (m.type.empty())
        continue;
      m.ident = cpp_identifier(m.ident);
      while (!used.insert(m.ident).second)
        m.ident += '_';
    }
    std::string body = "struct " + self + " : ::iu::kernel_struct {\n";
    for (const Member &m : ms) {
      if (m.type.empty()) {
        body += "  // skipped: " + m.path + " (" + m.reason + ")\n";
        continue;
      }
      std::string ty;
      for (size_t i = 0; i < m.type.size();) {
        if (m.type[i] != '\x01') {
          ty += m.type[i++];
          continue;
        }
        size_t end = m.type.find('\x02', i);
        const std::string &id = ident_.at(m.type.substr(i + 1, end - i - 1));
        ty += used.count(id) && id != self ? "::vmlinux::" + id : id;
        i = end + 1;
      }
      body += "  static constexpr ::iu::field<" + self + ", \"" + m.path + "\", " + ty + "> " +
              m.ident + "{};\n";
    }
    body += "};\n";
    bodies_.push_back(std::move(body));
    st = 2;
    --nesting_;
  }

  std::string render() const {
    std::string s = "// Generated by iu-btf from " + opts_.source_name +
                    ": kernel types for iu::read (docs/kernel-types.md).\n"
                    "#pragma once\n"
                    "#include <iu/core.h>\n";
    if (!opts_.functions.empty())
      s += "#include <iu/typed_args.h>\n";
    s += "namespace vmlinux {\n";
    for (const std::string &d : declared_)
      s += "struct " + d + ";\n";
    for (const std::string &b : bodies_)
      s += b;
    for (const std::string &p : prototypes_)
      s += p;
    s += "} // namespace vmlinux\n";
    return s;
  }
};

} // namespace

std::string cpp_identifier(const std::string &name) {
  if (kKeywords.count(name))
    return name + "_";
  // __iu names are the runtime's (the checker refuses them in user code).
  if (name.rfind("__iu", 0) == 0)
    return "k" + name;
  return name;
}

bool generate_cpp(const btf *b, const Options &opts, std::string *out, std::string *error) {
  try {
    *out = Generator(b, opts).run();
    return true;
  } catch (const Corrupt &e) {
    *error = std::string("corrupt BTF: ") + e.what();
  } catch (const std::invalid_argument &e) {
    *error = e.what();
  } catch (const std::out_of_range &) {
    *error = "corrupt BTF: a type refers to a struct it does not define";
  }
  return false;
}

} // namespace iu::btfgen
