// C++ bindings for kernel types from BTF (iu-btf dump --format cpp): one
// generated struct per kernel struct or union, without a layout, holding a
// field descriptor per member for iu::read (runtime/include/iu/core.h,
// docs/kernel-types.md).
#pragma once
#include <string>
#include <vector>

struct btf;

namespace iu::btfgen {

struct Options {
  // The structs and unions to define (with what they embed by value);
  // empty: every named struct and union.
  std::vector<std::string> types;
  // Functions whose prototypes to write, as specializations of
  // vmlinux::function_prototype for typed hook arguments
  // (runtime/include/iu/typed_args.h); the structs they point to are
  // declared. With functions and no types, no struct is defined.
  std::vector<std::string> functions;
  // The BTF's file name for the header's first line (no directories).
  std::string source_name;
};

// The header's text in *out; false with *error for an unknown type or
// function name or BTF that does not hold together (a corrupt file).
bool generate_cpp(const btf *b, const Options &opts, std::string *out, std::string *error);

// name as a C++ identifier: C++ keywords (and names the runtime reserves)
// get a trailing '_'.
std::string cpp_identifier(const std::string &name);

} // namespace iu::btfgen
