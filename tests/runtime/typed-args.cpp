// Typed arguments (iu/typed_args.h): an IU_KPROBE, IU_FENTRY or IU_FEXIT
// program may take its function's arguments as integers, enums, bool,
// iu::kptr<T> or iu::uptr<T> (by value or const reference), after its
// context if it likes; IU_FEXIT's last parameter is the return value.
// Each typed program gets one IU_CONFIG_ARGS record, named as it, with
// what it declared; context programs get none. Any other parameter type
// is an error naming the macro and the parameter; IU_KRETPROBE stays
// context-only. (tests/btf/functions.test checks against a prototype.)
// RUN: rm -rf %t && mkdir -p %t
// RUN: %iucc -DGOOD %s -o %t/good.iu
// RUN: %iusign show %t/good.iu | FileCheck %s --check-prefix=RECORDS
// RUN: %python %S/Inputs/args_records.py %t/good.iu | FileCheck %s --check-prefix=ARGS
// RUN: not %iucc -fsyntax-only -DSTRUCT %s 2>&1 | FileCheck %s --check-prefix=STRUCT
// RUN: not %iucc -fsyntax-only -DREF %s 2>&1 | FileCheck %s --check-prefix=REF
// RUN: not %iucc -fsyntax-only -DWIDE %s 2>&1 | FileCheck %s --check-prefix=WIDE
// RUN: not %iucc -fsyntax-only -DOTHER_CTX_FIRST %s 2>&1 | FileCheck %s --check-prefix=OTHERCTX
// RUN: not %iucc -fsyntax-only -DSEVEN %s 2>&1 | FileCheck %s --check-prefix=SEVEN
// RUN: not %iucc -fsyntax-only -DFEXIT_NOTHING %s 2>&1 | FileCheck %s --check-prefix=FEXIT0
// RUN: not %iucc -fsyntax-only -DKRETPROBE %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DWRONG_CTX %s 2>&1 | FileCheck %s --check-prefix=WRONGCTX
// RUN: not %iucc -fsyntax-only -DLONG_NAME %s 2>&1 | FileCheck %s --check-prefix=LONGNAME
// RECORDS:      programs:   6
// RECORDS:      configs:    5
// RECORDS-NEXT:   unlinked: the program's typed arguments (checked against its function's BTF at load), 456 bytes
// RECORDS-NEXT:   wrote: the program's typed arguments
// RECORDS-NEXT:   with_ctx: the program's typed arguments
// RECORDS-NEXT:   none: the program's typed arguments
// RECORDS-NEXT:   refs: the program's typed arguments
// RECORDS-NEXT: imports:
// ARGS:      unlinked: int 4, kptr filename
// ARGS-NEXT: wrote: kptr file, uptr, uint 8, kptr, int 8
// ARGS-NEXT: with_ctx: uint 1, uint 2, int 1, kptr
// ARGS-NEXT: none:
// ARGS-NEXT: refs: uint 8, kptr task_struct
// STRUCT: error: static assertion failed due to requirement '::iu::detail::typed_parameter<iu::detail::parameter<2, (anonymous namespace)::point>>': IU_KPROBE(do_unlinkat, takes_struct): a program takes const iu::kprobe_ctx &, or the function's arguments as typed parameters, by value: integers, enums, bool, iu::kptr<T> or iu::uptr<T> (docs/runtime-api.md)
// STRUCT-NOT: error:
// REF: error: {{.*}}typed_parameter<iu::detail::parameter<1, int &>>': IU_FENTRY(do_unlinkat, writes_back): a program takes const iu::fentry_ctx &, or the function's arguments
// REF-NOT: error:
// WIDE: error: {{.*}}typed_parameter<iu::detail::parameter<1, __int128>>': IU_KPROBE(do_unlinkat, wide):
// OTHERCTX: error: {{.*}}typed_parameter<iu::detail::parameter<1, const iu::fentry_ctx &>>': IU_KPROBE(do_unlinkat, other_ctx):
// OTHERCTX-NOT: error:
// SEVEN: error: static assertion failed due to requirement '::iu::detail::count_within<7, 0, 6>': IU_KPROBE(do_unlinkat, seven): a program takes at most 6 typed arguments
// SEVEN-NOT: error:
// FEXIT0: error: static assertion failed due to requirement '::iu::detail::count_within<0, 1, 7>': IU_FEXIT(do_unlinkat, nothing): a program takes at most 6 typed arguments, then the return value
// FEXIT0-NOT: error:
// WRONGCTX: error: {{.*}}a program takes its hook's context by const reference: const iu::kprobe_ctx & (IU_KPROBE), const iu::kretprobe_ctx & (IU_KRETPROBE),
// WRONGCTX-NOT: error:
// LONGNAME: error: {{.*}}a program that takes typed arguments has a name of at most 47 characters
#include <iu/iu.h>

