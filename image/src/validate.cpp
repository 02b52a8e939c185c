// The strict mode: every check the loader relies on before it maps a byte.
// The checks are the kernel's own: kernel/iu_image.c, built here as it is
// (image/kernel-shim/), so libiu, iu-cc and iu.ko refuse exactly the same
// images with the same reasons. This file turns its result into iu::Image.
#include <iu/image.h>

#include <algorithm>
#include <cstring>
#include <elf.h>
#include <memory>

#include "kernel_validator.h"
#include "types_section.h"

namespace iu {
namespace {

// Frees what iu_image_parse allocated, on every path.
struct ParsedImage {
  iu_image img{};
  ~ParsedImage() { iu_image_free(&img); }
};

} // namespace

// The allowlist is the validator's own (kernel_validator_glue.c), so what
// these say and what the validator accepts cannot differ.
const std::vector<std::string> &allowed_helpers() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int i = 0; iu_helper_name(i); ++i)
      v.push_back(iu_helper_name(i));
    return v;
  }();
  return names;
}

bool is_allowed_helper(const std::string &name) { return iu_helper_index(name.c_str()) >= 0; }

const char *known_program_type_name(uint32_t type) {
  switch (type) {
  case IU_PROG_KPROBE:
    return "kprobe";
  case IU_PROG_TRACEPOINT:
    return "tracepoint";
  case IU_PROG_KRETPROBE:
    return "kretprobe";
  case IU_PROG_FENTRY:
    return "fentry";
  case IU_PROG_FEXIT:
    return "fexit";
  case IU_PROG_PERF_EVENT:
    return "perf_event";
  case IU_PROG_RAW_TRACEPOINT:
    return "raw_tracepoint";
  default:
    return nullptr;
  }
}

const char *program_type_name(uint32_t type) {
  const char *name = known_program_type_name(type);
  return name ? name : "unknown";
}

const char *known_map_type_name(uint32_t type) {
  switch (type) {
  case IU_MAP_ARRAY:
    return "array";
  case IU_MAP_HASH:
    return "hash";
  case IU_MAP_PERCPU_ARRAY:
    return "percpu_array";
  case IU_MAP_PERCPU_HASH:
    return "percpu_hash";
  case IU_MAP_LRU_HASH:
    return "lru_hash";
  case IU_MAP_EVENTS:
    return "events";
  default:
    return nullptr;
  }
}

const char *map_type_name(uint32_t type) {
  const char *name = known_map_type_name(type);
  return name ? name : "unknown";
}

namespace {

// An IU_CONFIG_ARGS record (abi.h struct iu_args_value): well formed, and
// naming a program that takes typed arguments. Only the loader reads it,
// so iu.ko checks no more than its size.
bool read_typed_args(const Image &img, const iu_img_config &kc, TypedArgs *out,
                     std::string *error) {
  std::string name(kc.name, strnlen(kc.name, sizeof(kc.name)));
  iu_args_value v;
  memcpy(&v, img.config_defaults.data() + kc.offset, sizeof(v));
  bool ok = v.count <= IU_ARGS_MAX && v.flags == 0;
  for (uint32_t i = 0; ok && i < IU_ARGS_MAX; ++i) {
    const iu_arg_desc &a = v.args[i];
    size_t len = strnlen(a.type, sizeof(a.type));
    if (i >= v.count) {
      ok = a.kind == 0 && a.size == 0 && len == 0;
      continue;
    }
    bool integer = a.kind == IU_ARG_INT || a.kind == IU_ARG_UINT;
    ok = len < sizeof(a.type) && (len == 0 || a.kind == IU_ARG_KPTR) &&
         (integer ? a.size == 1 || a.size == 2 || a.size == 4 || a.size == 8
                  : (a.kind == IU_ARG_KPTR || a.kind == IU_ARG_UPTR) && a.size == 8);
    for (size_t c = 0; ok && c < len; ++c)
      ok = a.type[c] == '_' || (a.type[c] >= 'a' && a.type[c] <= 'z') ||
           (a.type[c] >= 'A' && a.type[c] <= 'Z') ||
           (c > 0 && a.type[c] >= '0' && a.type[c] <= '9');
    if (ok)
      out->params.push_back({a.kind, a.size, std::string(a.type, len)});
  }
  if (!ok) {
    *error = "typed arguments record '" + name + "' is malformed";
    return false;
  }
  for (const Program &p : img.programs) {
    if (p.name == name && (p.type == IU_PROG_KPROBE || p.type == IU_PROG_FENTRY ||
                           (p.type == IU_PROG_FEXIT && v.count > 0))) {
      out->program = name;
      return true;
    }
  }
  *error = "typed arguments record '" + name + "' names no kprobe, fentry or fexit program";
  return false;
}

} // namespace

