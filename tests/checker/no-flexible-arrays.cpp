// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-flexible-arrays: no flexible array members and no zero-length
// arrays; a trailing array member keeps its declared bound.
#include <iu/iu.h>

namespace {

struct event {
  iu::u64 id;
  iu::u64 args[6];                                 // OK: checked against 6
};

struct flexible {
  iu::u64 len;
  iu::u64 tail[];                                  // expected-error {{flexible array members are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
};

struct zero_length {
  iu::u64 len;
  iu::u64 tail[0];                                 // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
};

struct nested {
  iu::u64 len;
  iu::u64 rows[2][0];                              // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
};

template <int N> struct sized {
  iu::u64 tail[N];                                 // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
};

template <class T> struct holder {
  T value;                                         // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
};

int use() {
  event e{};
  sized<2> ok{};
  sized<0> bad{};
  holder<int[0]> h{};                              // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
  int local[0];                                    // expected-error {{zero-length arrays are not allowed in extensions [iu-no-flexible-arrays]}} expected-note {{number of elements}}
  return static_cast<int>(e.args[5] + ok.tail[1]) + sizeof(bad) + sizeof(h) + sizeof(local);
}

} // namespace

static int prog(const iu::syscall_tp_ctx &) { return use(); }
IU_TRACEPOINT(syscalls, sys_enter_write, prog);
