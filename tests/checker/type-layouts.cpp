// types-out=<file>: the plugin writes the layouts of the file's map and
// configuration types (what iu-cc links into .iu.types), only when every
// rule passes; the argument is given at most once.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %iucheck -Xclang -plugin-arg-iucheck -Xclang types-out=%t/out.json -fsyntax-only %s
// RUN: FileCheck %s --input-file %t/out.json --match-full-lines
// RUN: not %iucheck -Xclang -plugin-arg-iucheck -Xclang types-out=%t/a -Xclang -plugin-arg-iucheck -Xclang types-out=%t/b -fsyntax-only %s 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: not %iucheck -Xclang -plugin-arg-iucheck -Xclang types-out= -fsyntax-only %s 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: not %iucheck -Xclang -plugin-arg-iucheck -Xclang types-out=%t/no/such/dir/out.json -fsyntax-only %s 2>&1 | FileCheck --check-prefix=NOWRITE %s
// RUN: not %iucheck -DBROKEN -Xclang -plugin-arg-iucheck -Xclang types-out=%t/broken.json -fsyntax-only %s 2>/dev/null
// RUN: not ls %t/broken.json
//
// TWICE: fatal error: iu checker: types-out needs one file name; refusing to compile [iu-checker]
// NOWRITE: fatal error: iu checker: cannot write '{{.*}}/no/such/dir/out.json': {{.*}} [iu-checker]
//
// CHECK: {"format":"iu-types","version":1,
// CHECK-NEXT: "types":[
// CHECK-NEXT: {"kind":"int","name":"iu::u32","size":4,"signed":false},
// CHECK-NEXT: {"kind":"int","name":"iu::u16","size":2,"signed":false},
// CHECK-NEXT: {"kind":"struct","name":"pair_t","size":8,"fields":[{"name":"lo","offset":0,"type":1},{"name":"hi","offset":4,"type":0}]},
// CHECK-NEXT: {"kind":"struct","name":"wide::entry","size":16,"fields":[{"name":"id","offset":0,"type":0},{"name":"p","offset":4,"type":2}]},
// CHECK-NEXT: {"kind":"int","name":"iu::u64","size":8,"signed":false},
// CHECK-NEXT: {"kind":"chars","name":"name_t","size":12}],
// CHECK-NEXT: "maps":{
// CHECK-NEXT: "entries":{"key":0,"value":3},
// CHECK-NEXT: "local":{"key":1,"value":4}},
// CHECK-NEXT: "configs":{
// CHECK-NEXT: "who":5}}
#include <iu/iu.h>

struct pair_t {
  iu::u16 lo; // 2 bytes of padding after
  iu::u32 hi;
};
namespace wide {
struct entry {
  iu::u32 id;
  pair_t p;
  iu::u32 bits : 3; // bit-fields are not described
};
} // namespace wide
using name_t = iu::array<char, 12>;

IU_MAP(entries, iu::hash_map<iu::u32, wide::entry, 16>);
namespace inner {
// In a named namespace: keyed by the variable's own name.
IU_MAP(local, iu::hash_map<iu::u16, iu::u64, 4>);
} // namespace inner
IU_CONFIG(name_t, who, "x");

#ifdef BROKEN
int *p;
#endif

namespace {
int prog(const iu::kprobe_ctx &) {
  inner::local.update(1, 2);
  return entries.lookup(who.get()[0]) ? 1 : 0;
}
} // namespace

IU_KPROBE(__seccomp_filter, prog);