namespace vmlinux {
struct file;
struct filename;
} // namespace vmlinux

namespace {

enum class mode : iu::u16 { read, write };

int unlinked(int dfd, iu::kptr<vmlinux::filename> name) {
  return dfd + static_cast<int>(name.addr() & 1);
}
int wrote(iu::kptr<vmlinux::file> f, iu::uptr<char> buf, iu::u64 count, iu::kptr<iu::s64> pos,
          iu::s64 ret) {
  return static_cast<int>(f.addr() + buf.addr() + count + pos.addr() + static_cast<iu::u64>(ret));
}
int with_ctx(const iu::fentry_ctx &ctx, bool flag, mode m, char c, iu::kptr<void> p) {
  return static_cast<int>(ctx.ip() + flag + static_cast<iu::u16>(m) + c + p.addr());
}
int none() { return 0; }
int refs(const iu::u64 &a, const iu::kptr<vmlinux::task_struct> &t) {
  return static_cast<int>(a + t.addr());
}
int context(const iu::kprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }

} // namespace

#if defined(GOOD)
IU_KPROBE(do_unlinkat, unlinked);
IU_FEXIT(vfs_write, wrote);
IU_FENTRY(do_sys_open, with_ctx);
IU_FENTRY(ktime_get, none);
IU_KPROBE(wake_up_process, refs);
IU_KPROBE(vfs_read, context);
#elif defined(STRUCT)
namespace {
struct point {
  int x, y;
};
int takes_struct(int dfd, point p) { return dfd + p.x; }
} // namespace
IU_KPROBE(do_unlinkat, takes_struct);
#elif defined(REF)
namespace {
int writes_back(int &dfd) { return dfd; }
} // namespace
IU_FENTRY(do_unlinkat, writes_back);
#elif defined(WIDE)
namespace {
int wide(__int128 v) { return static_cast<int>(v); }
} // namespace
IU_KPROBE(do_unlinkat, wide);
#elif defined(OTHER_CTX_FIRST)
namespace {
int other_ctx(const iu::fentry_ctx &ctx, int dfd) { return static_cast<int>(ctx.ip()) + dfd; }
} // namespace
IU_KPROBE(do_unlinkat, other_ctx);
#elif defined(SEVEN)
namespace {
int seven(int, int, int, int, int, int, int) { return 0; }
} // namespace
IU_KPROBE(do_unlinkat, seven);
#elif defined(FEXIT_NOTHING)
namespace {
int nothing() { return 0; }
} // namespace
IU_FEXIT(do_unlinkat, nothing);
#elif defined(KRETPROBE)
IU_KRETPROBE(do_unlinkat, unlinked);
#elif defined(WRONG_CTX)
namespace {
int kret_ctx(const iu::kretprobe_ctx &ctx) { return static_cast<int>(ctx.ret()); }
} // namespace
IU_KPROBE(do_unlinkat, kret_ctx);
#elif defined(LONG_NAME)
namespace {
int a_program_name_longer_than_forty_seven_characters_x(int dfd) { return dfd; }
} // namespace
IU_KPROBE(do_unlinkat, a_program_name_longer_than_forty_seven_characters_x);
#endif
