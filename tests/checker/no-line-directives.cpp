// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-line-directives: no #line or GNU linemarkers, and code after one
// is checked exactly as before (a linemarker's "system header" flag is not
// trusted).
#include <iu/iu.h>

namespace {
int before() { return 1; }
} // namespace

// The error points at the directive's real line: the expectations sit on
// the line before it (a directive changes what the lines after it are called).
// expected-error@+1 {{#line and line markers are not allowed in extensions [iu-no-line-directives]}} expected-note@+1 {{real source}}
#line 500
int *after_line();                                // expected-error {{pointer types}} expected-note {{iu::kptr}}
// expected-error@+1 {{#line and line markers are not allowed}} expected-note@+1 {{real source}}
#line 600 "other.cpp"
// expected-error@+1 {{#line and line markers are not allowed}} expected-note@+1 {{real source}}
# 1 "/usr/include/iu/iu.h" 3
int *in_fake_system_header();                     // expected-error {{pointer types}} expected-note {{iu::kptr}}
// expected-error@+1 {{#line and line markers are not allowed}} expected-note@+1 {{real source}}
# 7 "<built-in>" 3 4
int *in_fake_builtin();                           // expected-error {{pointer types}} expected-note {{iu::kptr}}

namespace {
int prog(const iu::kprobe_ctx &) { return before(); }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
