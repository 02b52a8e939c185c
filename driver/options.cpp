#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <iu/abi.h>

namespace iucc {
namespace {

bool parse_u64(const std::string &s, uint64_t *out) {
  if (s.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(s.c_str(), &end, 0);
  if (errno || *end || s[0] == '-')
    return false;
  *out = v;
  return true;
}

} // namespace

void print_help(const char *argv0) {
  printf("Usage: %s [options] FILE.cpp... -o OUT.iu\n"
         "\n"
         "Checks, compiles, links and signs an iu extension image.\n"
         "\n"
         "Options:\n"
         "  -o FILE              write the output to FILE (default a.iu, or FILE.o with -c)\n"
         "  -c                   compile only: write a checked, instrumented object file\n"
         "  -fsyntax-only        run only the front end and the safety checker\n"
         "  -I DIR               add DIR to the include path: headers under it (and next to\n"
         "                       the source) are the extension's own, checked like it\n"
         "  -D NAME[=VALUE]      define a macro\n"
         "  -O0 -O1 -O2 -O3 -Os  optimization level (default -O2)\n"
         "  -g                   emit debug information\n"
         "  -v                   print the commands iu-cc runs\n"
         "  -Rpass-missed=iu-fuel\n"
         "                       say which loops pay fuel at every back-edge, and why\n"
         "                       (any -Rpass=, -Rpass-missed=, -Rpass-analysis= is passed on)\n"
         "  --fuel N             fuel units per invocation: one per loop back-edge and\n"
         "                       function call, more for helper work (default %llu,\n"
         "                       at most %llu)\n"
         "  --stack-limit BYTES  refuse images whose stack bound exceeds BYTES (default %u)\n"
         "  --sign-key FILE      private key to sign with (default: $IU_SIGN_KEY, else per-user key)\n"
         "  --sign-cert FILE     certificate of that key (default: $IU_SIGN_CERT, else per-user)\n"
         "  --no-sign            write an unsigned image (for inspection; loaders refuse it)\n"
         "  -Xclang -verify      check expected-error comments (for tests)\n"
         "  --help               show this help\n"
         "  --version            show version information\n"
         "\n"
         "Code-generation flags are fixed by iu-cc and cannot be changed.\n",
         argv0, static_cast<unsigned long long>(IU_FUEL_DEFAULT),
         static_cast<unsigned long long>(IU_FUEL_MAX), IU_STACK_LIMIT_DEFAULT);
}

std::optional<Options> parse_options(int argc, char **argv, std::string *error) {
  Options o;
  auto value = [&](int &i, const char *flag, std::string *out) {
    if (i + 1 >= argc) {
      *error = std::string("option '") + flag + "' needs an argument";
      return false;
    }
    *out = argv[++i];
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string v;
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--version") {
      o.version = true;
    } else if (a == "-o") {
      if (!value(i, "-o", &o.output))
        return std::nullopt;
    } else if (a == "-c") {
      o.compile_only = true;
    } else if (a == "-fsyntax-only") {
      o.syntax_only = true;
    } else if (a == "-v") {
      o.verbose = true;
    } else if (a == "-g") {
      o.debug_info = true;
    } else if (a == "-O0" || a == "-O1" || a == "-O2" || a == "-O3" || a == "-Os") {
      o.opt_level = a;
    } else if (a == "-I" || a == "-D") {
      if (!value(i, a.c_str(), &v))
        return std::nullopt;
      (a == "-I" ? o.include_dirs : o.defines).push_back(v);
    } else if (a.rfind("-I", 0) == 0) {
      o.include_dirs.push_back(a.substr(2));
    } else if (a.rfind("-D", 0) == 0) {
      o.defines.push_back(a.substr(2));
    } else if (a == "-Xclang") {
      // Only diagnostics verification passes through: anything else could
      // switch off a check or load code into the compiler.
      if (!value(i, "-Xclang", &v))
        return std::nullopt;
      if (v != "-verify" && v.rfind("-verify=", 0) != 0) {
        *error = "'-Xclang " + v + "' is not allowed (only -Xclang -verify)";
        return std::nullopt;
      }
      o.clang_verify.push_back(v);
    } else if (a.rfind("-Rpass=", 0) == 0 || a.rfind("-Rpass-missed=", 0) == 0 ||
               a.rfind("-Rpass-analysis=", 0) == 0) {
      // Optimization remarks only print: they change nothing in the output.
      o.remarks.push_back(a);
    } else if (a == "--fuel") {
      uint64_t n;
      if (!value(i, "--fuel", &v))
        return std::nullopt;
      if (!parse_u64(v, &n) || n == 0 || n > IU_FUEL_MAX) {
        // The hosts refuse a larger budget: it bounds one invocation's time.
        *error = "--fuel needs a number from 1 to " + std::to_string(IU_FUEL_MAX) + ", not '" +
                 v + "'";
        return std::nullopt;
      }
      o.fuel = n;
    } else if (a == "--stack-limit") {
      uint64_t n;
      if (!value(i, "--stack-limit", &v))
        return std::nullopt;
      if (!parse_u64(v, &n) || n == 0 || n > IU_STACK_SIZE / 2) {
        *error = "--stack-limit needs a number of bytes from 1 to " +
                 std::to_string(IU_STACK_SIZE / 2) + ", not '" + v + "'";
        return std::nullopt;
      }
      o.stack_limit = static_cast<uint32_t>(n);
    } else if (a == "--sign-key") {
      if (!value(i, "--sign-key", &o.sign_key))
        return std::nullopt;
    } else if (a == "--sign-cert") {
      if (!value(i, "--sign-cert", &o.sign_cert))
        return std::nullopt;
    } else if (a == "--no-sign") {
      o.no_sign = true;
    } else if (a.size() > 1 && a[0] == '-') {
      *error = "unknown option '" + a + "' (code-generation flags are fixed; see --help)";
      return std::nullopt;
    } else {
      o.inputs.push_back(a);
    }
  }
  if (o.help || o.version)
    return o;
  if (o.inputs.empty()) {
    *error = "no input files";
    return std::nullopt;
  }
  if (o.compile_only && o.syntax_only) {
    *error = "-c and -fsyntax-only cannot be combined";
    return std::nullopt;
  }
  if (o.compile_only && o.inputs.size() > 1 && !o.output.empty()) {
    *error = "-o with -c needs a single input file";
    return std::nullopt;
  }
  for (const std::string &in : o.inputs) {
    auto dot = in.rfind('.');
    std::string ext = dot == std::string::npos ? "" : in.substr(dot);
    if (ext != ".cpp" && ext != ".cc" && ext != ".cxx") {
      *error = in + ": not a C++ source file (expected .cpp, .cc or .cxx)";
      return std::nullopt;
    }
  }
  return o;
}

} // namespace iucc
