// Writing iu-cc's results: never a half-written or stale output file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "options.h"

namespace iucc {

// Writes bytes to path through a temporary file in the same directory and
// rename(2), so readers see the old file or the complete new one.
bool write_file_atomically(const std::vector<uint8_t> &bytes, const std::string &path,
                           mode_t mode, std::string *error);

// Copies the file at from to path atomically.
bool install_file(const std::string &from, const std::string &path, std::string *error);

// Signs the image (unless --no-sign) and writes it to path atomically.
bool write_image(const std::vector<uint8_t> &image, const std::string &path, const Options &o,
                 std::string *error);

} // namespace iucc
