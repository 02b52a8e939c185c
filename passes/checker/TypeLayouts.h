// The layout of every map's key and value type and every configuration's
// type, for user-space tools (iu-load's map dumps, iu-gen-skeleton): the
// plugin writes them for each file (`types-out=<file>`), iu-cc merges the
// files' records and links them into the image as the non-allocated section
// .iu.types (format: docs/image-format.md; reader: image/src/types_section.cpp).
#pragma once

#include <string>

namespace clang {
class ASTContext;
} // namespace clang

namespace iu::checker {

class Trust;

// Writes the layouts of the translation unit's maps and configurations to
// Path, in .iu.types' own format (version 1). Returns false and sets Error
// if a type cannot be described or the file cannot be written.
bool writeTypeLayouts(clang::ASTContext &AST, Trust &T, const std::string &Path,
                      std::string &Error);

} // namespace iu::checker
