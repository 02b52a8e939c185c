// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// libFuzzer target: arbitrary bytes through both readers of the image
// library: the strict one (kernel/iu_image.c, the validator iu.ko runs,
// built for user space) and the lenient one (iu-sign show's). Beyond "no
// crash, no sanitizer report", the invariants callers rely on:
//  - a refusal always says why;
//  - an accepted image's programs have entries inside its span, and every
//    relocation of an accepted image lies inside it;
//  - whatever the strict reader accepts, the lenient one reads as an ELF
//    file with a note and a program table, and the same programs.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include <iu/image.h>

namespace {

[[noreturn]] void broken(const char *what) {
  std::fprintf(stderr, "fuzz_image: invariant broken: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  iu::ImageSummary summary = iu::summarize_image(bytes);
  iu::Image image;
  std::string error;
  if (!iu::parse_image(bytes, &image, &error)) {
    if (error.empty())
      broken("refused without a reason");
    return 0;
  }
  for (const iu::Program &p : image.programs)
    if (p.entry >= image.span)
      broken("program entry outside the image");
  for (const iu::Relocation &r : image.relocations)
    if (r.offset >= image.span || image.span - r.offset < 8)
      broken("relocation outside the image");
  if (!summary.is_elf || !summary.has_note || !summary.has_progs ||
      summary.programs.size() != image.programs.size())
    broken("the lenient reader disagrees with the strict one");
  for (size_t i = 0; i < image.programs.size(); ++i)
    if (summary.programs[i].name != image.programs[i].name)
      broken("the readers name a program differently");
  return 0;
}