bool parse_image(std::span<const uint8_t> bytes, Image *out, std::string *error) {
  *out = Image{};
  auto parsed = std::make_unique<ParsedImage>(); // struct iu_image is large
  struct iu_log log{};
  if (iu_image_parse(bytes.data(), bytes.size(), &parsed->img, &log) != 0) {
    *error = log.buf[0] ? log.buf : "malformed image";
    return false;
  }
  const iu_image &k = parsed->img;
  for (unsigned i = 0; i < k.nsegs; ++i)
    out->segments.push_back(
        {k.segs[i].vaddr, k.segs[i].memsz, k.segs[i].offset, k.segs[i].filesz, k.segs[i].flags});
  out->relro_start = k.relro_start;
  out->relro_end = k.relro_end;
  out->span = k.span;
  for (unsigned i = 0; i < k.nrelocs; ++i) {
    const iu_img_reloc &r = k.relocs[i];
    Relocation rel;
    rel.offset = r.offset;
    rel.type = r.type;
    rel.addend = r.addend;
    if (r.type != R_X86_64_RELATIVE) {
      const char *name = iu_helper_name(r.helper);
      if (!name) {
        *error = "relocation refers to an unknown helper";
        return false;
      }
      rel.symbol = name;
      out->imports.push_back(name);
    }
    out->relocations.push_back(std::move(rel));
  }
  std::sort(out->imports.begin(), out->imports.end());
  out->imports.erase(std::unique(out->imports.begin(), out->imports.end()), out->imports.end());
  for (unsigned i = 0; i < k.nprogs; ++i) {
    const iu_img_prog &kp = k.progs[i];
    Program p;
    p.name = std::string(kp.name, strnlen(kp.name, sizeof(kp.name)));
    p.target = std::string(kp.target, strnlen(kp.target, sizeof(kp.target)));
    p.type = kp.type;
    p.entry = kp.entry;
    p.section = std::string(program_type_name(kp.type)) + "/" + p.target;
    out->programs.push_back(std::move(p));
  }
  out->maps_addr = k.maps_addr;
  for (unsigned i = 0; i < k.nmaps; ++i) {
    const iu_img_map &km = k.maps[i];
    Map m;
    m.name = std::string(km.name, strnlen(km.name, sizeof(km.name)));
    m.type = km.type;
    m.key_size = km.key_size;
    m.value_size = km.value_size;
    m.max_entries = km.max_entries;
    m.flags = km.flags;
    m.desc_addr = k.maps_addr + i * sizeof(iu_map_desc);
    out->maps.push_back(std::move(m));
  }
  out->config_addr = k.config_addr;
  if (k.config_size)
    out->config_defaults.assign(bytes.begin() + static_cast<std::ptrdiff_t>(k.config_offset),
                                bytes.begin() +
                                    static_cast<std::ptrdiff_t>(k.config_offset + k.config_size));
  for (unsigned i = 0; i < k.nconfigs; ++i) {
    const iu_img_config &kc = k.configs[i];
    if (kc.kind == IU_CONFIG_TP_FIELD) {
      iu_tp_field_value v;
      memcpy(&v, out->config_defaults.data() + kc.offset, sizeof(v));
      size_t len = strnlen(v.path, sizeof(v.path));
      uint32_t kind = v.flags;
      if (len == sizeof(v.path) || len == 0 ||
          (kind != IU_TP_FIELD_INT && kind != IU_TP_FIELD_CHARS && kind != IU_TP_FIELD_STRING)) {
        *error = "tracepoint field record '" +
                 std::string(kc.name, strnlen(kc.name, sizeof(kc.name))) + "' is malformed";
        return false;
      }
      out->tp_fields.push_back({std::string(v.path, len), v.size, kind, kc.offset});
      continue;
    }
    if (kc.kind == IU_CONFIG_ARGS) {
      TypedArgs t;
      if (!read_typed_args(*out, kc, &t, error))
        return false;
      out->typed_args.push_back(std::move(t));
      continue;
    }
    if (kc.kind == IU_CONFIG_CORE) {
      iu_core_value v;
      memcpy(&v, out->config_defaults.data() + kc.offset, sizeof(v));
      out->core_fields.push_back(
          {std::string(kc.name, strnlen(kc.name, sizeof(kc.name))), v.member_size, kc.offset});
      continue;
    }
    ConfigVar c;
    c.name = std::string(kc.name, strnlen(kc.name, sizeof(kc.name)));
    c.kind = kc.kind;
    c.size = kc.size;
    c.offset = kc.offset;
    out->configs.push_back(std::move(c));
  }
  if (!read_types_section(bytes, out, error))
    return false;
  out->note = k.note;
  out->has_note = true;
  return true;
}

} // namespace iu
