// What both modes of the image library share: libelf over a private copy of
// the bytes, the iu note's lookup, and fixed-size string fields read
// without running past them.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <gelf.h>
#include <libelf.h>

namespace iu::detail {

struct ElfCloser {
  void operator()(Elf *e) const { elf_end(e); }
};

// libelf wants a mutable buffer: the handle owns a private copy.
class ElfBytes {
public:
  explicit ElfBytes(std::span<const uint8_t> bytes);
  Elf *get() const { return elf_.get(); } // null: libelf could not read it
  bool is_elf() const { return elf_ && elf_kind(elf_.get()) == ELF_K_ELF; }

private:
  std::vector<char> copy_;
  std::unique_ptr<Elf, ElfCloser> elf_;
};

// The descriptor of the first note named "iu" of type IU_NOTE_META in a
// note section's data, bounds-checked; null if there is none.
struct NoteDesc {
  const char *bytes = nullptr;
  size_t size = 0;
};
NoteDesc find_meta_note(const Elf_Data *data);

template <size_t N> std::string fixed_string(const char (&field)[N]) {
  return std::string(field, strnlen(field, N));
}

} // namespace iu::detail
