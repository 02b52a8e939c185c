// probe_read_user_str, probe_read_user and the id, random and boot-time
// helpers at openat's entry: the file name (argument 1) read from the
// traced task's memory into a large array and into one too small for it,
// its first 8 bytes as an integer, a bad address (argument 0, the dirfd
// AT_FDCWD, is no user address), a kernel string read (always an error on
// the user backend), the task's uid and gid, two random numbers and the
// boot-time clock against the monotonic one.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int enter_openat(const iu::syscall_enter_ctx &ctx) {
  iu::uptr<char> name(ctx.arg(1));
  iu::array<char, 256> full{};
  iu::s64 n = iu::probe_read_user_str(name, full);
  iu::trace_printk("name %s len %ld\n", full, n);

  iu::array<char, 8> small{};
  n = iu::probe_read_user_str(name, small);
  iu::trace_printk("small %s len %ld nul-terminated %d\n", small, n, small[7] == 0 ? 1 : 0);

  if (auto head = iu::probe_read_user(name.as<iu::u64>()))
    iu::trace_printk("head %llx\n", head.value());
  else
    iu::trace_printk("head failed\n");

  iu::array<char, 16> bad{};
  bad[0] = 'x';
  n = iu::probe_read_user_str(iu::uptr<char>(ctx.arg(0)), bad);
  iu::trace_printk("bad len %ld zeroed %d\n", n, bad[0] == 0 ? 1 : 0);
  iu::trace_printk("bad read %d\n",
                   iu::probe_read_user(iu::uptr<iu::u64>(ctx.arg(0))).has_value() ? 1 : 0);

  iu::array<char, 16> kernel{};
  n = iu::probe_read_kernel_str(iu::kptr<char>(0xffffffff81000000ull), kernel);
  iu::trace_printk("kernel len %ld zeroed %d\n", n, kernel[0] == 0 ? 1 : 0);

  iu::u64 ids = iu::current_uid_gid();
  iu::trace_printk("uid %u gid %u\n", static_cast<iu::u32>(ids),
                   static_cast<iu::u32>(ids >> 32));

  iu::u32 r1 = iu::get_prandom_u32();
  iu::u32 r2 = iu::get_prandom_u32();
  iu::trace_printk("random differs %d\n", r1 != r2 ? 1 : 0);

  iu::u64 mono = iu::ktime_get_ns();
  iu::u64 boot = iu::ktime_get_boot_ns();
  iu::trace_printk("boot nonzero %d not before monotonic %d\n", boot != 0 ? 1 : 0,
                   boot >= mono ? 1 : 0);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_openat, enter_openat);
