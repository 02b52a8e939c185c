// Kernel type fields (iu/core.h): the offsets an image's kernel struct
// reads use, found in the running kernel's BTF at load (docs/kernel-types.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <iu/image.h>

struct btf;

namespace iu {

// Writes into config (.iu.config's bytes) each field's byte offset in
// btf's type, or -1 where that kernel has no such member (the program's
// reads of it give nothing, iu::exists says false). 0, or a negative
// errno with *error naming the field: a member of another size than the
// image reads, or a bit field.
int resolve_kernel_fields(const btf *btf, const std::vector<CoreField> &fields,
                          std::vector<uint8_t> *config, std::string *error);

// The same against the running kernel's BTF (/sys/kernel/btf/vmlinux).
int resolve_kernel_fields(const std::vector<CoreField> &fields, std::vector<uint8_t> *config,
                          std::string *error);

} // namespace iu
