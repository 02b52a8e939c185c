// Checks typed programs' declared parameters against their functions'
// BTF prototypes. The check is not what keeps the program safe (every
// parameter type takes any bits of its register); it keeps a program from
// silently reading one argument as another when the kernel's function is
// not what the program was written for.
#include "typed_args.h"

#include "kernel_btf.h"

#include <bpf/btf.h>
#include <cerrno>
#include <cstring>

#include <iu/abi.h>

namespace iu {
namespace {

// A declared parameter, as the program's source spells it.
std::string declared_text(const TypedArg &a) {
  switch (a.kind) {
  case IU_ARG_INT:
  case IU_ARG_UINT:
    return std::string(a.kind == IU_ARG_INT ? "iu::s" : "iu::u") + std::to_string(a.size * 8) +
           " (a" + (a.kind == IU_ARG_INT ? " signed " : "n unsigned ") +
           std::to_string(a.size) + "-byte integer)";
  case IU_ARG_KPTR:
    return a.type.empty() ? "iu::kptr (a kernel address)" : "iu::kptr<vmlinux::" + a.type + ">";
  default:
    return "iu::uptr (a user address)";
  }
}

// The struct named by its C++ name in generated bindings (iu-btf): the
// kernel's name, or that name with a trailing '_' (a C++ keyword) or a
// leading 'k' (__iu names).
bool same_struct(const std::string &cpp, const std::string &kernel) {
  if (cpp == kernel)
    return true;
  std::string c = cpp;
  while (!c.empty() && c.back() == '_' && c != kernel)
    c.pop_back();
  return c == kernel || (cpp.rfind("k__iu", 0) == 0 && cpp.substr(1) == kernel);
}

// What a BTF type is, in C, for messages: "int", "struct filename *".
std::string btf_text(const btf *b, uint32_t id, int depth = 0) {
  if (id == 0)
    return "void";
  const btf_type *t = btf__type_by_id(b, id);
  if (!t || depth > 32)
    return "?";
  const char *n = btf__name_by_offset(b, t->name_off);
  std::string name = n ? n : "";
  switch (btf_kind(t)) {
  case BTF_KIND_INT:
  case BTF_KIND_TYPEDEF:
  case BTF_KIND_FLOAT:
    return name;
  case BTF_KIND_CONST:
    return "const " + btf_text(b, t->type, depth + 1);
  case BTF_KIND_VOLATILE:
  case BTF_KIND_RESTRICT:
  case BTF_KIND_TYPE_TAG:
    return btf_text(b, t->type, depth + 1);
  case BTF_KIND_PTR:
    return btf_text(b, t->type, depth + 1) + " *";
  case BTF_KIND_STRUCT:
    return "struct " + name;
  case BTF_KIND_UNION:
    return "union " + name;
  case BTF_KIND_FWD:
    return (btf_kflag(t) ? "union " : "struct ") + name;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    return "enum " + name;
  case BTF_KIND_FUNC_PROTO:
    return "a function";
  default:
    return "a type of BTF kind " + std::to_string(btf_kind(t));
  }
}

// Type id through typedefs and modifiers, or nullptr (void, a loop).
// Not btf__resolve_type: it takes a declared-only struct for void.
const btf_type *resolve(const btf *b, uint32_t id) {
  for (int depth = 0; id != 0 && depth < 32; ++depth) {
    const btf_type *t = btf__type_by_id(b, id);
    if (!t || !(btf_is_mod(t) || btf_is_typedef(t)))
      return t;
    id = t->type;
  }
  return nullptr;
}

// Whether a declared parameter takes a value of BTF type id; *supported
// false for a type no typed parameter takes (a struct by value, floating
// point, a 128-bit integer).
bool matches(const btf *b, const TypedArg &a, uint32_t id, bool *supported) {
  *supported = true;
  const btf_type *t = resolve(b, id);
  bool integer = a.kind == IU_ARG_INT || a.kind == IU_ARG_UINT;
  if (!t) {
    *supported = false;
    return false;
  }
  if (btf_is_int(t)) {
    if (t->size > 8) {
      *supported = false;
      return false;
    }
    uint8_t enc = btf_int_encoding(t);
    bool is_signed = (enc & BTF_INT_SIGNED) && !(enc & BTF_INT_BOOL);
    return integer && a.size == t->size && (a.kind == IU_ARG_INT) == is_signed;
  }
  if (btf_is_any_enum(t))
    // Either signedness: older BTF does not say an enum's.
    return integer && a.size == t->size;
  if (btf_is_ptr(t)) {
    if (a.kind == IU_ARG_UPTR || (a.kind == IU_ARG_KPTR && a.type.empty()))
      return true;
    if (a.kind != IU_ARG_KPTR)
      return false;
    const btf_type *pt = resolve(b, t->type);
    if (!pt || !(btf_is_composite(pt) || btf_is_fwd(pt)))
      return false;
    const char *n = btf__name_by_offset(b, pt->name_off);
    return n && *n && same_struct(a.type, n);
  }
  *supported = false;
  return false;
}

int check_program(const btf *b, const TypedArgs &t, const Program &p, std::string *error) {
  const char *hook = p.type == IU_PROG_FEXIT ? "fexit" : p.type == IU_PROG_FENTRY ? "fentry"
                                                                                  : "kprobe";
  std::string who = "program '" + t.program + "' (" + hook + " on " + p.target + ")";
  auto fail = [&](const std::string &why) {
    *error = who + ": " + why + " (typed arguments: docs/kernel-types.md)";
    return -EINVAL;
  };
  int fn = btf__find_by_name_kind(b, p.target.c_str(), BTF_KIND_FUNC);
  const btf_type *ft = fn > 0 ? btf__type_by_id(b, static_cast<uint32_t>(fn)) : nullptr;
  const btf_type *proto = ft ? btf__type_by_id(b, ft->type) : nullptr;
  if (!proto || !btf_is_func_proto(proto))
    return fail("takes typed arguments, but this kernel's BTF has no prototype of " + p.target +
                " to check them against; take the hook's context instead");
  uint16_t nargs = btf_vlen(proto);
  const btf_param *params = btf_params(proto);
  if (nargs > 0 && params[nargs - 1].type == 0)
    return fail(p.target + " is variadic: typed arguments cannot take its arguments");
  bool returns = p.type == IU_PROG_FEXIT;
  if (returns && proto->type == 0)
    return fail(p.target + " returns void, so a typed program has no return value to take "
                           "last; take const iu::fexit_ctx &");
  size_t want = nargs + (returns ? 1u : 0u);
  if (t.params.size() != want)
    return fail("takes " + std::to_string(t.params.size()) + " typed parameter" +
                (t.params.size() == 1 ? "" : "s") + ", but " + p.target + " has " +
                std::to_string(nargs) + " argument" + (nargs == 1 ? "" : "s") +
                " in this kernel's BTF" +
                (returns ? " (and IU_FEXIT takes its return value last)" : ""));
  for (size_t i = 0; i < want; ++i) {
    bool ret = i == nargs;
    uint32_t id = ret ? proto->type : params[i].type;
    std::string what = ret ? p.target + "'s return value" : p.target + "'s argument " +
                                                               std::to_string(i + 1);
    if (!ret) {
      const char *n = btf__name_by_offset(b, params[i].name_off);
      if (n && *n)
        what += " (" + std::string(n) + ")";
    }
    bool supported = true;
    if (matches(b, t.params[i], id, &supported))
      continue;
    if (!supported)
      return fail(what + " is " + btf_text(b, id) + " in this kernel's BTF, which typed "
                  "arguments cannot take; take the hook's context instead");
    return fail("parameter " + std::to_string(i + 1) + " is " + declared_text(t.params[i]) +
                ", but " + what + " is " + btf_text(b, id) + " in this kernel's BTF");
  }
  return 0;
}

} // namespace

int check_typed_args(const btf *b, const Image &image, std::string *error) {
  for (const TypedArgs &t : image.typed_args) {
    const Program *p = nullptr;
    for (const Program &q : image.programs)
      if (q.name == t.program)
        p = &q;
    if (!p) {
      *error = "typed arguments of '" + t.program + "', which is no program of the image";
      return -EINVAL;
    }
    if (int rc = check_program(b, t, *p, error))
      return rc;
  }
  return 0;
}

int check_typed_args(const Image &image, std::string *error) {
  if (image.typed_args.empty())
    return 0;
  int e = 0;
  const btf *b = running_kernel_btf(&e);
  if (!b) {
    *error = "program '" + image.typed_args.front().program +
             "' takes typed arguments, but the kernel's BTF cannot be read to check them: " +
             strerror(e) + " (/sys/kernel/btf/vmlinux needs CONFIG_DEBUG_INFO_BTF)";
    return -e;
  }
  return check_typed_args(b, image, error);
}

} // namespace iu
