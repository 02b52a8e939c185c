// The code-generation flags every extension is compiled with
// (docs/language.md, docs/runtime-safety.md). Users cannot add to or
// override them.
#pragma once
#include <string>
#include <vector>

namespace iucc {

// Language, environment and hardening: used for every compile, including
// -fsyntax-only.
std::vector<std::string> frontend_flags();

// Run-time checks: each failing check calls a handler in the runtime
// (runtime/src/ubsan_handlers.cpp) that ends the invocation.
std::vector<std::string> check_flags();

// Flags for ld.lld: a position-independent image, eagerly bound, RELRO,
// no executable stack, code and data on separate pages.
std::vector<std::string> link_flags();

} // namespace iucc
