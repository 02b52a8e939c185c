// SPDX-License-Identifier: GPL-2.0
/*
 * hooks (eBPF): the hook matrix's eBPF programs (bench/run, "kernel"), the
 * same as bench/programs/hooks.cpp: an empty program per hook kind on what
 * one getppid call runs (__do_sys_getppid, the syscall tracepoints of
 * getppid, raw_syscalls/sys_enter), and the raw sys_enter/sys_exit
 * tracepoints; the last three fire for every system call (the loop makes
 * almost nothing but getppid calls).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/__do_sys_getppid")
int kprobe_empty(void *ctx) { return 0; }

SEC("kretprobe/__do_sys_getppid")
int kretprobe_empty(void *ctx) { return 0; }

SEC("fentry/__do_sys_getppid")
int fentry_empty(void *ctx) { return 0; }

SEC("fexit/__do_sys_getppid")
int fexit_empty(void *ctx) { return 0; }

SEC("tracepoint/syscalls/sys_enter_getppid")
int sys_enter_empty(void *ctx) { return 0; }

SEC("tracepoint/syscalls/sys_exit_getppid")
int sys_exit_empty(void *ctx) { return 0; }

SEC("tracepoint/raw_syscalls/sys_enter")
int raw_syscalls_enter_empty(void *ctx) { return 0; }

SEC("raw_tp/sys_enter")
int raw_sys_enter_empty(void *ctx) { return 0; }

SEC("raw_tp/sys_exit")
int raw_sys_exit_empty(void *ctx) { return 0; }

char _license[] SEC("license") = "GPL";
