// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-extern: call only functions defined here or declared by the runtime.
#include <iu/iu.h>

extern "C" int commit_creds(void *);              // expected-error {{extern "C" and extern "C++" blocks are not allowed in extensions [iu-no-extern]}} expected-note {{define the function in this file}} expected-error {{pointer types}} expected-note {{iu::kptr}}

extern "C" {                                      // expected-error {{extern "C" and extern "C++" blocks are not allowed}} expected-note {{define the function in this file}}
int printk(const char *, ...);                    // expected-error {{pointer types}} expected-note {{iu::kptr}} expected-error {{C variadic functions}} expected-note {{variadic template}}
}

extern int jiffies;                               // expected-error {{extern variables are not allowed}} expected-note {{constexpr}}

namespace ext {
extern int external_function();                   // expected-error {{extern functions are not allowed}} expected-note {{define the function}}
int never_defined();
int local_declaration();
struct Opaque {
  Opaque();                                       // never defined
};
} // namespace ext

namespace {

int forward();                                    // OK: declared here, defined below
int helper() { return forward() + 1; }
int forward() { return 2; }

iu::u64 runtime() { return iu::ktime_get_ns() + iu::current_pid_tgid(); } // OK: the runtime's API

int calls() {
  return ext::never_defined() +                   // expected-error {{call to 'ext::never_defined', which is declared but not defined in this file}} expected-note {{define the function}}
         ext::local_declaration() +               // expected-error {{call to 'ext::local_declaration', which is declared but not defined}} expected-note {{define the function}}
         ext::external_function() +               // expected-error {{call to 'ext::external_function', which is declared but not defined}} expected-note {{define the function}}
         jiffies;
}

int constructs() {
  ext::Opaque o;                                  // expected-error {{call to 'ext::Opaque::Opaque', which is declared but not defined}} expected-note {{define the function}}
  return 0;
}

int prog(const iu::kprobe_ctx &) {
  return helper() + static_cast<int>(runtime()) + calls() + constructs() +
         commit_creds(0) +                        // expected-error {{call to 'commit_creds', which is declared but not defined}} expected-note {{define the function}} expected-error {{pointer types}} expected-note {{iu::kptr}}
         printk("x");                             // expected-error {{call to 'printk', which is declared but not defined}} expected-note {{define the function}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
