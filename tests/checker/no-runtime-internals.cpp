// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-runtime-internals: only the runtime's public API; namespace iu and
// its templates belong to the runtime.
#include <iu/iu.h>

namespace {

int accepted(const iu::syscall_tp_ctx &ctx) {          // OK: the public API
  iu::trace_printk("nr=%d\n", ctx.nr());
  iu::comm_t comm = iu::current_comm();
  return comm.chars[0] + static_cast<int>(iu::ktime_get_ns() & 1);
}

int internal_call() {
  return iu::detail::printable<int>();                 // expected-error {{'iu::detail::printable<int>' is internal to the runtime [iu-no-runtime-internals]}} expected-note {{public API}}
}

int internal_type() {
  iu::detail::arg_class c{};                           // expected-error {{'iu::detail::arg_class' is internal to the runtime}} expected-note {{public API}}
  return static_cast<int>(c);
}

int raw_panic() {
  __iu_panic(0, "f", 1, "m");                          // expected-error {{'__iu_panic' is internal to the runtime}} expected-note {{public API}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
}

} // namespace

namespace {
int other(const iu::kprobe_ctx &) { return 0; }
} // namespace

namespace iu {                                         // expected-error {{namespace iu is reserved for the runtime}} expected-note {{your own namespace}}
inline int extra() { return 1; }
} // namespace iu

template <> class iu::kptr<iu::s16> {                  // expected-error {{runtime templates may not be specialized by extensions}} expected-note {{write your own template}}
public:
  int hidden = 0;
};

// The one runtime template extensions' headers specialize (iu-btf's
// prototypes, iu/typed_args.h): it is annotated as an extension point.
template <> struct vmlinux::function_prototype<"some_function"> : iu::prototype<iu::s32, iu::u64> {};

// A program whose hook data would be read as the wrong context type:
IU_DETAIL_PROGRAM(IU_PROG_TRACEPOINT, "tracepoint/syscalls/sys_enter_read", "syscalls/sys_enter_read", // expected-error {{macro 'IU_DETAIL_PROGRAM' is internal to the runtime}} expected-note {{IU_KPROBE, IU_KRETPROBE, IU_FENTRY, IU_FEXIT, IU_PERF_EVENT, IU_TRACEPOINT}}
                  other, ::iu::kprobe_ctx, ::iu::pt_regs);

int __iu_mine = 0;                                     // expected-error {{names starting with __iu are reserved for the runtime}} expected-note {{choose another name}} expected-error {{mutable global}} expected-note {{runtime map}}

namespace {

int prog(const iu::syscall_tp_ctx &ctx) {
  return accepted(ctx) + internal_call() + internal_type() + raw_panic();
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
