// Reads each kind of member of the bindings made from edge.c: nested and
// char arrays, arrays of pointers, embedded structs and unions, pointers
// to declared-only and to no struct, renamed members, a member of an
// unnamed type, an anonymous member, a 128-bit integer.
#include <iu/iu.h>

#include "edge.hpp"

IU_LICENSE("GPL");

using vmlinux::edge;

namespace {

int on_enter(const iu::syscall_enter_ctx &ctx) {
  iu::kptr<edge> e(ctx.arg(0));
  iu::optional<iu::array<iu::array<iu::s32, 3>, 2>> grid = iu::read(e, edge::grid);
  iu::optional<iu::array<iu::kptr<vmlinux::inner>, 4>> ptrs = iu::read(e, edge::ptrs);
  iu::optional<iu::u32> a = iu::read(e, edge::in, vmlinux::inner::a);
  iu::optional<iu::u32> word = iu::read(e, edge::nu, vmlinux::named_union::word);
  iu::optional<iu::kptr<vmlinux::pointed>> p = iu::read(e, edge::p);
  iu::optional<iu::kptr<void>> vp = iu::read(e, edge::vp);
  iu::optional<iu::s32> cls = iu::read(e, edge::new_, vmlinux::new_::class_);
  iu::optional<iu::array<char, 16>> comm = iu::read(e, edge::comm);
  iu::optional<iu::array<iu::u64, 2>> wide = iu::read(e, edge::wide);
  iu::optional<iu::s32> refs = iu::read(e, edge::refs_counter);
  iu::optional<iu::u8> anon = iu::read(e, edge::anon_b);
  iu::optional<iu::u8> flag = iu::read(e, edge::flag);
  int got = 0;
  got += grid ? 1 : 0;
  got += ptrs ? 1 : 0;
  got += a ? 1 : 0;
  got += word ? 1 : 0;
  got += p ? 1 : 0;
  got += vp ? 1 : 0;
  got += cls ? 1 : 0;
  got += comm ? 1 : 0;
  got += wide ? 1 : 0;
  got += refs ? 1 : 0;
  got += anon ? 1 : 0;
  got += flag ? 1 : 0;
  return got;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_getpid, on_enter);
