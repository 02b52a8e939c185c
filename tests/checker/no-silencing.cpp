// No flag or pragma turns a rule off: the checker's errors are plugin
// errors, outside every warning group.
// RUN: not %iucheck -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: not %iucheck -fsyntax-only -w %s 2>&1 | FileCheck %s
// RUN: not %iucheck -fsyntax-only -Wno-error %s 2>&1 | FileCheck %s
// RUN: not %iucheck -fsyntax-only -Wno-everything %s 2>&1 | FileCheck %s
// RUN: not %iucheck -fsyntax-only -w -Wno-everything -Wno-error -Wno-unknown-warning-option -Wno-error=iu-no-pointers %s 2>&1 | FileCheck %s
// RUN: not %iucheck -fsyntax-only -ferror-limit=1 %s 2>&1 | FileCheck --check-prefix=LIMIT %s
// RUN: not %iucheck -fsyntax-only -Wfatal-errors %s 2>&1 | FileCheck --check-prefix=LIMIT %s
// RUN: not %iucheck -fsyntax-only --system-header-prefix=%S -isystem %S %s 2>&1 | FileCheck %s
// RUN: not %iucc -fsyntax-only %s 2>&1 | FileCheck %s
//
// CHECK: no-silencing.cpp:{{[0-9]+}}:{{[0-9]+}}: error: pragmas are not allowed in extensions (only #pragma once) [iu-no-pragmas]
// CHECK: no-silencing.cpp:{{[0-9]+}}:{{[0-9]+}}: error: pragmas are not allowed in extensions (only #pragma once) [iu-no-pragmas]
// CHECK: no-silencing.cpp:{{[0-9]+}}:{{[0-9]+}}: error: pragmas are not allowed in extensions (only #pragma once) [iu-no-pragmas]
// CHECK: no-silencing.cpp:{{[0-9]+}}:{{[0-9]+}}: error: pointer types are not allowed in extensions [iu-no-pointers]
// CHECK: no-silencing.cpp:{{[0-9]+}}:{{[0-9]+}}: error: reinterpret_cast is not allowed in extensions [iu-no-reinterpret-cast]
// CHECK: error{{s?}} generated
//
// With an error limit, clang stops after the first error -- still an error:
// LIMIT: error: pragmas are not allowed in extensions (only #pragma once) [iu-no-pragmas]
// LIMIT-NOT: 0 errors
#include <iu/iu.h>

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Weverything"
#pragma clang diagnostic ignored "-Werror"

namespace {

struct S {
  iu::u32 x;
};

int prog(const iu::kprobe_ctx &ctx) {
  int *p = nullptr;
  return reinterpret_cast<S &>(*p).x + static_cast<int>(ctx.arg1());
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
