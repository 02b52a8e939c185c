// libiu's kernel backend: hands signed images to iu.ko through /dev/iu
// (docs/kernel.md). The kernel verifies and checks everything again.
#pragma once
#include <iu/libiu.h>

namespace iu::kernel {

// Sends the object's signed file to the kernel, which verifies, maps and
// relocates it. 0 or a negative errno (iu::object_error sets the reason).
int load(iu_object *obj);
// Attaches / detaches one program of a loaded object.
int attach(iu_program *prog);
int detach(iu_program *prog);
// Runs argv, streaming the programs' output and reports until it exits.
// Returns the command's exit status or a negative errno.
int run_command(iu_object *obj, char *const argv[], const iu_run_opts &opts);
// Releases the kernel object (closing it detaches everything).
void close(iu_object *obj);

} // namespace iu::kernel
