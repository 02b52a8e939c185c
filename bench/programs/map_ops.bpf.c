// SPDX-License-Identifier: GPL-2.0
/*
 * map_ops (eBPF): the map benchmark's eBPF programs (bench/run, "kernel"),
 * the same as bench/programs/map_ops.cpp: on sys_enter_getppid, K lookups,
 * updates or atomic adds (a lookup and __sync_fetch_and_add, eBPF's way) (K: read-only data set at load, as an iu configuration) of a
 * hash or an array map of 1024 u32 -> u64 entries, all present.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define ENTRIES 1024

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

const volatile __u32 K = 0;

static __always_inline int lookups(void *map)
{
	__u64 acc = 0;

	for (__u32 i = 0; i < K; i++) {
		__u32 key = i & (ENTRIES - 1);
		__u64 *v = bpf_map_lookup_elem(map, &key);

		if (v)
			acc += *v;
	}
	return acc & 1;
}

static __always_inline int updates(void *map)
{
	__u32 failed = 0;

	for (__u32 i = 0; i < K; i++) {
		__u32 key = i & (ENTRIES - 1);
		__u64 v = i;

		if (bpf_map_update_elem(map, &key, &v, BPF_ANY))
			failed++;
	}
	return failed & 1;
}

static __always_inline int adds(void *map)
{
	__u32 failed = 0;

	for (__u32 i = 0; i < K; i++) {
		__u32 key = i & (ENTRIES - 1);
		__u64 *v = bpf_map_lookup_elem(map, &key);

		if (v)
			__sync_fetch_and_add(v, 1);
		else
			failed++;
	}
	return failed & 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int hash_lookup(void *ctx) { return lookups(&hash); }

SEC("tracepoint/syscalls/sys_enter_getppid")
int hash_update(void *ctx) { return updates(&hash); }

SEC("tracepoint/syscalls/sys_enter_getppid")
int array_lookup(void *ctx) { return lookups(&array); }

SEC("tracepoint/syscalls/sys_enter_getppid")
int array_update(void *ctx) { return updates(&array); }

SEC("tracepoint/syscalls/sys_enter_getppid")
int hash_add(void *ctx) { return adds(&hash); }

SEC("tracepoint/syscalls/sys_enter_getppid")
int array_add(void *ctx) { return adds(&array); }

char _license[] SEC("license") = "GPL";
