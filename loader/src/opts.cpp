#include "opts.h"

#include <cerrno>
#include <string>

#include <iu/error.h>

namespace iu {

int opts_check(const void *opts, size_t user_sz, size_t known, const char *fn) {
  if (!opts)
    return 0;
  if (user_sz < sizeof(size_t))
    return set_last_error(EINVAL, std::string(fn) + ": options size " + std::to_string(user_sz) +
                                      " is too small (sz must be the struct's size)");
  const auto *bytes = static_cast<const unsigned char *>(opts);
  for (size_t i = known; i < user_sz; ++i)
    if (bytes[i])
      return set_last_error(EINVAL, std::string(fn) + ": options have non-zero bytes past the " +
                                        std::to_string(known) +
                                        " this libiu knows (options of a newer libiu?)");
  return 0;
}

} // namespace iu
