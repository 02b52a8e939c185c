// Parsing and validating an iu image (docs/image-format.md). Works on bytes
// in memory that have already passed signature verification; never maps or
// runs anything. Used by libiu and iu-cc (post-link checks); iu-sign show
// reads images its own, tolerant way (signer/tools/image_summary.cpp).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <iu/abi.h>

namespace iu {

struct Segment {
  uint64_t vaddr = 0, memsz = 0, offset = 0, filesz = 0;
  uint32_t flags = 0; // PF_R | PF_W | PF_X
};

struct Relocation {
  uint64_t offset = 0;   // where, as an image address
  uint32_t type = 0;     // R_X86_64_RELATIVE, _GLOB_DAT or _JUMP_SLOT
  int64_t addend = 0;    // RELATIVE: the target address in the image
  std::string symbol;    // GLOB_DAT / JUMP_SLOT: the helper's name
};

struct Program {
  std::string name;
  std::string target;      // "__seccomp_filter", "syscalls/sys_enter_write"
  uint32_t type = 0;       // enum iu_prog_type
  uint64_t entry = 0;      // image address of the entry trampoline
  std::string section;     // libbpf-style: "kprobe/__seccomp_filter"
};

struct Image {
  std::vector<Segment> segments;       // PT_LOAD, sorted by address
  uint64_t relro_start = 0, relro_end = 0;
  uint64_t span = 0;                   // bytes to reserve when mapping
  std::vector<Relocation> relocations;
  std::vector<std::string> imports;    // helper names, sorted, unique
  std::vector<Program> programs;
  iu_note_meta note{};
  bool has_note = false;
};

// Parses and validates. On failure returns false and sets *error to a
// one-line reason (without the file name; the caller prefixes it).
bool parse_image(std::span<const uint8_t> bytes, Image *out, std::string *error);

// The helper names an image may import (abi.h's IU_HELPER_LIST).
bool is_allowed_helper(const std::string &name);
const std::vector<std::string> &allowed_helpers();

const char *program_type_name(uint32_t type); // "kprobe", "tracepoint", "unknown"

} // namespace iu
