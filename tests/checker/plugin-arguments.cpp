// The plugin refuses to run -- so nothing compiles -- without a valid
// runtime-dir argument (fail closed), and trusts exactly that directory.
// RUN: rm -rf %t && mkdir -p %t/empty
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -fsyntax-only %s 2>&1 | FileCheck --check-prefix=MISSING %s
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=relative/dir -fsyntax-only %s 2>&1 | FileCheck --check-prefix=RELATIVE %s
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%t/nonexistent -fsyntax-only %s 2>&1 | FileCheck --check-prefix=NODIR %s
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%runtime_include -Xclang -plugin-arg-iucheck -Xclang runtime-dir=/ -fsyntax-only %s 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang trust-everything -fsyntax-only %s 2>&1 | FileCheck --check-prefix=UNKNOWN %s
// RUN: not %frontend -I %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%runtime_include -c %s -o %t/never.o -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%t/empty
// RUN: not ls %t/never.o
//
// The runtime headers, found through -isystem (so "system headers"), are
// not trusted when runtime-dir names another directory:
// RUN: not %frontend -isystem %runtime_include -fplugin=%plugin -Xclang -plugin-arg-iucheck -Xclang runtime-dir=%t/empty -ferror-limit=0 -fsyntax-only %s 2>&1 | FileCheck --check-prefix=UNTRUSTED %s
// RUN: %iucheck -fsyntax-only %s
//
// MISSING: fatal error: iu checker: missing plugin argument runtime-dir=<trusted runtime include directory>; refusing to compile [iu-checker]
// RELATIVE: fatal error: iu checker: runtime-dir must be an absolute path: 'relative/dir' [iu-checker]
// NODIR: fatal error: iu checker: runtime-dir is not a directory
// TWICE: fatal error: iu checker: runtime-dir given more than once; refusing to compile [iu-checker]
// UNKNOWN: fatal error: iu checker: unknown plugin argument 'trust-everything' [iu-checker]
// UNTRUSTED: error: #include of 'iu/iu.h' resolves outside the runtime include tree and the user's header directories [iu-include-outside-runtime]
// UNTRUSTED: iu/program.h:{{[0-9]+}}:{{[0-9]+}}: error: {{.*}} [iu-
#include <iu/iu.h>

namespace {
int prog(const iu::kprobe_ctx &ctx) { return static_cast<int>(ctx.arg1()); }
} // namespace

IU_KPROBE(__seccomp_filter, prog);
