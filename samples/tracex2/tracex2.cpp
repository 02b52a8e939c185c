// tracex2: Linux's samples/bpf/tracex2.bpf.c in iu.
//
//  - bpf_prog2 counts, per call site, the skbs the kernel frees: a kprobe
//    whose context's stack pointer holds the caller's return address (the
//    original's BPF_KPROBE_READ_RET_IP), counted in a hash map. The
//    original probes kfree_skb_reason; that is a function on 6.1 but an
//    inline wrapper on 6.12 (sk_skb_reason_drop does the work there), so
//    this port probes consume_skb, which is a real, probe-able function
//    with the same role on both kernels.
//  - bpf_prog3 keeps a log2 histogram of write(2) sizes per task in a
//    per-CPU hash (the original's ksyscall/write is a kprobe on the
//    syscall; the sys_enter_write tracepoint hands us the same count).
#include <iu/iu.h>

#include "tracex2.h"

IU_LICENSE("GPL");

IU_MAP(my_map, iu::hash_map<iu::s64, iu::s64, 1024>);
IU_MAP(my_hist_map, iu::percpu_hash<hist_key, iu::s64, 1024>);

namespace {

int bpf_prog2(const iu::kprobe_ctx &ctx) {
  // Read where consume_skb was called from: the return address at the top
  // of the stack at function entry. A fault-tolerant copy: 0 if unreadable.
  iu::s64 loc = static_cast<iu::s64>(
      iu::probe_read_kernel(iu::kptr<iu::u64>(ctx.sp())).value_or(0));
  if (!my_map.add(loc, 1))
    my_map.update(loc, 1);
  return 0;
}

int bpf_prog3(const iu::syscall_enter_ctx &ctx) {
  hist_key key{};
  key.index = iu::log2l(ctx.arg(2)); // write(fd, buf, count)
  key.pid_tgid = iu::current_pid_tgid();
  key.uid_gid = iu::current_uid_gid();
  iu::comm_t comm = iu::current_comm();
  for (unsigned i = 0; i < TRACEX2_COMM_LEN; ++i)
    key.comm[i] = comm.chars[i];
  // The original: lookup, then __sync_fetch_and_add through the pointer,
  // or create the entry.
  if (!my_hist_map.update_with(key, [](iu::s64 &value) { iu::atomic_add(value, 1); }))
    my_hist_map.update(key, 1);
  return 0;
}

} // namespace

IU_KPROBE(consume_skb, bpf_prog2);
IU_TRACEPOINT(syscalls, sys_enter_write, bpf_prog3);
