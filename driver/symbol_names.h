// Readable names for the symbols in iu-cc's messages (stack bound call
// chains): "(anonymous namespace)::level1(unsigned long)" -> "level1".
#pragma once
#include <string>

namespace iucc {

// The function's name without namespaces it was given anonymously, template
// arguments, parameters or method qualifiers; the symbol itself if it
// cannot be demangled.
std::string display_name(const std::string &symbol);

} // namespace iucc
