// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-goto: no goto, labels or computed goto.
#include <iu/iu.h>

namespace {

int accepted(int n) {                             // OK: structured control flow
  int s = 0;
  for (int i = 0; i < n; ++i) {
    if (i == 3)
      continue;
    if (i > 7)
      break;
    s += i;
  }
  while (s > 100)
    s /= 2;
  do {
    --s;
  } while (s > 50);
  switch (s) {
  case 1:
    return 1;
  case 2:
    [[fallthrough]];
  default:
    return s;
  }
}

int with_goto(int n) {
  if (n)
    goto done;                                    // expected-error {{goto is not allowed in extensions [iu-no-goto]}} expected-note {{loops with break and continue}}
  n = 1;
done:                                             // expected-error {{labels are not allowed}} expected-note {{loops with break and continue}}
  return n;
}

int computed(int n) {
  void *target = n ? &&one : &&two;               // expected-error {{label addresses are not allowed}} expected-note {{loops with break and continue}} expected-error {{pointer types}} expected-note {{iu::kptr}}
  goto *target;                                   // expected-error {{goto is not allowed}} expected-note {{loops with break and continue}}
one:                                              // expected-error {{labels are not allowed}} expected-note {{loops with break and continue}}
  return 1;
two:                                              // expected-error {{labels are not allowed}} expected-note {{loops with break and continue}}
  return 2;
}

#define JUMP(l) goto l
int via_macro(int n) {
  JUMP(out);                                      // expected-error {{goto is not allowed}} expected-note {{loops with break and continue}}
out:                                              // expected-error {{labels are not allowed}} expected-note {{loops with break and continue}}
  return n;
}

int prog(const iu::kprobe_ctx &) { return accepted(9) + with_goto(0) + computed(1) + via_macro(2); }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
