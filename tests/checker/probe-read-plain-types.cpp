// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-probe-read-plain-types: probe_read_kernel<T> only for types whose every
// bit pattern is valid.
#include <iu/iu.h>

namespace {

struct Plain {                                    // integers, arrays and nested structs of them
  iu::u32 pid;
  iu::s64 counts[4];
  struct {
    iu::u16 a, b;
  } inner;
  iu::kptr<Plain> next;                           // a kernel address is an integer
};

enum class State : iu::u8 { Idle, Busy };

struct WithBool {
  iu::u32 id;
  bool valid;
};

struct WithEnum {
  State state;
};

struct Nested {
  WithBool inner;
};

int accepted(const iu::kprobe_ctx &ctx) {
  iu::kptr<Plain> p(ctx.arg1());
  auto a = iu::probe_read_kernel(p);              // OK
  auto b = iu::probe_read_kernel(iu::kptr<iu::u64>(ctx.arg2())); // OK
  auto c = iu::probe_read_kernel(iu::kptr<iu::pt_regs>(ctx.arg3())); // OK
  return a.has_value() + b.has_value() + c.has_value();
}

int rejected(const iu::kprobe_ctx &ctx) {
  auto a = iu::probe_read_kernel(iu::kptr<bool>(ctx.arg1())); // expected-error {{probe_read_kernel needs a type whose every bit pattern is valid; 'bool' is not [iu-probe-read-plain-types]}} expected-note {{x != 0 for a bool}} expected-error@iu/helpers.h:* {{T must be plain data}} expected-note {{in instantiation of}}
  auto b = iu::probe_read_kernel(iu::kptr<WithBool>(ctx.arg2())); // expected-error {{needs a type whose every bit pattern is valid; 'bool' is not}} expected-note {{x != 0 for a bool}}
  auto c = iu::probe_read_kernel(iu::kptr<WithEnum>(ctx.arg3())); // expected-error {{'State' is not}} expected-note {{a switch for an enum}}
  auto d = iu::probe_read_kernel(iu::kptr<Nested>(ctx.arg4())); // expected-error {{'bool' is not}} expected-note {{x != 0 for a bool}}
  return a.has_value() + b.has_value() + c.has_value() + d.has_value();
}

template <class T> int via_template(iu::u64 addr) {
  return iu::probe_read_kernel(iu::kptr<T>(addr)).has_value(); // expected-error {{'bool' is not}} expected-note {{x != 0 for a bool}}
}

using Alias = WithBool;
int via_alias(iu::u64 addr) {
  return iu::probe_read_kernel(iu::kptr<Alias>(addr)).has_value(); // expected-error {{'bool' is not}} expected-note {{x != 0 for a bool}}
}

int prog(const iu::kprobe_ctx &ctx) {
  return accepted(ctx) + rejected(ctx) + via_template<WithBool>(ctx.arg1()) + via_alias(ctx.arg2());
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
