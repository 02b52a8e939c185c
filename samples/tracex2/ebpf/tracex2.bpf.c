// SPDX-License-Identifier: GPL-2.0
/*
 * tracex2 in eBPF: the reference the VM tests compare iu's port
 * (samples/tracex2/tracex2.cpp) against. Linux samples/bpf's
 * tracex2.bpf.c (libbpf 1.x, BTF-defined maps of the same names, types and
 * sizes), with the port's choices so that the two see the same events:
 *
 *  - bpf_prog2 probes consume_skb, not kfree_skb_reason: that is a
 *    function on 6.1 but an inline wrapper on 6.12;
 *  - bpf_prog3 is the syscalls/sys_enter_write tracepoint (the original's
 *    ksyscall/write reads the same count argument, but through CO-RE reads
 *    of the kernel's struct pt_regs, which needs the kernel's vmlinux.h);
 *  - my_map's count is added atomically (the original's `*value += 1`
 *    can lose a count when two CPUs free skbs from one place at once; the
 *    port's add() cannot).
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, long);
	__type(value, long);
	__uint(max_entries, 1024);
} my_map SEC(".maps");

SEC("kprobe/consume_skb")
int bpf_prog2(struct pt_regs *ctx)
{
	long loc = 0;
	long init_val = 1;
	long *value;

	/* read ip of consume_skb caller.
	 * non-portable version of __builtin_return_address(0)
	 */
	BPF_KPROBE_READ_RET_IP(loc, ctx);

	value = bpf_map_lookup_elem(&my_map, &loc);
	if (value)
		__sync_fetch_and_add(value, 1);
	else
		bpf_map_update_elem(&my_map, &loc, &init_val, BPF_ANY);
	return 0;
}

static unsigned int log2(unsigned int v)
{
	unsigned int r;
	unsigned int shift;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static unsigned int log2l(unsigned long v)
{
	unsigned int hi = v >> 32;

	if (hi)
		return log2(hi) + 32;
	else
		return log2(v);
}

struct hist_key {
	char comm[16];
	__u64 pid_tgid;
	__u64 uid_gid;
	__u64 index;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(key_size, sizeof(struct hist_key));
	__uint(value_size, sizeof(long));
	__uint(max_entries, 1024);
} my_hist_map SEC(".maps");

/* The sys_enter_* tracepoints' record. */
struct syscalls_enter_args {
	unsigned long long unused;
	long syscall_nr;
	unsigned long args[6];
};

SEC("tracepoint/syscalls/sys_enter_write")
int bpf_prog3(struct syscalls_enter_args *ctx)
{
	long write_size = ctx->args[2];
	long init_val = 1;
	long *value;
	struct hist_key key;

	key.index = log2l(write_size);
	key.pid_tgid = bpf_get_current_pid_tgid();
	key.uid_gid = bpf_get_current_uid_gid();
	bpf_get_current_comm(&key.comm, sizeof(key.comm));

	value = bpf_map_lookup_elem(&my_hist_map, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	else
		bpf_map_update_elem(&my_hist_map, &key, &init_val, BPF_ANY);
	return 0;
}

char _license[] SEC("license") = "GPL";
