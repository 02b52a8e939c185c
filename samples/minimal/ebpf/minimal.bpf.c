// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * minimal in eBPF: libbpf-bootstrap's minimal.bpf.c, unchanged but for
 * this comment; the reference the VM tests compare iu's port
 * (samples/minimal/minimal.cpp) against. my_pid is a .bss global that
 * minimal_ebpf sets before load (the port's is a load-time configuration,
 * 0 meaning every process).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;

	bpf_printk("BPF triggered from PID %d.\n", pid);

	return 0;
}
