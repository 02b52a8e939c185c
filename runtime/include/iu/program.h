// Declaring programs. A program is an ordinary function taking its context
// by const reference and returning an integer:
//
//   static int trace_write(const iu::kprobe_ctx &ctx) { ... }
//   IU_KPROBE(__seccomp_filter, trace_write);
//
//   static int returned(const iu::kretprobe_ctx &ctx) { ... }
//   IU_KRETPROBE(vfs_write, returned);
//
//   static int entered(const iu::fentry_ctx &ctx) { ... }
//   IU_FENTRY(vfs_write, entered);
//
//   static int exited(const iu::fexit_ctx &ctx) { ... }
//   IU_FEXIT(vfs_write, exited);
//
//   static int sample(const iu::perf_event_ctx &ctx) { ... }
//   IU_PERF_EVENT(99, sample);                     // 99 times a second on every CPU
//
//   static int hello(const iu::syscall_tp_ctx &ctx) { ... }
//   IU_TRACEPOINT(syscalls, sys_enter_write, hello);
//
//   static int done(const iu::syscall_exit_ctx &ctx) { ... }
//   IU_TRACEPOINT(syscalls, sys_exit_write, done);
//
//   static int switched(const iu::tp::sched::sched_switch &ctx) { ... }
//   IU_TRACEPOINT(sched, sched_switch, switched);  // #include <iu/tp/sched.h>
//
//   static int raw(const iu::raw_tracepoint_ctx &ctx) { ... }
//   IU_RAW_TRACEPOINT(sched_switch, raw);
//
// Each macro emits the entry trampoline (in a libbpf-style section such as
// "kprobe/__seccomp_filter") and the program's entry in the program table
// (section ".iu.progs"), the loader's source of truth.
#pragma once
#include <iu/abi.h>
#include <iu/context.h>
#include <iu/tracepoint.h>
#include <iu/typed_args.h>
#include <iu/types.h>

