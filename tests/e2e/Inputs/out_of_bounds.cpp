// Shapes of out-of-bounds access that must end the invocation with an
// index report at the access's line, never touch memory the object does
// not own. One shape per -D flag (see ../memory-safety.test). The index
// comes from the context (a zeroed context gives nr() == 0), so no check
// can be decided at compile time.
#include <iu/iu.h>

namespace {

struct event {
  iu::u64 id;
  iu::u64 args[6]; // trailing: clang treats it as flexible without -fstrict-flex-arrays=3
};
struct inner {
  iu::u64 n;
  iu::u64 tail[2];
};
struct outer {
  inner in; // a struct whose trailing array is not the outer's last field
  iu::u64 secret;
};
struct nested {
  iu::u64 n;
  inner rows[2]; // trailing array of structs with trailing arrays
};

int prog(const iu::syscall_tp_ctx &ctx) {
  iu::u64 base = static_cast<iu::u64>(ctx.nr());
  iu::u64 sum = 0;
#if defined(TRAILING_WRITE_LOOP)
  event e{};
  for (iu::u64 i = base; i < base + 512; ++i)
    e.args[i] = i; // LINE-TRAILING_WRITE_LOOP
  sum = e.id;
#elif defined(TRAILING_READ)
  event e{};
  sum = e.args[base + 6]; // LINE-TRAILING_READ
#elif defined(FAR_INDEX)
  event e{};
  e.args[base + (1u << 22)] = 1; // LINE-FAR_INDEX
  sum = e.id;
#elif defined(COMPUTED_INDEX)
  event e{};
  iu::u64 k = (base * 7 + 13) % 11; // 13 % 11 == 2... then scaled past the end
  e.args[k * 4] = 1; // LINE-COMPUTED_INDEX
  sum = e.id;
#elif defined(STRUCT_IN_ARRAY)
  inner arr[3]{};
  sum = arr[1].tail[base + 2]; // LINE-STRUCT_IN_ARRAY
#elif defined(NESTED_TRAILING)
  outer o{};
  o.secret = 42;
  sum = o.in.tail[base + 2]; // LINE-NESTED_TRAILING
#elif defined(NESTED_TRAILING_ROWS)
  nested n{};
  sum = n.rows[1].tail[base + 3]; // LINE-NESTED_TRAILING_ROWS
#elif defined(COMM_SCAN)
  iu::comm_t c = iu::current_comm();
  for (iu::u64 i = base; i < base + 100000; ++i)
    sum += static_cast<iu::u64>(c.chars[i]); // LINE-COMM_SCAN
#elif defined(ITERATOR_MISMATCH)
  iu::array<iu::u64, 2> a{}, b{};
  a[base] = 1;
  auto it = a.begin();
  auto end = b.end();
  iu::u64 steps = 0;
  while (it != end && steps < 1000) {
    sum += *it;
    ++it;
    ++steps;
  }
#elif defined(VIEW_ITERATOR_MISMATCH)
  iu::array<iu::u64, 2> a{};
  iu::array<iu::u64, 8> b{};
  iu::view<iu::u64> va(a), vb(b);
  auto it = va.begin();
  auto end = vb.end();
  while (it != end) {
    sum += *it;
    ++it;
  }
#else
#error "choose a shape with -D"
#endif
  return static_cast<int>(sum);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
