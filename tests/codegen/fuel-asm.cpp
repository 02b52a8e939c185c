// Fuel in the generated code, at -O2 and -O0: a function with a loop loads
// iu_run.fuel from the base of the iu stack (rsp & ~0xffff), decrements it on
// the back-edge and calls __iu_fuel_exhausted (directly, no PLT/GOT) when it
// goes negative; a loop-free function has none of it.
// RUN: %iucc -c %s -o %t.o
// RUN: llvm-objdump -d -r --no-show-raw-insn %t.o | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %iucc -O0 -c %s -o %t0.o
// RUN: llvm-objdump -d -r --no-show-raw-insn %t0.o | FileCheck %s
// iu-cc passes -Rpass-missed on: collatz_steps' loop has no trip count
// (reported twice: it is also inlined into prog).
// RUN: %iucc -Rpass-missed=iu-fuel -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK-COUNT-2: fuel-asm.cpp:[[@LINE+20]]:3: remark: loop charged at each back-edge: no exact trip count and no small constant bound [-Rpass-missed=iu-fuel]
// REMARK-NOT: remark:
#include <iu/iu.h>

IU_LICENSE("GPL");

// CHECK-LABEL: <_Z13collatz_stepsm>:
// CHECK:       andq {{\$-0x10000|\$-65536}}, %r
// At -O2 the fuel stays in a register: the back-edge is a decrement and a
// conditional jump back to the loop header.
// O2:          decq %r
// O2-NEXT:     jns
// CHECK:       R_X86_64_PLT32 __iu_fuel_exhausted-0x4
// CHECK-LABEL: <_Z7no_loopm>:
// CHECK-NOT:   {{\$-0x10000|\$-65536}}
// CHECK-NOT:   __iu_fuel_exhausted
// CHECK:       Disassembly of section

iu::u64 collatz_steps(iu::u64 n) {
  iu::u64 steps = 0;
  while (n > 1) {
    n = (n & 1) ? (n >> 1) + n + 1 : n >> 1;
    ++steps;
  }
  return steps;
}

iu::u64 no_loop(iu::u64 x) { return (x ^ (x >> 7)) + 3; }

namespace {

int prog(const iu::kprobe_ctx &ctx) {
  return static_cast<int>(collatz_steps(ctx.arg1()) + no_loop(ctx.arg2()));
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
