// fentry and fexit in the kernel (issue 14): the arguments and return
// values of a function whose calls user space makes and knows.
// - vfs_write at both ends: dd's writes of 4321 bytes to /dev/null return
//   the count, those to /dev/full -ENOSPC; the fexit program sees the count
//   the function was called with, and the same address as the fentry one.
// - With -DIU_FENTRY_LOAD, only programs on vfs_write calls of 7 bytes
//   from sh (a loop of `echo abcdef`), for the detach under load; one call
//   in 64 prints.
// - With -DIU_FENTRY_TARGET=NAME or -DIU_FEXIT_TARGET=NAME, only one
//   program on NAME (the refusals), and no map.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

template <unsigned N> bool comm_is(const char (&name)[N]) {
  static_assert(N <= 16);
  iu::comm_t c = iu::current_comm();
  for (unsigned i = 0; i < N; ++i)
    if (c.chars[i] != name[i])
      return false;
  return true;
}

// vfs_write(file, buf, count, pos): the count is the third argument.
int write_enter(const iu::fentry_ctx &ctx) {
  if (comm_is("dd") && ctx.arg3() == 4321)
    iu::trace_printk("fentry vfs_write(count=%llu)\n", ctx.arg3());
  return 0;
}

#if !defined(IU_FENTRY_TARGET) && !defined(IU_FEXIT_TARGET) && !defined(IU_FENTRY_LOAD)
IU_MAP(entry_ip, iu::array_map<iu::u64, 1>);

// vfs_write returns ssize_t: all 64 bits of rax.
int write_exit(const iu::fexit_ctx &ctx) {
  if (comm_is("dd") && ctx.arg3() == 4321) {
    iu::trace_printk("fexit vfs_write(count=%llu) returned %lld\n", ctx.arg3(),
                     static_cast<iu::s64>(ctx.ret()));
    entry_ip.update(0, ctx.ip());
  }
  return 0;
}

int ip_enter(const iu::fentry_ctx &ctx) {
  if (comm_is("dd") && ctx.arg3() == 4321) {
    iu::u64 seen = entry_ip.lookup(0).value_or(0);
    if (seen == ctx.ip())
      iu::trace_printk("fentry ip: fexit's\n");
    else if (seen != 0)
      iu::trace_printk("fentry ip: not fexit's\n");
  }
  return 0;
}

#endif

int any_exit(const iu::fexit_ctx &ctx) { return static_cast<int>(ctx.ret()); }

#ifdef IU_FENTRY_LOAD
// Under load, one call in 64 of each program prints: enough to see that
// a program still runs, without flooding the record buffer.
IU_MAP(load_calls, iu::array_map<iu::u64, 2>);

bool sampled(iu::u32 which) {
  iu::u64 n = 0;
  load_calls.update_with(which, [&](iu::u64 &v) { n = ++v; });
  return (n & 63) == 1;
}

int load_enter(const iu::fentry_ctx &ctx) {
  if (ctx.arg3() == 7 && comm_is("sh") && sampled(0))
    iu::trace_printk("load fentry\n");
  return 0;
}

int load_exit(const iu::fexit_ctx &ctx) {
  if (ctx.arg3() == 7 && comm_is("sh") && sampled(1))
    iu::trace_printk("load fexit returned %lld\n", static_cast<iu::s64>(ctx.ret()));
  return 0;
}
#endif

} // namespace

#define FENTRY_ON(func, prog) IU_FENTRY(func, prog)
#define FEXIT_ON(func, prog) IU_FEXIT(func, prog)
#if defined(IU_FENTRY_TARGET)
FENTRY_ON(IU_FENTRY_TARGET, write_enter);
#elif defined(IU_FEXIT_TARGET)
FEXIT_ON(IU_FEXIT_TARGET, any_exit);
#elif defined(IU_FENTRY_LOAD)
IU_FENTRY(vfs_write, load_enter);
IU_FEXIT(vfs_write, load_exit);
#else
IU_FENTRY(vfs_write, write_enter);
IU_FEXIT(vfs_write, write_exit);
IU_FENTRY(vfs_write, ip_enter);
#endif
