// SPDX-License-Identifier: GPL-2.0
/*
 * loop_n (eBPF): the load-time benchmark's eBPF family (bench/run, "load").
 * A bounded loop of N iterations (set with -DN=...) over a value read
 * from the context. The verifier walks every iteration, so its cost grows
 * with N until it refuses the program. Kept as a loop (not unrolled), as an
 * eBPF author would write it. bench/programs/loop_n.cpp is the same program
 * in iu.
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("kprobe/__seccomp_filter")
int loop_n(struct pt_regs *ctx)
{
	__u64 x = PT_REGS_PARM1(ctx);
	__u64 acc = 0;

#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < LOOP_N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		acc += (x >> 33) ^ i;
	}
	return acc & 0xff;
}

char _license[] SEC("license") = "GPL";
