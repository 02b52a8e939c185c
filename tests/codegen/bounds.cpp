// Index checks end the invocation with "index out of bounds" and the line of
// the indexing expression: iu::array and iu::view through iu::index (the
// runtime's __iu_panic), plain C arrays through -fsanitize=array-bounds.
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %iucc %s -o bounds.iu
// RUN: llvm-objdump -d bounds.iu | FileCheck %s --check-prefix=CODE
// CODE-DAG: <__iu_panic>:
// CODE-DAG: <__ubsan_handle_out_of_bounds_abort>:
//
// Contexts: pt_regs, di (arg1) at byte 112 and si (arg2) at byte 104.
// RUN: %python -c "import struct,sys; r=[0]*21; r[14]=2; r[13]=1; sys.stdout.buffer.write(struct.pack('<21Q',*r))" > ok.ctx
// RUN: %python -c "import struct,sys; r=[0]*21; r[14]=8; r[13]=1; sys.stdout.buffer.write(struct.pack('<21Q',*r))" > array.ctx
// RUN: %python -c "import struct,sys; r=[0]*21; r[14]=2; r[13]=8; sys.stdout.buffer.write(struct.pack('<21Q',*r))" > view.ctx
// RUN: %python -c "import struct,sys; r=[0]*21; r[14]=2; r[13]=5; sys.stdout.buffer.write(struct.pack('<21Q',*r))" > carray.ctx
// RUN: %iuload --test-run prog --ctx ok.ctx bounds.iu | FileCheck %s --check-prefix=OK
// OK: return value: 35
// OK: status: ok
// A panic makes iu-load exit non-zero.
// RUN: not %iuload --test-run prog --ctx array.ctx bounds.iu | FileCheck %s --check-prefix=ARRAY
// RUN: not %iuload --test-run prog --ctx view.ctx bounds.iu | FileCheck %s --check-prefix=VIEW
// RUN: not %iuload --test-run prog --ctx carray.ctx bounds.iu | FileCheck %s --check-prefix=CARRAY
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

iu::u64 sum(iu::view<const iu::u64> v, iu::u64 last) {
  iu::u64 s = 0;
  for (iu::u64 x : v)
    s += x;
  return s + v[last]; // VIEW: status: panicked: index out of bounds at {{.*}}bounds.cpp:[[# @LINE]]{{$}}
}

// Range-for over an iu::array, read-only and in place.
iu::u64 total(const iu::array<iu::u64, 8> &a) {
  iu::u64 s = 0;
  for (iu::u64 x : a)
    s += x;
  return s;
}

int prog(const iu::kprobe_ctx &ctx) {
  iu::array<iu::u64, 8> a{};
  a[ctx.arg1()] = 5; // ARRAY: status: panicked: index out of bounds at {{.*}}bounds.cpp:[[# @LINE]]{{$}}
  for (iu::u64 &x : a)
    x *= 2;
  iu::u64 r_total = total(a);
  iu::u64 r = sum(a, ctx.arg2());
  iu::u64 c[4] = {1, 2, 3, 4};
  c[ctx.arg2()] += 1; // CARRAY: status: panicked: index out of bounds at {{.*}}bounds.cpp:[[# @LINE]]{{$}}
  return static_cast<int>(r + sum(c, 3) + r_total);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
