// iu-cc's command line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iucc {

struct Options {
  std::vector<std::string> inputs;
  std::string output;           // -o; default a.iu, or NAME.o with -c
  bool compile_only = false;    // -c
  bool syntax_only = false;     // -fsyntax-only
  bool verbose = false;         // -v
  bool debug_info = false;      // -g
  std::string opt_level = "-O2";
  std::vector<std::string> include_dirs; // -I
  std::vector<std::string> defines;      // -D
  std::vector<std::string> clang_verify; // -Xclang -verify[=...] (tests)
  std::vector<std::string> remarks;      // -Rpass[-missed|-analysis]=REGEX
  uint64_t fuel = 0;            // --fuel; 0 = default
  uint32_t stack_limit = 0;     // --stack-limit; 0 = default
  std::string sign_key, sign_cert;
  bool no_sign = false;
  bool help = false, version = false;
};

// Parses argv; on a usage error returns nullopt and sets *error.
std::optional<Options> parse_options(int argc, char **argv, std::string *error);

void print_help(const char *argv0);

} // namespace iucc
