// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_tp in eBPF: the reference the VM tests compare iu's port
 * (samples/syscall_tp/syscall_tp.cpp) against. Linux samples/bpf's
 * syscall_tp_kern.c as a libbpf 1.x program: its legacy
 * `struct bpf_map_def SEC("maps")` maps (which libbpf 1.x refuses) become
 * BTF-defined ones with the same names, types and sizes.
 *
 * One change: the original increments through the looked-up pointer,
 * which can lose a count when two CPUs open at once; this one adds
 * atomically, as the port's add() does, so that the two count the same
 * events to the same number.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct syscalls_enter_open_args {
	unsigned long long unused;
	long syscall_nr;
	long filename_ptr;
	long flags;
	long mode;
};

struct syscalls_exit_open_args {
	unsigned long long unused;
	long syscall_nr;
	long ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} enter_open_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} exit_open_map SEC(".maps");

static __always_inline void count(void *map)
{
	__u32 key = 0;
	__u32 *value, init_val = 1;

	value = bpf_map_lookup_elem(map, &key);
	if (value)
		__sync_fetch_and_add(value, 1);
	else
		bpf_map_update_elem(map, &key, &init_val, BPF_NOEXIST);
}

SEC("tracepoint/syscalls/sys_enter_open")
int trace_enter_open(struct syscalls_enter_open_args *ctx)
{
	count(&enter_open_map);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int trace_enter_open_at(struct syscalls_enter_open_args *ctx)
{
	count(&enter_open_map);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_open")
int trace_exit_open(struct syscalls_exit_open_args *ctx)
{
	count(&exit_open_map);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int trace_exit_open_at(struct syscalls_exit_open_args *ctx)
{
	count(&exit_open_map);
	return 0;
}

char _license[] SEC("license") = "GPL";
