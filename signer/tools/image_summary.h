// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// What `iu-sign show` says about the image inside a (possibly unsigned,
// possibly hostile) file: the .note.iu metadata, the .iu.progs program
// table and the helper imports. Read-only and bounds-checked; it never
// relocates or runs anything.
#ifndef IU_SIGN_IMAGE_SUMMARY_H
#define IU_SIGN_IMAGE_SUMMARY_H

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace iu::sign_tool {

struct ImageNote {
  std::uint32_t abi_version = 0;
  std::uint32_t ruleset_version = 0;
  std::uint32_t helper_abi_version = 0;
  std::uint32_t stack_bound = 0;
  std::uint64_t fuel_budget = 0;
  std::string toolchain;
  std::string license;
};

struct ImageProgram {
  std::string type; // "kprobe", "tracepoint", or "type N"
  std::string name;
  std::string target;
  bool magic_ok = true; // the entry carried IU_PROG_MAGIC
};

struct ImageSummary {
  bool is_elf = false;
  std::string elf_error;      // why the ELF could not be read at all
  bool has_note = false;
  ImageNote note;
  std::string note_error;     // .note.iu present but unusable
  bool has_progs = false;
  std::vector<ImageProgram> programs;
  std::string progs_error;    // .iu.progs present but unusable
  std::vector<std::string> imports; // undefined dynamic symbols
};

// Summarize the ELF in payload (the bytes a signature covers, or the whole
// file if unsigned).
ImageSummary summarize_image(std::span<const std::uint8_t> payload);

} // namespace iu::sign_tool

#endif
