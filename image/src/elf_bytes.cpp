#include "elf_bytes.h"

#include <iu/abi.h>

namespace iu::detail {

ElfBytes::ElfBytes(std::span<const uint8_t> bytes) : copy_(bytes.begin(), bytes.end()) {
  if (elf_version(EV_CURRENT) == EV_NONE)
    return;
  elf_.reset(elf_memory(copy_.data(), copy_.size()));
}

NoteDesc find_meta_note(const Elf_Data *data) {
  if (!data || !data->d_buf)
    return {};
  const char *base = static_cast<const char *>(data->d_buf);
  GElf_Nhdr nh;
  size_t name_off = 0, desc_off = 0;
  for (size_t off = 0; off < data->d_size &&
                       (off = gelf_getnote(const_cast<Elf_Data *>(data), off, &nh, &name_off,
                                           &desc_off)) != 0;) {
    // gelf_getnote bounds-checks name and desc; check again before use.
    if (name_off > data->d_size || nh.n_namesz > data->d_size - name_off ||
        desc_off > data->d_size || nh.n_descsz > data->d_size - desc_off)
      return {};
    if (nh.n_namesz == sizeof(IU_NOTE_NAME) &&
        memcmp(base + name_off, IU_NOTE_NAME, sizeof(IU_NOTE_NAME)) == 0 &&
        nh.n_type == IU_NOTE_META)
      return {base + desc_off, nh.n_descsz};
  }
  return {};
}

} // namespace iu::detail
