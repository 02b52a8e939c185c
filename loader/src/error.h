// libiu's last-error channel: each failing call records a one-line reason.
#pragma once
#include <string>

namespace iu {

// Records msg as the last error of this thread and returns -err (so
// `return set_error(EINVAL, "...")` reads naturally).
int set_error(int err, const std::string &msg);

} // namespace iu
