// The number of per-CPU slots of per-CPU map values, the same on both
// backends (backend.h): the possible CPUs, as libbpf and the kernel's
// per-CPU maps count them (/sys/devices/system/cpu/possible), so a value
// read from a real BPF map and one from the user backend have one layout.
#include <bpf/libbpf.h>

#include "backend.h"

namespace iu {

int num_cpus() {
  // libbpf caches the answer; it is never 0 on a running system, but a
  // failure to read the file must not give a zero-sized value.
  static const int cpus = [] {
    int n = libbpf_num_possible_cpus();
    return n > 0 ? n : 1;
  }();
  return cpus;
}

} // namespace iu
