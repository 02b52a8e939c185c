// SPDX-License-Identifier: GPL-2.0
/*
 * events (eBPF): the events benchmark's eBPF programs (bench/run,
 * "kernel"), the same as bench/programs/events.cpp: on sys_enter_getppid,
 * B records (B: read-only data set at load) of struct bench_event, through
 * a perf buffer (perf_out: bpf_perf_event_output into this CPU's buffer)
 * or a ring buffer (ringbuf_out: bpf_ringbuf_reserve + submit, the ring
 * buffer's cheapest path). Failed outputs and reservations are counted in
 * `drops` (0: perf, 1: ring buffer), so that drops are counted on the
 * producer's side as iu.ko counts them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bench_event {
	__u64 time_ns;
	__u64 pid_tgid;
	__u64 seq;
	__u64 cpu;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

/* The size of one perf buffer of libiu and of kbench (64 pages). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

const volatile __u32 B = 1;

static __always_inline void count_drop(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&drops, &which);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int perf_out(void *ctx)
{
	struct bench_event e = {
		.time_ns = bpf_ktime_get_ns(),
		.pid_tgid = bpf_get_current_pid_tgid(),
		.cpu = bpf_get_smp_processor_id(),
	};

	for (__u32 i = 0; i < B; i++) {
		e.seq = i;
		if (bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, &e, sizeof(e)))
			count_drop(0);
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int ringbuf_out(void *ctx)
{
	__u64 time_ns = bpf_ktime_get_ns(), pid_tgid = bpf_get_current_pid_tgid();
	__u64 cpu = bpf_get_smp_processor_id();

	for (__u32 i = 0; i < B; i++) {
		struct bench_event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

		if (!e) {
			count_drop(1);
			continue;
		}
		e->time_ns = time_ns;
		e->pid_tgid = pid_tgid;
		e->seq = i;
		e->cpu = cpu;
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
