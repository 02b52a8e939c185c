#include "error.h"

#include <iu/libiu.h>

namespace iu {
namespace {
thread_local std::string last_error;
}

int set_error(int err, const std::string &msg) {
  last_error = msg;
  return -err;
}

} // namespace iu

extern "C" const char *iu_last_error(void) { return iu::last_error.c_str(); }
