// The first thing libiu does with an image file: check its signature
// against the trusted certificates. Only the signed bytes go further.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <iu/libiu.h>

namespace iu {

// On success returns 0 and sets *payload_len to the length of the signed
// image bytes; otherwise a negative errno and a one-line *error.
int check_signature(const std::vector<uint8_t> &file, const iu_object_open_opts &opts,
                    size_t *payload_len, std::string *error);

} // namespace iu