namespace iu::detail {

// The invocation state lives at the base of the iu stack the host runs us
// on (abi.h), so it is found from the stack pointer alone.
inline iu_run *current_run() {
  u64 sp = reinterpret_cast<u64>(__builtin_frame_address(0));
  return reinterpret_cast<iu_run *>(sp & ~static_cast<u64>(IU_STACK_SIZE - 1));
}

// The context of a tracepoint IU_TRACEPOINT has no context type for: its
// static_assert reports the tracepoint, and nothing else is compiled.
struct unsupported_tracepoint_ctx {
  explicit unsupported_tracepoint_ctx(const void *) {}
};

template <auto Program, class Ctx>
inline constexpr bool takes_context = requires(const Ctx &ctx) { Program(ctx); };

// The entry trampoline: sets the landing point a panic or fuel exhaustion
// unwinds to from any depth, then calls the program. It must not tail-call
// the program: the landing point lives in this frame.
template <auto Program, class Ctx, class Raw>
[[clang::disable_tail_calls]] inline iu_s64 enter(void *raw) {
  if constexpr (is_same_v<Ctx, unsupported_tracepoint_ctx>) {
    return 0;
  } else if constexpr (!takes_context<Program, Ctx>) {
    static_assert(takes_context<Program, Ctx>,
                  "a program takes its hook's context by const reference: const iu::kprobe_ctx & "
                  "(IU_KPROBE), const iu::kretprobe_ctx & (IU_KRETPROBE), "
                  "const iu::fentry_ctx & (IU_FENTRY), const iu::fexit_ctx & (IU_FEXIT), "
                  "const iu::perf_event_ctx & (IU_PERF_EVENT), "
                  "const iu::syscall_enter_ctx & (syscalls/sys_enter_*), "
                  "const iu::syscall_exit_ctx & (syscalls/sys_exit_*), "
                  "const iu::tp::<category>::<event> & (any other tracepoint), "
                  "const iu::raw_tracepoint_ctx & (IU_RAW_TRACEPOINT)");
    return 0;
  } else {
    iu_run *run = current_run();
    run->status = IU_RUN_OK;
    if (__builtin_setjmp(reinterpret_cast<void **>(run->landing)) != 0)
      return IU_PANIC_RETURN;
    const Ctx ctx(static_cast<const Raw *>(raw));
    return static_cast<iu_s64>(Program(ctx));
  }
}

// The entry of a kprobe, fentry or fexit program: enter's, or one that
// converts the function's arguments into the program's typed parameters
// (typed_args.h), and records them for the loader's check.
template <auto Program, class Ctx, class Raw, program_name Name>
[[clang::disable_tail_calls]] inline iu_s64 enter_function(void *raw) {
  using shape = typed_shape<Program, Ctx>;
  if constexpr (!shape::typed) {
    return enter<Program, Ctx, Raw>(raw);
  } else if constexpr (!shape::ok) {
    return 0;  // the macro's static_asserts say why
  } else {
    (void)&args_record<Name, typename shape::params>::rec;
    iu_run *run = current_run();
    run->status = IU_RUN_OK;
    if (__builtin_setjmp(reinterpret_cast<void **>(run->landing)) != 0)
      return IU_PANIC_RETURN;
    const Ctx ctx(static_cast<const Raw *>(raw));
    return call_typed<Program, shape::with_ctx>(ctx, typename shape::params{},
                                                make_index_list<shape::count>{});
  }
}

// The tracepoints that have a context type, picked by name at compile
// time; any other would be read as the wrong record.
enum class tracepoint_kind { unsupported, syscall_enter, syscall_exit };

consteval bool str_equal(const char *a, const char *b) {
  for (; *a && *a == *b; ++a, ++b) {
  }
  return *a == *b;
}

// Whether s is prefix followed by at least one character.
consteval bool str_extends(const char *s, const char *prefix) {
  for (; *prefix; ++s, ++prefix)
    if (*s != *prefix)
      return false;
  return *s != 0;
}

consteval tracepoint_kind tracepoint_kind_of(const char *category, const char *event) {
  if (!str_equal(category, "syscalls"))
    return tracepoint_kind::unsupported;
  if (str_extends(event, "sys_enter_"))
    return tracepoint_kind::syscall_enter;
  if (str_extends(event, "sys_exit_"))
    return tracepoint_kind::syscall_exit;
  return tracepoint_kind::unsupported;
}

template <tracepoint_kind Kind> struct tracepoint_types {
  using ctx = unsupported_tracepoint_ctx;
  using raw = void;
};
template <> struct tracepoint_types<tracepoint_kind::syscall_enter> {
  using ctx = syscall_enter_ctx;
  using raw = syscall_enter_record;
};
template <> struct tracepoint_types<tracepoint_kind::syscall_exit> {
  using ctx = syscall_exit_ctx;
  using raw = syscall_exit_record;
};

// IU_PERF_EVENT's frequency, as the preprocessor spelled it: a plain
// decimal literal (what the validator parses back out of the target)
// within IU_PERF_EVENT_HZ_MIN..IU_PERF_EVENT_HZ_MAX.
enum class perf_hz_kind { ok, not_decimal, out_of_range };

consteval perf_hz_kind perf_hz_kind_of(const char *s) {
  if (s[0] == '0' && s[1] == 0)
    return perf_hz_kind::out_of_range;
  if (*s < '1' || *s > '9') // 099 would be octal
    return perf_hz_kind::not_decimal;
  u64 v = 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9')
      return perf_hz_kind::not_decimal;
    if (v <= IU_PERF_EVENT_HZ_MAX)
      v = v * 10 + static_cast<u64>(*s - '0');
  }
  return v >= IU_PERF_EVENT_HZ_MIN && v <= IU_PERF_EVENT_HZ_MAX ? perf_hz_kind::ok
                                                                 : perf_hz_kind::out_of_range;
}
// IU_PERF_EVENT's message spells the bounds out.
static_assert(IU_PERF_EVENT_HZ_MIN == 1 && IU_PERF_EVENT_HZ_MAX == 10000);

// Same layout as struct iu_prog_desc, with the entry as a function pointer
// so the compiler emits a relocation instead of a dynamic initializer.
struct prog_desc {
  iu_u32 magic;
  iu_u32 type;
  char name[IU_PROG_NAME_MAX];
  char target[IU_PROG_TARGET_MAX];
  iu_s64 (*entry)(void *);
  iu_u64 reserved[2];
};
static_assert(sizeof(prog_desc) == sizeof(iu_prog_desc));
static_assert(__builtin_offsetof(prog_desc, entry) == __builtin_offsetof(iu_prog_desc, entry));

} // namespace iu::detail

#define IU_DETAIL_PROGRAM(type, sec_name, target, prog, ctx_type, raw_type)                     \
  extern "C" [[gnu::used, gnu::section(sec_name), clang::disable_tail_calls]] ::iu_s64       \
      __iu_entry_##prog(void *raw) {                                                       \
    return ::iu::detail::enter<prog, ctx_type, raw_type>(raw);                             \
  }                                                                                        \
  IU_DETAIL_PROG_DESC(type, target, prog)

