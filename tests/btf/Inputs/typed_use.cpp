// Typed programs against the prototypes of functions.btf (functions.test):
// GOOD compiles; each other variant is one mismatch the compile-time check
// reports.
#include <iu/iu.h>

#include "functions.hpp"

namespace {

enum class mode : iu::u32 { a, b };

int unlinked(int dfd, iu::kptr<vmlinux::filename> name) {
  iu::kptr<char> s = iu::read(name, vmlinux::filename::name).value_or({}).as<char>();
  return dfd + static_cast<int>(s.addr() & 1);
}
int wrote(iu::kptr<vmlinux::file> f, iu::uptr<char> buf, iu::u64 count, iu::kptr<iu::s64> pos,
          iu::s64 ret) {
  return static_cast<int>(f.addr() + buf.addr() + count + pos.addr() + static_cast<iu::u64>(ret));
}
int op(const iu::kprobe_ctx &ctx, iu::kptr<vmlinux::new_> n, mode m, bool flag, char c) {
  return static_cast<int>(ctx.ip() + n.addr() + static_cast<iu::u32>(m) + flag + c);
}
int reserved(iu::kptr<vmlinux::function_prototype_> p) { return static_cast<int>(p.addr()); }
// A function the header has no prototype of: checked at load only.
int unknown(iu::u64 a, iu::s8 b) { return static_cast<int>(a) + b; }

#if defined(STRUCT)
int wrong_struct(int dfd, iu::kptr<vmlinux::file> name) {
  return dfd + static_cast<int>(name.addr());
}
#elif defined(SIGN)
int wrong_sign(iu::u32 dfd, iu::kptr<void>) { return static_cast<int>(dfd); }
#elif defined(COUNT)
int too_few(int dfd) { return dfd; }
#elif defined(RET)
int narrow_ret(iu::kptr<void>, iu::uptr<char>, iu::u64, iu::kptr<void>, iu::s32 ret) { return ret; }
#elif defined(VOID)
int void_ret(int code, int ret) { return code + ret; }
#elif defined(INT_FOR_PTR)
int int_for_ptr(int dfd, iu::u64 name) { return dfd + static_cast<int>(name); }
#endif

} // namespace

IU_KPROBE(do_unlinkat, unlinked);
IU_FEXIT(vfs_write, wrote);
IU_KPROBE(new_op, op);
IU_FENTRY(proto_user, reserved);
IU_KPROBE(not_in_btf, unknown);
#if defined(STRUCT)
IU_KPROBE(do_unlinkat, wrong_struct);
#elif defined(SIGN)
IU_FENTRY(do_unlinkat, wrong_sign);
#elif defined(COUNT)
IU_KPROBE(do_unlinkat, too_few);
#elif defined(RET)
IU_FEXIT(vfs_write, narrow_ret);
#elif defined(VOID)
IU_FEXIT(exit_void, void_ret);
#elif defined(INT_FOR_PTR)
IU_KPROBE(do_unlinkat, int_for_ptr);
#endif
