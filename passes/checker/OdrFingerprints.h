// One definition across files: iu-cc compiles each source file of an image
// in its own clang process, and the linker keeps one copy of every inline
// function, template instantiation and inline variable. When two files
// define the same entity differently, code compiled against one definition
// runs with the other's (a two-element array indexed with an eight-element
// bound). So the plugin writes, for each file, a fingerprint of every
// entity with external linkage that the user's code defines or declares,
// and iu-cc compares them across the files before it links (driver/
// odr_check.cpp). See "Several source files" in docs/language.md.
#pragma once

#include <string>

namespace clang {
class ASTContext;
} // namespace clang

namespace iu::checker {

class Trust;

// Writes the fingerprints of the translation unit in AST to Path (format in
// OdrFingerprints.cpp). Runtime entities (trusted by T) are left out: every
// file sees the same runtime headers. Returns false and sets Error if the
// file cannot be written.
bool writeOdrFingerprints(clang::ASTContext &AST, Trust &T, const std::string &Path,
                          std::string &Error);

} // namespace iu::checker
