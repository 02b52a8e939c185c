// When the check fails, no output file is written -- not by iu-cc, not by
// clang with the plugin, not even when -verify makes clang exit 0.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %iucc %s -o %t/out.iu
// RUN: not ls %t/out.iu
// RUN: not %iucc -c %s -o %t/out.o
// RUN: not ls %t/out.o
// RUN: not %iucheck -c %s -o %t/clang.o
// RUN: not ls %t/clang.o
// RUN: %iucheck -Xclang -verify -c %s -o %t/verified.o
// RUN: not ls %t/verified.o
#include <iu/iu.h>

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  int x = static_cast<int>(ctx.arg1());
  int *p = &x; // expected-error {{pointer types are not allowed in extensions [iu-no-pointers]}} expected-note {{iu::kptr}}
  return *p;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
