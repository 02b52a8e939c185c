// The image library: reading an iu image (docs/image-format.md) in one of
// two modes. Works on bytes in memory; never maps or runs anything.
//
//   strict   parse_image: every check the loader relies on before it maps
//            a byte (validate.cpp). For bytes that have already passed
//            signature verification; used by libiu and iu-cc (post-link).
//   lenient  summarize_image: what the image declares, read from possibly
//            unsigned, possibly hostile bytes, reporting what is malformed
//            instead of stopping at it (summary.cpp). Used by iu-sign show.
//
// The kernel module repeats the strict checks on its own copy in C
// (kernel/iu_image.c; docs/architecture.md says why it is a second copy).
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

// The layout of a map's key or value type, or a configuration's, as the
// checker recorded it (section .iu.types, docs/image-format.md): what
// user-space tools need to print values (iu-load --dump-maps=json, events)
// and to write skeletons. Absent for images without .iu.types.
struct TypeDesc {
  enum Kind : uint8_t {
    Int,    // size 1/2/4/8, is_signed
    Bool,   // size 1
    Enum,   // an integer type with a name; is_signed
    Chars,  // char array: printed as a string up to its first NUL
    Array,  // count elements of types[elem]
    Struct, // fields
  };
  struct Field {
    std::string name;
    uint32_t offset = 0;
    uint32_t type = 0;      // index into Image::types
  };
  Kind kind = Int;
  std::string name;         // spelled as in the source: "key_t", "unsigned int"
  uint32_t size = 0;
  bool is_signed = false;
  uint32_t elem = 0, count = 0;  // Array (Chars: count = size)
  std::vector<Field> fields;     // Struct
};
inline constexpr uint32_t kNoType = UINT32_MAX;

// An IU_MAP: one .maps descriptor (abi.h struct iu_map_desc), validated.
struct Map {
  std::string name;
  uint32_t type = 0;        // enum iu_map_type
  uint32_t key_size = 0, value_size = 0, max_entries = 0, flags = 0;
  uint64_t desc_addr = 0;   // image address of its descriptor: how the image names it
  uint32_t key_type = kNoType, value_type = kNoType; // into Image::types
};

// An IU_CONFIG: one record of .iu.config (abi.h struct iu_config_desc).
struct ConfigVar {
  std::string name;
  uint32_t kind = 0;        // enum iu_config_kind
  uint32_t size = 0;        // of the value
  uint64_t offset = 0;      // of the value, from the start of .iu.config
  uint32_t type = kNoType;  // into Image::types
};

// A kernel type's member the image reads (iu/core.h): an IU_CONFIG_CORE
// record of .iu.config, whose offset the loader sets from the kernel's BTF.
struct CoreField {
  std::string path;          // "task_struct.real_parent"
  uint32_t member_size = 0;  // bytes the image reads; 0: an embedded struct
  uint64_t offset = 0;       // of its iu_core_value, from the start of .iu.config
};

// A trace event's field the image reads (iu/tracepoint.h): an
// IU_CONFIG_TP_FIELD record of .iu.config, whose place in the event's
// record the loader sets from the running kernel's format.
struct TpField {
  std::string path;          // "sched/sched_switch/prev_pid"
  uint32_t size = 0;         // the most bytes the image's accessor takes
  uint32_t kind = 0;         // IU_TP_FIELD_INT, _CHARS or _STRING
  uint64_t offset = 0;       // of its iu_tp_field_value, from the start of .iu.config
};

// A program's typed arguments (iu/typed_args.h): an IU_CONFIG_ARGS record
// of .iu.config, named as the program, which the kernel backend checks
// against its function's BTF prototype.
struct TypedArg {
  uint32_t kind = 0;         // IU_ARG_INT, _UINT, _KPTR or _UPTR
  uint32_t size = 0;         // bytes
  std::string type;          // IU_ARG_KPTR: the struct's C++ name; "": any
};
struct TypedArgs {
  std::string program;          // a kprobe, fentry or fexit program of the image
  std::vector<TypedArg> params; // as declared (fexit: the return value last)
};

struct Image {
  std::vector<Segment> segments;       // PT_LOAD, sorted by address
  uint64_t relro_start = 0, relro_end = 0;
  uint64_t span = 0;                   // bytes to reserve when mapping
  std::vector<Relocation> relocations;
  std::vector<std::string> imports;    // helper names, sorted, unique
  std::vector<Program> programs;
  std::vector<Map> maps;               // in .maps order: the load ABI's order
  uint64_t maps_addr = 0;              // image address of .maps (0: none)
  std::vector<ConfigVar> configs;      // in .iu.config order, the runtime's fields apart
  std::vector<CoreField> core_fields;  // in .iu.config order
  std::vector<TpField> tp_fields;      // in .iu.config order
  std::vector<TypedArgs> typed_args;   // in .iu.config order
  uint64_t config_addr = 0;            // image address of .iu.config (0: none)
  std::vector<uint8_t> config_defaults; // .iu.config's bytes in the image
  std::vector<TypeDesc> types;         // from .iu.types, if present
  iu_note_meta note{};
  bool has_note = false;
};

// Parses and validates. On failure returns false and sets *error to a
// one-line reason (without the file name; the caller prefixes it).
bool parse_image(std::span<const uint8_t> bytes, Image *out, std::string *error);

// The helper names an image may import (abi.h's IU_HELPER_LIST).
bool is_allowed_helper(const std::string &name);
const std::vector<std::string> &allowed_helpers();

// The one list of program type names (abi.h enum iu_prog_type): "kprobe",
// "tracepoint", "kretprobe", "fentry", "fexit", "perf_event",
// "raw_tracepoint"; nullptr for a type this version does not know.
const char *known_program_type_name(uint32_t type);
// The same, with "unknown" for an unknown type.
const char *program_type_name(uint32_t type);

// The one list of map type names (abi.h enum iu_map_type): "array",
// "hash", "percpu_array", "percpu_hash", "lru_hash", "events"; nullptr /
// "unknown" for a type this version does not know.
const char *known_map_type_name(uint32_t type);
const char *map_type_name(uint32_t type);

// ---- Lenient mode ----

struct ImageNote {
  uint32_t abi_version = 0;
  uint32_t ruleset_version = 0;
  uint32_t helper_abi_version = 0;
  uint32_t stack_bound = 0;
  uint64_t fuel_budget = 0;
  std::string toolchain;
  std::string license;
};

struct ImageProgram {
  std::string type; // "kprobe", "tracepoint", "kretprobe", "fentry", "fexit", "perf_event",
                    // "raw_tracepoint", or "type N"
  std::string name;
  std::string target;
  bool magic_ok = true; // the entry carried IU_PROG_MAGIC
};

struct ImageMap {
  std::string type; // "hash", ..., or "type N"
  std::string name;
  uint32_t key_size = 0, value_size = 0, max_entries = 0;
  bool magic_ok = true;
};

struct ImageConfig {
  std::string name;
  uint32_t kind = 0, size = 0;
  bool magic_ok = true;
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
  std::vector<ImageMap> maps;
  std::string maps_error;     // .maps present but unusable
  std::vector<ImageConfig> configs;
  std::string configs_error;  // .iu.config present but unusable
  std::vector<std::string> imports; // undefined dynamic symbols
};

// Summarizes the ELF in payload (the bytes a signature covers, or the whole
// file if unsigned). Never fails: what cannot be read is said in the
// summary's *_error fields.
ImageSummary summarize_image(std::span<const uint8_t> payload);

} // namespace iu
