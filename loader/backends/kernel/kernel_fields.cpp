// Resolves kernel type fields against BTF, as libbpf's CO-RE field
// relocations do for eBPF: a path "struct.member[.member...]" is walked
// member by member, through anonymous structs and unions as C names their
// members, adding each member's offset. The result needs no trust: the
// image reads kernel memory only through fault-tolerant copies, so a wrong
// offset gives wrong data, never an unsafe access.
#include "kernel_fields.h"

#include "kernel_btf.h"

#include <bpf/btf.h>
#include <cerrno>
#include <cstring>

#include <iu/abi.h>

namespace iu {
namespace {

// Finds member name in composite type id, searching anonymous members too.
// Sets *bits to its bit offset from the start of id and *member to its
// index data; false if there is none.
bool find_member(const btf *b, uint32_t id, const std::string &name, uint64_t *bits,
                 uint32_t *type, bool *bitfield) {
  const btf_type *t = btf__type_by_id(b, id);
  if (!t || !btf_is_composite(t))
    return false;
  const btf_member *m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i, ++m) {
    const char *n = btf__name_by_offset(b, m->name_off);
    uint64_t off = btf_member_bit_offset(t, i);
    if (n && *n) {
      if (name == n) {
        *bits = off;
        *type = m->type;
        *bitfield = btf_member_bitfield_size(t, i) != 0 || off % 8 != 0;
        return true;
      }
      continue;
    }
    // An anonymous struct or union: its members are the parent's in C.
    int inner = btf__resolve_type(b, m->type);
    uint64_t sub = 0;
    if (inner > 0 && find_member(b, static_cast<uint32_t>(inner), name, &sub, type, bitfield)) {
      *bits = off + sub;
      return true;
    }
  }
  return false;
}

// The struct or union named name, or 0.
uint32_t find_composite(const btf *b, const std::string &name) {
  int id = btf__find_by_name_kind(b, name.c_str(), BTF_KIND_STRUCT);
  if (id <= 0)
    id = btf__find_by_name_kind(b, name.c_str(), BTF_KIND_UNION);
  return id > 0 ? static_cast<uint32_t>(id) : 0;
}

// -1 when the kernel lacks the type or a member on the path; -EINVAL with
// *error for a member the image cannot read as it expects.
int64_t field_offset(const btf *b, const CoreField &f, std::string *error) {
  size_t dot = f.path.find('.');
  if (dot == std::string::npos || dot == 0) {
    *error = "kernel field '" + f.path + "': not a struct.member path";
    return -EINVAL;
  }
  uint32_t id = find_composite(b, f.path.substr(0, dot));
  if (!id)
    return -1;
  uint64_t bits = 0;
  uint32_t type = id;
  for (size_t at = dot + 1; at <= f.path.size();) {
    size_t end = f.path.find('.', at);
    if (end == std::string::npos)
      end = f.path.size();
    int resolved = btf__resolve_type(b, type);
    uint64_t off = 0;
    bool bitfield = false;
    if (resolved <= 0 ||
        !find_member(b, static_cast<uint32_t>(resolved), f.path.substr(at, end - at), &off,
                     &type, &bitfield))
      return -1;
    if (bitfield) {
      *error = "kernel field '" + f.path + "' is a bit field in this kernel: it cannot be read "
               "as bytes";
      return -EINVAL;
    }
    bits += off;
    at = end + 1;
  }
  if (f.member_size) {
    int64_t size = btf__resolve_size(b, type);
    if (size != f.member_size) {
      *error = "kernel field '" + f.path + "' is " + std::to_string(size) +
               " bytes in this kernel, the image reads " + std::to_string(f.member_size) +
               " (bindings generated for another kernel? see docs/kernel-types.md)";
      return -EINVAL;
    }
  }
  return static_cast<int64_t>(bits / 8);
}

} // namespace

int resolve_kernel_fields(const btf *b, const std::vector<CoreField> &fields,
                          std::vector<uint8_t> *config, std::string *error) {
  for (const CoreField &f : fields) {
    int64_t off = field_offset(b, f, error);
    if (off < -1)
      return static_cast<int>(off);
    if (f.offset + sizeof(iu_core_value) > config->size()) {
      *error = "kernel field '" + f.path + "': its record is outside .iu.config";
      return -EINVAL;
    }
    memcpy(config->data() + f.offset + offsetof(iu_core_value, offset), &off, sizeof(off));
  }
  return 0;
}

int resolve_kernel_fields(const std::vector<CoreField> &fields, std::vector<uint8_t> *config,
                          std::string *error) {
  if (fields.empty())
    return 0;
  // This boot's earlier answers first (kernel_btf.h): an image whose fields
  // were all resolved before needs no BTF.
  auto key = [](const CoreField &f) { return f.path + " " + std::to_string(f.member_size); };
  std::vector<CoreField> unresolved;
  for (const CoreField &f : fields) {
    int64_t off;
    if (f.offset + sizeof(iu_core_value) <= config->size() && boot_cached_offset(key(f), &off))
      memcpy(config->data() + f.offset + offsetof(iu_core_value, offset), &off, sizeof(off));
    else
      unresolved.push_back(f);
  }
  if (unresolved.empty())
    return 0;
  int e = 0;
  const btf *b = running_kernel_btf(&e);
  if (!b) {
    *error = std::string("the image reads kernel types (") + fields.front().path +
             ", ...), but the kernel's BTF cannot be read: " + strerror(e) +
             " (/sys/kernel/btf/vmlinux needs CONFIG_DEBUG_INFO_BTF)";
    return -e;
  }
  int rc = resolve_kernel_fields(b, unresolved, config, error);
  if (rc < 0)
    return rc;
  for (const CoreField &f : unresolved) {
    int64_t off;
    memcpy(&off, config->data() + f.offset + offsetof(iu_core_value, offset), sizeof(off));
    boot_cache_offset(key(f), off);
  }
  boot_cache_save();
  return 0;
}

} // namespace iu
