// Every trace_printk conversion, formatted inside the image and printed by
// the user backend.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %iucc %s -o %t/formats.iu
// RUN: %iuload --test-run formats %t/formats.iu | FileCheck %s
#include <iu/iu.h>

static int formats(const iu::syscall_tp_ctx &) {
  // CHECK: bpf_trace_printk: d=-42 i=7 u=4294967295 x=ff X=FF
  iu::trace_printk("d=%d i=%i u=%u x=%x X=%X\n", -42, 7, 4294967295u, 255, 255);
  // CHECK: bpf_trace_printk: ld=-9000000000 lu=18446744073709551615 llx=deadbeefcafe
  iu::trace_printk("ld=%ld lu=%lu llx=%llx\n", -9000000000ll, ~0ull, 0xdeadbeefcafeull);
  // CHECK: bpf_trace_printk: c=z s=hello p=0xffff888000001000 %
  const char word[] = "hello";
  iu::trace_printk("c=%c s=%s p=%p %%\n", 'z', word, iu::kptr<int>(0xffff888000001000ull));
  // CHECK: bpf_trace_printk: comm=iu-load
  iu::trace_printk("comm=%s\n", iu::current_comm());
  // CHECK: bpf_trace_printk: min=-2147483648 max=2147483647
  iu::trace_printk("min=%d max=%d\n", -2147483647 - 1, 2147483647);
  return 0;
}
IU_TRACEPOINT(syscalls, sys_enter_write, formats);
