// Where iu-cc finds its parts: clang and ld.lld, the trusted runtime
// headers, the runtime library, the linker script and the plugins. All but
// the LLVM tools are located relative to the iu-cc executable
// (<prefix>/bin/iu-cc -> <prefix>/lib/iu, <prefix>/share/iu), so the build
// tree and an installation work the same way.
#pragma once
#include <string>

namespace iucc {

struct Toolchain {
  std::string clang;
  std::string lld;
  std::string runtime_include;  // realpath: the checker's trust root
  std::string runtime_lib;      // libiu_rt.a
  std::string linker_script;
  std::string checker_plugin;   // empty when not built
  std::string pass_plugin;      // empty when not built
  std::string clang_version;
};

// Fills *tc; on failure sets *error (a missing part names its path).
bool find_toolchain(Toolchain *tc, std::string *error);

} // namespace iucc
