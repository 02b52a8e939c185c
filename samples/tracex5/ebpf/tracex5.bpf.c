// SPDX-License-Identifier: GPL-2.0
/*
 * tracex5 in eBPF: the reference the kernel tests compare iu's tracex5
 * (samples/tracex5/tracex5.cpp) against. Linux samples/bpf/tracex5_kern.c,
 * with the same two changes as the iu port: plain function calls instead
 * of tail calls, and the arguments read from the task's user registers
 * when __seccomp_filter gets sd == NULL (as it does on x86-64).
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <linux/seccomp.h>
#include <linux/unistd.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct syscall_args {
	__u64 a[6];
};

static __always_inline void read_args(struct pt_regs *ctx, struct syscall_args *args)
{
	const void *sdp = (const void *)PT_REGS_PARM2(ctx);
	struct seccomp_data sd;
	struct pt_regs regs;
	int i;

	if (sdp && bpf_probe_read_kernel(&sd, sizeof(sd), sdp) == 0) {
		for (i = 0; i < 6; i++)
			args->a[i] = sd.args[i];
		return;
	}
	__builtin_memset(&regs, 0, sizeof(regs));
	bpf_probe_read_kernel(&regs, sizeof(regs),
			      (const void *)bpf_task_pt_regs(bpf_get_current_task_btf()));
	args->a[0] = regs.rdi;
	args->a[1] = regs.rsi;
	args->a[2] = regs.rdx;
	args->a[3] = regs.r10;
	args->a[4] = regs.r8;
	args->a[5] = regs.r9;
}

static __noinline void trace_write(struct pt_regs *ctx)
{
	struct syscall_args sd = {};

	read_args(ctx, &sd);
	if (sd.a[2] == 512)
		bpf_printk("write(fd=%d, buf=%p, size=%d)\n", (int)sd.a[0], sd.a[1], (int)sd.a[2]);
}

static __noinline void trace_read(struct pt_regs *ctx)
{
	struct syscall_args sd = {};

	read_args(ctx, &sd);
	if (sd.a[2] > 128 && sd.a[2] <= 1024)
		bpf_printk("read(fd=%d, buf=%p, size=%d)\n", (int)sd.a[0], sd.a[1], (int)sd.a[2]);
}

SEC("kprobe/__seccomp_filter")
int bpf_prog1(struct pt_regs *ctx)
{
	int sc_nr = (int)PT_REGS_PARM1(ctx);

	switch (sc_nr) {
	case __NR_write:
		trace_write(ctx);
		return 0;
	case __NR_read:
		trace_read(ctx);
		return 0;
	case __NR_mmap:
		bpf_printk("mmap\n");
		return 0;
	default:
		break;
	}
	if (sc_nr >= __NR_getuid && sc_nr <= __NR_getsid)
		bpf_printk("syscall=%d (one of get/set uid/pid/gid)\n", sc_nr);
	return 0;
}

char _license[] SEC("license") = "GPL";
