#include "toolchain.h"

#include <climits>
#include <cstdlib>
#include <unistd.h>

#ifndef IU_CLANG_PATH
#error "IU_CLANG_PATH must be defined by the build"
#endif

namespace iucc {
namespace {

std::string self_dir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0)
    return ".";
  buf[n] = 0;
  std::string path(buf);
  return path.substr(0, path.rfind('/'));
}

bool exists(const std::string &path) { return access(path.c_str(), R_OK) == 0; }

std::string real(const std::string &path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : std::string();
}

} // namespace

bool find_toolchain(Toolchain *tc, std::string *error) {
  std::string prefix = self_dir() + "/..";
  tc->clang = IU_CLANG_PATH;
  tc->lld = IU_LLD_PATH;
  tc->clang_version = IU_CLANG_VERSION;
  tc->runtime_include = real(prefix + "/share/iu/include");
  tc->runtime_lib = prefix + "/lib/iu/libiu_rt.a";
  tc->linker_script = prefix + "/share/iu/image.ld";
  for (const std::string *p : {&tc->clang, &tc->lld, &tc->runtime_lib, &tc->linker_script}) {
    if (!exists(*p)) {
      *error = "toolchain part not found: " + *p;
      return false;
    }
  }
  if (tc->runtime_include.empty() || !exists(tc->runtime_include + "/iu/iu.h")) {
    *error = "runtime headers not found under " + prefix + "/share/iu/include";
    return false;
  }
  // Fail closed: an image is never built without the safety checker and
  // the instrumentation passes.
  tc->checker_plugin = prefix + "/lib/iu/libiu-checker.so";
  if (!exists(tc->checker_plugin)) {
    *error = "safety checker plugin not found: " + tc->checker_plugin;
    return false;
  }
  tc->pass_plugin = prefix + "/lib/iu/libiu-passes.so";
  if (!exists(tc->pass_plugin)) {
    *error = "instrumentation pass plugin not found: " + tc->pass_plugin;
    return false;
  }
  return true;
}

} // namespace iucc
