// The running kernel's BTF for the kernel backend's load-time checks, and
// what they found, kept so that repeated loads do not parse it again.
// Parsing /sys/kernel/btf/vmlinux (some 5 MiB, 100k types) is most of a
// load's time when an image reads kernel types.
#pragma once
#include <cstdint>
#include <string>

struct btf;

namespace iu {

// /sys/kernel/btf/vmlinux parsed by libbpf, once per process; nullptr with
// *err (a positive errno) when it cannot be read.
const btf *running_kernel_btf(int *err);

// Kernel type field offsets resolved in this boot (the kernel and its BTF
// cannot change without one), shared between loader processes through a
// file in /run/iu; only root's loaders write it. key names what was
// resolved ("task_struct.pid 4"), offset is the result (-1: no such
// member). A missing, unreadable or stale file is an empty cache: the
// values need no trust (docs/kernel-types.md), only speed depends on it.
bool boot_cached_offset(const std::string &key, int64_t *offset);
void boot_cache_offset(const std::string &key, int64_t offset);
// Writes what boot_cache_offset added since the file was read (atomically:
// a temporary file renamed over it).
void boot_cache_save();

} // namespace iu
