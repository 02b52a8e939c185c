// Mapping: reserve the whole span, copy each segment into writable memory,
// apply relocations, then give every page its final protection. No page is
// ever writable and executable at once: code pages become R+X only after
// all writes are done, and RELRO pages drop to read-only.
#include "image_mapping.h"

#include <cerrno>
#include <cstring>
#include <elf.h>
#include <string>
#include <sys/mman.h>

#include "helper_table.h"

namespace iu::user {
namespace {

constexpr uint64_t kPage = 4096;

uint64_t page_down(uint64_t v) { return v & ~(kPage - 1); }
uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

int prot_of(uint32_t flags) {
  return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
         ((flags & PF_X) ? PROT_EXEC : 0);
}

} // namespace

ImageMapping::~ImageMapping() {
  if (base_)
    munmap(base_, size_);
}

int ImageMapping::map(std::span<const uint8_t> bytes, const Image &image,
                      std::span<const uint8_t> config, std::string *error) {
  if (!config.empty() && config.size() != image.config_defaults.size()) {
    *error = "configuration is " + std::to_string(config.size()) + " bytes, the image's " +
             std::to_string(image.config_defaults.size());
    return -EINVAL;
  }
  for (const ConfigVar &c : image.configs)
    if (!config.empty() && c.kind == IU_CONFIG_BOOL && config[c.offset] > 1) {
      *error = "configuration '" + c.name + "' is a bool but holds " +
               std::to_string(config[c.offset]);
      return -EINVAL;
    }
  size_ = image.span;
  void *mem = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    *error = std::string("cannot map image: ") + strerror(errno);
    base_ = nullptr;
    return -errno;
  }
  base_ = mem;
  auto *base = static_cast<uint8_t *>(mem);
  for (const Segment &s : image.segments)
    memcpy(base + s.vaddr, bytes.data() + s.offset, s.filesz);

  for (const Relocation &r : image.relocations) {
    uint64_t value;
    if (r.type == R_X86_64_RELATIVE) {
      value = reinterpret_cast<uint64_t>(base) + static_cast<uint64_t>(r.addend);
    } else {
      void *helper = find_helper(r.symbol);
      if (!helper) {
        *error = "no user-space implementation of helper '" + r.symbol + "'";
        return -ENOENT;
      }
      value = reinterpret_cast<uint64_t>(helper);
    }
    memcpy(base + r.offset, &value, sizeof(value));
  }

  // Configuration: only the values user space set, never the records'
  // headers, after relocation (none writes into .iu.config: validated)
  // and while RELRO is still writable.
  if (!config.empty() && image.config_addr) {
    for (const ConfigVar &c : image.configs)
      memcpy(base + image.config_addr + c.offset, config.data() + c.offset, c.size);
    for (const CoreField &f : image.core_fields)  // the offsets the loader resolved
      memcpy(base + image.config_addr + f.offset, config.data() + f.offset,
             sizeof(iu_core_value));
  }

  // Final protections: whole pages, one segment each (validated), and the
  // RELRO part of its segment read-only.
  for (const Segment &s : image.segments) {
    uint64_t start = page_down(s.vaddr), end = page_up(s.vaddr + s.memsz);
    if (mprotect(base + start, end - start, prot_of(s.flags)) != 0)
      return -errno;
  }
  if (image.relro_end > image.relro_start) {
    uint64_t start = page_down(image.relro_start), end = page_up(image.relro_end);
    if (mprotect(base + start, end - start, PROT_READ) != 0)
      return -errno;
  }
  // Gaps between segments stay inaccessible.
  uint64_t prev_end = 0;
  for (const Segment &s : image.segments) {
    uint64_t start = page_down(s.vaddr);
    if (start > prev_end)
      mprotect(base + prev_end, start - prev_end, PROT_NONE);
    prev_end = page_up(s.vaddr + s.memsz);
  }
  return 0;
}

} // namespace iu::user
