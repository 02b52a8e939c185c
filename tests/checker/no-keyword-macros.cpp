// RUN: %iucc -fsyntax-only -Xclang -verify %s
// RUN: not %iucc -fsyntax-only -Dprivate=public %s 2>&1 | FileCheck --check-prefix=CMDLINE %s
// iu-no-keyword-macros: no macros named like keywords, in the file or on
// the command line.
// CMDLINE: error: macro 'private' is named like a keyword [iu-no-keyword-macros]
#include <iu/iu.h>

#define private public                            // expected-error {{macro 'private' is named like a keyword [iu-no-keyword-macros]}} expected-note {{not a C++ keyword}}
#define const                                     // expected-error {{macro 'const' is named like a keyword}} expected-note {{not a C++ keyword}}
#define final                                     // expected-error {{macro 'final' is named like a keyword}} expected-note {{not a C++ keyword}}
#define reinterpret_cast static_cast              // expected-error {{macro 'reinterpret_cast' is named like a keyword}} expected-note {{not a C++ keyword}}
#define asm(x)                                    // expected-error {{macro 'asm' is named like a keyword}} expected-note {{not a C++ keyword}}
#define __attribute__(x)                          // expected-error {{macro '__attribute__' is named like a keyword}} expected-note {{not a C++ keyword}}
#undef private
#undef const
#undef final
#undef reinterpret_cast
#undef asm
#undef __attribute__

#define MY_MACRO 1                                // OK

namespace {
int prog(const iu::kprobe_ctx &) { return MY_MACRO; }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
