// Typed arguments in the kernel (issue 15): do_unlinkat(int dfd, struct
// filename *name) at both ends, its arguments as typed parameters, the
// prototype from typed_unlink.hpp (another kernel's BTF: the loader checks
// it against the running kernel's). For files named iu-typed-*: the kprobe
// prints dfd and the name it reads through name (filename.name), the fexit
// the same and the return value.
// With -DIU_WRONG_PROTOTYPE the kprobe declares name as a struct file
// pointer (without the header, whose prototype would refuse it at compile
// time): the loader refuses the image, naming both types.
#include <iu/iu.h>

IU_LICENSE("GPL");

#ifndef IU_WRONG_PROTOTYPE
#include "typed_unlink.hpp"

namespace {

// The name do_unlinkat was given, if it starts with iu-typed-.
bool name_of(iu::kptr<vmlinux::filename> name, iu::array<char, 64> &out) {
  iu::optional<iu::kptr<void>> s = iu::read(name, vmlinux::filename::name);
  if (!s || iu::probe_read_kernel_str(s.value().as<char>(), out) < 0)
    return false;
  const char prefix[] = "iu-typed-";
  for (unsigned i = 0; i + 1 < sizeof(prefix); ++i)
    if (out[i] != prefix[i])
      return false;
  return true;
}

int unlinking(int dfd, iu::kptr<vmlinux::filename> name) {
  iu::array<char, 64> s{};
  if (name_of(name, s))
    iu::trace_printk("unlink dfd=%d name=%s\n", dfd, s);
  return 0;
}

int unlinked(int dfd, iu::kptr<vmlinux::filename> name, int ret) {
  iu::array<char, 64> s{};
  if (name_of(name, s))
    iu::trace_printk("unlinked dfd=%d name=%s returned %d\n", dfd, s, ret);
  return 0;
}

} // namespace

IU_KPROBE(do_unlinkat, unlinking);
IU_FEXIT(do_unlinkat, unlinked);
#else
namespace vmlinux {
struct file;
}

namespace {
int unlinking(int dfd, iu::kptr<vmlinux::file> name) { return dfd + (name ? 1 : 0); }
} // namespace

IU_KPROBE(do_unlinkat, unlinking);
#endif
