#include "signature_check.h"

namespace iu {

int check_signature(const std::vector<uint8_t> &file, const iu_object_open_opts &,
                    size_t *payload_len, std::string *) {
  *payload_len = file.size();
  return 0;
}

} // namespace iu
