// RUN: rm -rf %t && mkdir -p %t/inc/sub %t/rt %t/outside
// RUN: cp %S/Inputs/other.h %t/inc/other.h
// RUN: ln -s %S/Inputs/linked.h %t/inc/link.h
// RUN: ln -s %runtime_include/iu/iu.h %t/inc/runtime-alias.h
// RUN: cp %S/Inputs/user.h %t/outside/user.h && ln -s %t/outside/user.h %t/inc/escape.h
// RUN: %iucc -fsyntax-only -Xclang -verify -I %t/inc %s
// RUN: %iucc -fsyntax-only -Xclang -verify -I %t/inc -DTRICKS %s
// RUN: %iucc -fsyntax-only -Xclang -verify -I %t/inc -DOUTSIDE -DOUTSIDE_FILE='"%t/outside/user.h"' %s
//
// A symlink inside the runtime tree that points out of it is not trusted:
// RUN: cp -r %runtime_include/. %t/rt/ && ln -s %t/outside/user.h %t/rt/iu/evil.h
// RUN: %frontend -I %t/rt -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%t/rt -fsyntax-only -Xclang -verify -DEVIL %s
//
// iu-include-outside-runtime: #include resolves only inside the runtime tree
// or the user's own header directories (the source file's directory, -I
// directories), by real path; whatever gets in is checked as user code.
#include <iu/types.h>                              // OK
#include <iu/../iu/helpers.h>                      // OK: still the runtime
#if defined(EVIL)
#include <iu/evil.h>                               // expected-error {{#include of 'iu/evil.h' resolves outside the runtime include tree and the user's header directories [iu-include-outside-runtime]}} expected-note {{include runtime headers}}
// expected-error@iu/evil.h:4 {{pointer types}} expected-note@iu/evil.h:4 {{iu::kptr}}
#include <stdint.h>                                // expected-error {{#include of 'stdint.h' resolves outside the runtime include tree}} expected-note {{include runtime headers}}
#elif defined(OUTSIDE)
#include OUTSIDE_FILE                              // expected-error {{resolves outside the runtime include tree and the user's header directories}} expected-note {{include runtime headers}}
// expected-error@escape.h:4 {{pointer types}} expected-note@escape.h:4 {{iu::kptr}}
#include <escape.h>                                // expected-error {{#include of 'escape.h' resolves outside}} expected-note {{include runtime headers}}
#elif defined(TRICKS)
#include <sub/../other.h>                          // OK: under -I, by real path
#include <link.h>                                  // OK: a symlink to a file next to the source
#include "Inputs/system-claim.h"                   // OK: next to the source, and checked as user code
// expected-error@Inputs/system-claim.h:2 {{pragmas are not allowed}} expected-note@Inputs/system-claim.h:2 {{compiler settings}}
// expected-error@Inputs/system-claim.h:3 {{pointer types}} expected-note@Inputs/system-claim.h:3 {{iu::kptr}}
const char data[] = {
#embed "Inputs/other.h"                            // expected-error {{#embed is not allowed in extensions}} expected-note {{constexpr array}} expected-warning {{#embed is a Clang extension}}
};
int use_headers() { return other_header() + linked_header(); }
#else
namespace evil {
#include <iu/syscalls.h>                           // expected-error {{runtime headers must be included at file scope}} expected-note {{move the #include out}}
}
extern "C++" {                                     // expected-error {{extern "C" and extern "C++" blocks are not allowed}} expected-note {{define the function}}
#include <iu/printk.h>                             // expected-error {{runtime headers must be included at file scope}} expected-note {{move the #include out}}
}
#include "Inputs/user.h"                           // OK: a user header, checked as user code
// expected-error@Inputs/user.h:4 {{pointer types}} expected-note@Inputs/user.h:4 {{iu::kptr}}
#endif

#ifndef EVIL
#include <runtime-alias.h>                         // OK: a symlink to a runtime header is the runtime
#endif
#include <iu/iu.h>

namespace {
int prog(const iu::kprobe_ctx &) { return 0; }
IU_KPROBE(__seccomp_filter, prog);                 // OK: a runtime macro inside a namespace
} // namespace
