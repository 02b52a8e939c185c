// probe_read_kernel_str on a kernel string: do_filp_open(dfd, struct
// filename *pathname, op) runs with the kernel's copy of an open's file
// name, whose first field (const char *name) points to it. The pointer is
// read with probe_read_kernel, the string with probe_read_kernel_str into
// a large array and into an 8-byte one (cut, NUL-terminated, length 8).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  auto name = iu::probe_read_kernel(iu::kptr<iu::u64>(ctx.arg2()));
  if (!name)
    return 0;
  iu::array<char, 128> full{};
  iu::s64 n = iu::probe_read_kernel_str(iu::kptr<char>(name.value()), full);
  iu::array<char, 8> small{};
  iu::s64 m = iu::probe_read_kernel_str(iu::kptr<char>(name.value()), small);
  iu::trace_printk("kernel name %s len %ld small %s len %ld\n", full, n, small, m);
  return 0;
}

} // namespace

IU_KPROBE(do_filp_open, prog);
