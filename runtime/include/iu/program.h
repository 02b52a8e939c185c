// Declaring programs. A program is an ordinary function taking its context
// by const reference and returning an integer:
//
//   static int trace_write(const iu::kprobe_ctx &ctx) { ... }
//   IU_KPROBE(__seccomp_filter, trace_write);
//
//   static int hello(const iu::syscall_tp_ctx &ctx) { ... }
//   IU_TRACEPOINT(syscalls, sys_enter_write, hello);
//
// Each macro emits the entry trampoline (in a libbpf-style section such as
// "kprobe/__seccomp_filter") and the program's entry in the program table
// (section ".iu.progs"), the loader's source of truth.
#pragma once
#include <iu/abi.h>
#include <iu/context.h>
#include <iu/types.h>

namespace iu::detail {

// The invocation state lives at the base of the iu stack the host runs us
// on (abi.h), so it is found from the stack pointer alone.
inline iu_run *current_run() {
  u64 sp = reinterpret_cast<u64>(__builtin_frame_address(0));
  return reinterpret_cast<iu_run *>(sp & ~static_cast<u64>(IU_STACK_SIZE - 1));
}

// The entry trampoline: sets the landing point a panic or fuel exhaustion
// unwinds to from any depth, then calls the program. It must not tail-call
// the program: the landing point lives in this frame.
template <auto Program, class Ctx, class Raw>
[[clang::disable_tail_calls]] inline iu_s64 enter(void *raw) {
  iu_run *run = current_run();
  run->status = IU_RUN_OK;
  if (__builtin_setjmp(reinterpret_cast<void **>(run->landing)) != 0)
    return IU_PANIC_RETURN;
  const Ctx ctx(static_cast<const Raw *>(raw));
  return static_cast<iu_s64>(Program(ctx));
}

// Only syscall-entry tracepoints have a context type today; any other
// would be read as the wrong record.
consteval bool is_syscall_enter_tracepoint(const char *category, const char *event) {
  const char want_category[] = "syscalls", want_prefix[] = "sys_enter_";
  for (unsigned i = 0; i < sizeof(want_category); ++i)
    if (category[i] != want_category[i])
      return false;
  for (unsigned i = 0; i + 1 < sizeof(want_prefix); ++i)
    if (event[i] != want_prefix[i])
      return false;
  return event[sizeof(want_prefix) - 1] != 0;
}

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
  [[gnu::used, gnu::section(".iu.progs")]] constinit const ::iu::detail::prog_desc         \
      __iu_prog_##prog = {IU_PROG_MAGIC, type, #prog, target, &__iu_entry_##prog, {0, 0}}

// A kprobe on kernel function `func`; prog takes const iu::kprobe_ctx&.
#define IU_KPROBE(func, prog)                                                              \
  IU_DETAIL_PROGRAM(IU_PROG_KPROBE, "kprobe/" #func, #func, prog, ::iu::kprobe_ctx,        \
                    ::iu::pt_regs)

// A syscall-entry tracepoint, e.g. IU_TRACEPOINT(syscalls, sys_enter_write, prog);
// prog takes const iu::syscall_tp_ctx&.
#define IU_TRACEPOINT(category, event, prog)                                               \
  static_assert(::iu::detail::is_syscall_enter_tracepoint(#category, #event),              \
                "IU_TRACEPOINT supports syscalls/sys_enter_<name> tracepoints only");      \
  IU_DETAIL_PROGRAM(IU_PROG_TRACEPOINT, "tracepoint/" #category "/" #event,                \
                    #category "/" #event, prog, ::iu::syscall_tp_ctx,                      \
                    ::iu::syscall_enter_record)

// The extension's license, recorded in the image note (default "GPL").
#define IU_LICENSE(text)                                                                   \
  [[gnu::used, gnu::section(".iu.license")]] constinit const char __iu_license[] = text
