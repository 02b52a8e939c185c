// One definition across the source files of an image: the checker plugin
// writes each file's ODR fingerprints (passes/checker/OdrFingerprints.h);
// iu-cc compares them before it links, because the linker would silently
// keep one of two different definitions of an inline function, template
// instantiation or inline variable, and code compiled against one class
// layout would run with the other's.
#pragma once
#include <string>
#include <vector>

namespace iucc {

// fingerprint_files[i] belongs to inputs[i]. Returns the error messages
// ("'S' is defined differently in a.cpp:3 and b.cpp:5"), one per entity
// that two files define (or declare) differently; empty when they agree.
// A missing or malformed fingerprint file is an error too.
std::vector<std::string> check_one_definition(const std::vector<std::string> &fingerprint_files,
                                              const std::vector<std::string> &inputs);

} // namespace iucc
