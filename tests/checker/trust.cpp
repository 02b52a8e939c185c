// Trust follows the real path of the file each token was spelled in.
// RUN: %iucc -fsyntax-only -Xclang -verify %s
//
// The file being compiled is user code even when it sits inside the
// runtime tree:
// RUN: rm -rf %t && mkdir -p %t/rt && cp -r %runtime_include/. %t/rt/ && cp %s %t/rt/iu/main.cpp
// RUN: %frontend -I %t/rt -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%t/rt -fsyntax-only -Xclang -verify %t/rt/iu/main.cpp
#include <iu/iu.h>

IU_LICENSE("GPL");                                 // OK: the runtime's macro makes a section attribute

namespace {

// A user macro around a runtime macro: the runtime's tokens stay trusted,
// the user's arguments are checked.
#define MY_PROBE(fn, prog) IU_KPROBE(fn, prog)

int prog(const iu::kprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }

// Tokens made by ## and # in a user macro are the user's.
#define CAT(a, b) a##b
int pasted(iu::u32 &v) {
  return CAT(reinterpret, _cast)<int &>(v);        // expected-error {{reinterpret_cast is not allowed}} expected-note {{iu::kptr<T>::as<U>()}}
}
#define STR(x) #x
int stringized() { return *STR(abc); }             // expected-error {{array-to-pointer decay}} expected-note {{index the array}}

// A runtime macro cannot carry user code past the checker: its arguments
// are checked where they are used.
int through_runtime_macro(iu::u64 v) {
  iu::trace_printk("%llu\n", *&v);                 // expected-error {{taking the address}} expected-note {{by reference}}
  return 0;
}

int entry(const iu::kprobe_ctx &ctx) {
  iu::u32 v = 1;
  return prog(ctx) + pasted(v) + stringized() + through_runtime_macro(2);
}

} // namespace

MY_PROBE(__seccomp_filter, entry);
