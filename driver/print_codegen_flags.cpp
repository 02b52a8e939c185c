// iu-codegen-flags: prints iu-cc's front-end flags (codegen_flags.cpp), one
// per line, as a clang response file. The build compiles the image runtime
// with them and the checker tests run clang with them, so the list is
// written once.
#include <cstdio>

#include "codegen_flags.h"

int main() {
  for (const std::string &f : iucc::frontend_flags())
    std::printf("%s\n", f.c_str());
  return 0;
}
