#include "kernel_backend.h"

#include <cerrno>

#include "object.h"

namespace iu::kernel {

int load(iu_object *obj) {
  return object_error(obj, ENOTSUP,
                      "the kernel backend is not available yet (iu.ko); use --backend user");
}
int attach(iu_program *) { return -ENOTSUP; }
int detach(iu_program *) { return -ENOTSUP; }
int run_command(iu_object *obj, char *const[], const iu_run_opts &) {
  return object_error(obj, ENOTSUP, "the kernel backend is not available yet");
}
void close(iu_object *) {}

} // namespace iu::kernel
