// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu::uptr<T>, a user-space address, is an opaque integer: it cannot be
// dereferenced, indexed, turned into a pointer or read as kernel memory;
// only iu::probe_read_user / probe_read_user_str follow it, and only into
// plain data.
#include <iu/iu.h>

namespace {

struct Pair {
  iu::u32 a, b;
};

int prog(const iu::syscall_enter_ctx &ctx) {
  iu::uptr<Pair> p(ctx.arg(1));
  auto a = *p;                   // expected-error {{indirection requires pointer operand}}
  auto b = p->a;                 // expected-error {{is not a pointer}} expected-error {{no member named 'a'}}
  auto c = p[0];                 // expected-error {{type 'iu::uptr<Pair>' does not provide a subscript operator}}
  iu::u64 d = p;                 // expected-error {{no viable conversion}}
  auto e = iu::probe_read_kernel(p); // expected-error {{no matching function for call to 'probe_read_kernel'}} expected-note@iu/helpers.h:* {{could not match 'kptr' against 'iu::uptr'}}
  auto f = iu::probe_read_user(iu::uptr<bool>(ctx.arg(2))); // expected-error {{probe_read_user needs a type whose every bit pattern is valid; 'bool' is not [iu-probe-read-plain-types]}} expected-note {{x != 0 for a bool}} expected-error@iu/helpers.h:* {{T must be plain data}} expected-note {{in instantiation of}}

  // What a uptr is for: compared, offset, printed, followed by a fault-safe copy.
  iu::uptr<Pair> q = p.at(1);
  if (q == p || !q)
    return 0;
  iu::trace_printk("%p\n", q);
  auto g = iu::probe_read_user(q);            // OK
  iu::array<char, 16> name{};
  iu::s64 n = iu::probe_read_user_str(q.as<char>(), name); // OK
  return g.has_value() + static_cast<int>(n) + f.has_value();
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_openat, prog);
