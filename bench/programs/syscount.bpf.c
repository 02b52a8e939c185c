// SPDX-License-Identifier: GPL-2.0
/*
 * syscount (eBPF): the macro benchmark's eBPF tools (bench/run, "kernel"),
 * the same work as bench/programs/syscount.cpp: every system call counted
 * by its number in a hash map, at its entry. tp_count is on syscount's own
 * hook (libbpf-tools: tracepoint raw_syscalls/sys_enter), raw_count on the
 * raw tracepoint, fentry_count at the entry of x64_sys_call(regs, nr); iu's
 * tool has the first and the last. kbench attaches one.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* The record of raw_syscalls/sys_enter (its format file). */
struct sys_enter_record {
	__u64 common;
	long id;
	unsigned long args[6];
};

static __always_inline void count(__u32 nr)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(&counts, &nr);

	if (v) {
		__sync_fetch_and_add(v, 1);
		return;
	}
	/* The first call of a number creates its entry; a creation that lost
	 * a race with another CPU adds instead. */
	if (bpf_map_update_elem(&counts, &nr, &one, BPF_NOEXIST)) {
		v = bpf_map_lookup_elem(&counts, &nr);
		if (v)
			__sync_fetch_and_add(v, 1);
	}
}

SEC("tracepoint/raw_syscalls/sys_enter")
int tp_count(struct sys_enter_record *ctx)
{
	count((__u32)ctx->id);
	return 0;
}

/* raw_tp/sys_enter's arguments: (struct pt_regs *regs, long id). */
SEC("raw_tp/sys_enter")
int raw_count(__u64 *ctx)
{
	count((__u32)ctx[1]);
	return 0;
}

/* x64_sys_call(const struct pt_regs *regs, unsigned int nr). */
SEC("fentry/x64_sys_call")
int fentry_count(__u64 *ctx)
{
	count((__u32)ctx[1]);
	return 0;
}

char _license[] SEC("license") = "GPL";