#define IU_DETAIL_PROG_DESC(type, target, prog)                                            \
  [[gnu::used, gnu::section(".iu.progs")]] constinit const ::iu::detail::prog_desc         \
      __iu_prog_##prog = {IU_PROG_MAGIC, type, #prog, target, &__iu_entry_##prog, {0, 0}}

// A program on kernel function func's entry or return, whose program may
// take typed arguments (typed_args.h).
#define IU_DETAIL_FUNCTION_PROGRAM(type, macro, sec_prefix, func, prog, ctx_type, ctx_text,   \
                                   raw_type, what)                                         \
  IU_DETAIL_TYPED_CHECKS(macro, func, prog, ctx_type, ctx_text, what);                     \
  extern "C" [[gnu::used, gnu::section(sec_prefix #func), clang::disable_tail_calls]]      \
  ::iu_s64 __iu_entry_##prog(void *raw) {                                                  \
    return ::iu::detail::enter_function<prog, ctx_type, raw_type, #prog>(raw);             \
  }                                                                                        \
  IU_DETAIL_PROG_DESC(type, #func, prog)

// A kprobe on kernel function `func`; prog takes const iu::kprobe_ctx&,
// or func's arguments as typed parameters: (int dfd, iu::kptr<vmlinux::filename> name).
#define IU_KPROBE(func, prog)                                                              \
  IU_DETAIL_FUNCTION_PROGRAM(IU_PROG_KPROBE, "IU_KPROBE", "kprobe/", func, prog,            \
                             ::iu::kprobe_ctx, "iu::kprobe_ctx", ::iu::pt_regs,             \
                             "at most 6 typed arguments")

// A kretprobe on kernel function `func`: prog runs as func returns and
// takes const iu::kretprobe_ctx& (the return value is ret()).
#define IU_KRETPROBE(func, prog)                                                           \
  IU_DETAIL_PROGRAM(IU_PROG_KRETPROBE, "kretprobe/" #func, #func, prog,                    \
                    ::iu::kretprobe_ctx, ::iu::pt_regs)

// Kernel function `func`'s entry through ftrace: prog takes const
// iu::fentry_ctx& (the arguments are arg1() .. arg6()), or func's
// arguments as typed parameters.
#define IU_FENTRY(func, prog)                                                              \
  IU_DETAIL_FUNCTION_PROGRAM(IU_PROG_FENTRY, "IU_FENTRY", "fentry/", func, prog,            \
                             ::iu::fentry_ctx, "iu::fentry_ctx", ::iu_fentry_ctx,           \
                             "at most 6 typed arguments")

// Kernel function `func`'s return: prog takes const iu::fexit_ctx&, the
// arguments it was called with and its return value (ret()), or those
// arguments as typed parameters followed by the return value.
#define IU_FEXIT(func, prog)                                                               \
  IU_DETAIL_FUNCTION_PROGRAM(IU_PROG_FEXIT, "IU_FEXIT", "fexit/", func, prog,               \
                             ::iu::fexit_ctx, "iu::fexit_ctx", ::iu_fexit_ctx,              \
                             "at most 6 typed arguments, then the return value")

#define IU_DETAIL_STR(x) #x
#define IU_DETAIL_XSTR(x) IU_DETAIL_STR(x)

// A CPU-clock sample frequency_hz times a second on every online CPU:
// prog takes const iu::perf_event_ctx& (the interrupted ip, task and CPU).
// frequency_hz is a decimal integer literal from 1 to 10000 (or a macro
// that expands to one); the target is "cpu_clock/<frequency_hz>".
#define IU_PERF_EVENT(frequency_hz, prog)                                                  \
  static_assert(::iu::detail::perf_hz_kind_of(IU_DETAIL_XSTR(frequency_hz)) !=             \
                    ::iu::detail::perf_hz_kind::not_decimal,                               \
                "IU_PERF_EVENT(" #frequency_hz ", " #prog "): the frequency must be a "    \
                "decimal integer literal, such as 99");                                    \
  static_assert(::iu::detail::perf_hz_kind_of(IU_DETAIL_XSTR(frequency_hz)) !=             \
                    ::iu::detail::perf_hz_kind::out_of_range,                              \
                "IU_PERF_EVENT(" #frequency_hz ", " #prog "): the frequency must be from " \
                "1 to 10000 Hz");                                                          \
  IU_DETAIL_PROGRAM(IU_PROG_PERF_EVENT, "perf_event/cpu_clock/" IU_DETAIL_XSTR(frequency_hz), \
                    "cpu_clock/" IU_DETAIL_XSTR(frequency_hz), prog, ::iu::perf_event_ctx, \
                    ::iu_perf_event_ctx)

// A tracepoint; its name picks the context prog takes:
//   IU_TRACEPOINT(syscalls, sys_enter_write, prog);  // const iu::syscall_enter_ctx &
//   IU_TRACEPOINT(syscalls, sys_exit_write, prog);   // const iu::syscall_exit_ctx &
//   IU_TRACEPOINT(sched, sched_switch, prog);        // const iu::tp::sched::sched_switch &
// (iu::syscall_tp_ctx is iu::syscall_enter_ctx.) Any other event's context
// comes from its category's generated header (<iu/tp/sched.h>, or
// <iu/tracepoints.h> for all); a tracepoint it does not know is a
// compile-time error naming it ("no member named 'x' in namespace
// 'iu::tp::sched'"; "no member named 'sched' in namespace 'iu::tp'" when
// the category's header is not included).
#define IU_TRACEPOINT(category, event, prog)                                               \
  IU_DETAIL_IF(IU_DETAIL_IS_SYSCALLS(category))                                            \
  (IU_DETAIL_SYSCALL_TRACEPOINT, IU_DETAIL_EVENT_TRACEPOINT)(category, event, prog)

#define IU_DETAIL_SYSCALL_TRACEPOINT(category, event, prog)                                \
  static_assert(::iu::detail::tracepoint_kind_of(#category, #event) !=                     \
                    ::iu::detail::tracepoint_kind::unsupported,                            \
                "IU_TRACEPOINT(" #category ", " #event ", " #prog "): tracepoint '"        \
                #category "/" #event "' is not a syscall's: the syscalls category has "    \
                "sys_enter_<syscall> and sys_exit_<syscall>");                             \
  IU_DETAIL_PROGRAM(                                                                       \
      IU_PROG_TRACEPOINT, "tracepoint/" #category "/" #event, #category "/" #event, prog,   \
      ::iu::detail::tracepoint_types<::iu::detail::tracepoint_kind_of(#category,           \
                                                                      #event)>::ctx,       \
      ::iu::detail::tracepoint_types<::iu::detail::tracepoint_kind_of(#category,           \
                                                                      #event)>::raw)

#define IU_DETAIL_EVENT_TRACEPOINT(category, event, prog)                                  \
  IU_DETAIL_PROGRAM(IU_PROG_TRACEPOINT, "tracepoint/" #category "/" #event,                \
                    #category "/" #event, prog, ::iu::tp::category::event,                 \
                    ::iu_tracepoint_ctx)

// IU_DETAIL_IS_SYSCALLS(c) is 1 when the token c is `syscalls`, else 0:
// pasting makes IU_DETAIL_SYSCALLS_PROBE_syscalls, a macro that adds an
// argument, for that token only.
#define IU_DETAIL_CAT(a, b) IU_DETAIL_CAT_(a, b)
#define IU_DETAIL_CAT_(a, b) a##b
#define IU_DETAIL_SECOND(a, b, ...) b
#define IU_DETAIL_PROBE(...) IU_DETAIL_SECOND(__VA_ARGS__, 0, ~)
#define IU_DETAIL_SYSCALLS_PROBE_syscalls ~, 1
#define IU_DETAIL_IS_SYSCALLS(c) IU_DETAIL_PROBE(IU_DETAIL_CAT(IU_DETAIL_SYSCALLS_PROBE_, c))
#define IU_DETAIL_IF(c) IU_DETAIL_CAT(IU_DETAIL_IF_, c)
#define IU_DETAIL_IF_0(then, otherwise) otherwise
#define IU_DETAIL_IF_1(then, otherwise) then

// A raw tracepoint: prog runs in the tracepoint `name` itself (as eBPF's
// raw_tp and tp_btf programs do: no trace event record is made) and takes
// const iu::raw_tracepoint_ctx&, the tracepoint's arguments:
//   IU_RAW_TRACEPOINT(sched_switch, prog);   // arg2() is prev, arg3() next
#define IU_RAW_TRACEPOINT(name, prog)                                                      \
  IU_DETAIL_PROGRAM(IU_PROG_RAW_TRACEPOINT, "raw_tp/" #name, #name, prog,                  \
                    ::iu::raw_tracepoint_ctx, ::iu_raw_tracepoint_ctx)

// The extension's license, recorded in the image note (default "GPL").
#define IU_LICENSE(text)                                                                   \
  [[gnu::used, gnu::section(".iu.license")]] constinit const char __iu_license[] = text
