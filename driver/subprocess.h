// Running the tools iu-cc drives (clang, ld.lld).
#pragma once
#include <string>
#include <vector>

namespace iucc {

// Runs argv[0] with argv, inheriting stdout/stderr. Returns the exit status
// (128 + signal if killed), or -1 if it could not start. With verbose the
// command is printed to stderr first, shell-quoted.
int run_command(const std::vector<std::string> &argv, bool verbose);

} // namespace iucc
