// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-pragmas: no pragmas but #pragma once; no _Pragma or #ident.
#pragma once // expected-warning {{#pragma once in main file}}
#include <iu/iu.h>

#pragma pack(1)                                   // expected-error {{pragmas are not allowed in extensions (only #pragma once) [iu-no-pragmas]}} expected-note {{compiler settings of extensions are fixed}}
#pragma clang diagnostic ignored "-Weverything"   // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}} (and it silences Clang's warnings below, not the checker's errors)
#pragma GCC optimize("O0")                        // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#pragma clang system_header                       // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#pragma push_macro("IU_STACK_SIZE")               // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#pragma clang optimize off                        // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#pragma omp parallel                              // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#pragma oncely                                    // expected-error {{pragmas are not allowed}} expected-note {{compiler settings}}
#ident "iu"                                       // expected-error {{#ident is not allowed}} expected-note {{remove the directive}}

_Pragma("clang diagnostic push")                  // expected-error {{_Pragma is not allowed in extensions}} expected-note {{compiler settings}}

#define NO_SANITIZE _Pragma("clang attribute push(__attribute__((no_sanitize(\"undefined\"))), apply_to = function)")
NO_SANITIZE                                       // expected-error {{_Pragma is not allowed}} expected-note {{compiler settings}}
#define END _Pragma("clang attribute pop")
END                                               // expected-error {{_Pragma is not allowed}} expected-note {{compiler settings}}

namespace {
int prog(const iu::kprobe_ctx &) { return 0; }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
