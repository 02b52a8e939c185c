// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching programs to kernel hooks with exported interfaces only:
 *   kprobe      register_kprobe() on the target function; the program gets
 *               the probe's pt_regs.
 *   tracepoint  "syscalls/sys_enter_<name>": a probe on the raw sys_enter
 *               tracepoint (found with for_each_kernel_tracepoint(), as it
 *               is not exported), filtered by syscall number, handing the
 *               program the sys_enter_* trace event record. The number
 *               comes from the kernel's own syscall trace event metadata.
 *               "syscalls/sys_exit_<name>": the same on the raw sys_exit
 *               tracepoint, handing the program the sys_exit_* record
 *               (syscall number and return value). Like the trace events,
 *               both ignore 32-bit (compat) system calls, whose numbers
 *               are another table's.
 * Detaching waits until no handler can still be running the program.
 *
 * Refused targets: iu.ko's own functions (a program must never run inside
 * iu) and whatever the kernel refuses to probe (its kprobe blacklist, shown
 * in /sys/kernel/debug/kprobes/blacklist: register_kprobe() returns -EINVAL
 * for those; iu.ko's program path is on it through NOKPROBE_SYMBOL). Under
 * lockdown (confidentiality) kprobes are refused as tracefs refuses them
 * (LOCKDOWN_KPROBES), and every attachment as eBPF kernel reads are
 * (LOCKDOWN_BPF_READ_KERNEL).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/security.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <trace/syscall.h>
#include <asm/syscall.h>

#include "iu_internal.h"

static struct tracepoint *iu_sys_enter_tp, *iu_sys_exit_tp;

static void iu_find_sys_tps(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		iu_sys_enter_tp = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		iu_sys_exit_tp = tp;
}

int iu_attach_init(void)
{
	for_each_kernel_tracepoint(iu_find_sys_tps, NULL);
	if (!iu_sys_enter_tp)
		pr_warn("iu: no sys_enter tracepoint; syscall entry tracepoint programs cannot attach\n");
	if (!iu_sys_exit_tp)
		pr_warn("iu: no sys_exit tracepoint; syscall exit tracepoint programs cannot attach\n");
	return 0;
}

/* A 32-bit (compat) system call: its number is of another table, so the
 * syscall trace events skip it (trace_get_syscall_nr), and so does iu. */
static bool iu_compat_syscall(struct pt_regs *regs)
{
#ifdef ARCH_TRACE_IGNORE_COMPAT_SYSCALLS
	return arch_trace_is_compat_syscall(regs);
#else
	return false;
#endif
}
NOKPROBE_SYMBOL(iu_compat_syscall);

static int iu_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct iu_prog *prog = container_of(kp, struct iu_prog, kp);

	iu_run_prog(prog, regs);
	return 0;
}
NOKPROBE_SYMBOL(iu_kprobe_pre);

static_assert(sizeof(struct iu_syscall_enter_record) == IU_SYSCALL_ENTER_RECORD_SIZE);

static void iu_sys_enter_probe(void *data, struct pt_regs *regs, long id)
{
	struct iu_prog *prog = data;
	struct iu_syscall_enter_record rec;
	unsigned long args[6];

	if (id != prog->syscall_nr || iu_compat_syscall(regs))
		return;
	memset(&rec, 0, sizeof(rec));
	rec.common_pid = current->pid;
	rec.common_preempt_count = preempt_count() & 0xff;
	rec.syscall_nr = id;
	syscall_get_arguments(current, regs, args);
	memcpy(rec.args, args, sizeof(rec.args));
	preempt_disable_notrace();
	iu_run_prog(prog, &rec);
	preempt_enable_notrace();
}
NOKPROBE_SYMBOL(iu_sys_enter_probe);

static_assert(sizeof(struct iu_syscall_exit_record) == IU_SYSCALL_EXIT_RECORD_SIZE);
static_assert(offsetof(struct iu_syscall_exit_record, syscall_nr) == 8);
static_assert(offsetof(struct iu_syscall_exit_record, ret) == 16);

/* The raw sys_exit tracepoint: (regs, ret), the number in regs, as the
 * sys_exit_* trace events read it. */
static void iu_sys_exit_probe(void *data, struct pt_regs *regs, long ret)
{
	struct iu_prog *prog = data;
	struct iu_syscall_exit_record rec;

	if (syscall_get_nr(current, regs) != prog->syscall_nr || iu_compat_syscall(regs))
		return;
	memset(&rec, 0, sizeof(rec));
	rec.common_pid = current->pid;
	rec.common_preempt_count = preempt_count() & 0xff;
	rec.syscall_nr = prog->syscall_nr;
	rec.ret = ret;
	preempt_disable_notrace();
	iu_run_prog(prog, &rec);
	preempt_enable_notrace();
}
NOKPROBE_SYMBOL(iu_sys_exit_probe);

/* A kprobe on target: registered disarmed, so that where it landed can be
 * checked before it can ever fire. */
static int iu_attach_kprobe(struct iu_prog *prog, struct iu_log *log)
{
	const char *target = prog->desc.target;
	int ret;

	if (security_locked_down(LOCKDOWN_KPROBES) < 0) {
		iu_log(log, "cannot attach a kprobe to '%s': the kernel is locked down (confidentiality)",
		       target);
		return -EPERM;
	}
	memset(&prog->kp, 0, sizeof(prog->kp));
	prog->kp.symbol_name = target;
	prog->kp.pre_handler = iu_kprobe_pre;
	prog->kp.flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&prog->kp);
	switch (ret) {
	case 0:
		break;
	case -ENOENT:
		iu_log(log, "cannot attach a kprobe to '%s': no such kernel function", target);
		return ret;
	case -EINVAL:
		iu_log(log, "cannot attach a kprobe to '%s': the kernel does not allow probes there (its kprobe blacklist, /sys/kernel/debug/kprobes/blacklist, or not a function entry)",
		       target);
		return ret;
	default:
		iu_log(log, "cannot attach a kprobe to '%s' (error %d)", target, ret);
		return ret;
	}
	if (within_module((unsigned long)prog->kp.addr, THIS_MODULE)) {
		unregister_kprobe(&prog->kp);
		iu_log(log, "cannot attach a kprobe to '%s': it is part of iu.ko", target);
		return -EINVAL;
	}
	ret = enable_kprobe(&prog->kp);
	if (ret) {
		unregister_kprobe(&prog->kp);
		iu_log(log, "cannot enable the kprobe on '%s' (error %d)", target, ret);
	}
	return ret;
}

static bool iu_str_extends(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix)) && s[strlen(prefix)];
}

/* The syscall number behind "syscalls/sys_{enter,exit}_<name>", from the
 * kernel's own trace event (so it is right for the running kernel). */
static int iu_syscall_nr(const char *target, struct iu_log *log)
{
	struct trace_event_file *file;
	struct syscall_metadata *meta;
	const char *event;
	int nr;

	if (!iu_str_extends(target, "syscalls/sys_enter_") &&
	    !iu_str_extends(target, "syscalls/sys_exit_")) {
		iu_log(log, "tracepoint '%s' is not supported (only syscalls/sys_enter_<syscall> and syscalls/sys_exit_<syscall>)",
		       target);
		return -EOPNOTSUPP;
	}
	event = target + strlen("syscalls/");
	file = trace_get_event_file(NULL, "syscalls", event);
	if (IS_ERR(file)) {
		iu_log(log, "no tracepoint '%s' in this kernel", target);
		return -ENOENT;
	}
	meta = file->event_call->data;
	nr = meta ? meta->syscall_nr : -1;
	trace_put_event_file(file);
	if (nr < 0) {
		iu_log(log, "tracepoint '%s' has no syscall number", target);
		return -ENOENT;
	}
	return nr;
}

/* A syscalls/sys_{enter,exit}_<name> program: a probe on the raw
 * sys_enter or sys_exit tracepoint, filtered by that syscall's number. */
static int iu_attach_syscall_tp(struct iu_prog *prog, struct iu_log *log)
{
	bool exit = iu_str_extends(prog->desc.target, "syscalls/sys_exit_");
	struct tracepoint *tp = exit ? iu_sys_exit_tp : iu_sys_enter_tp;
	int ret;

	if (!tp) {
		iu_log(log, "this kernel has no %s tracepoint", exit ? "sys_exit" : "sys_enter");
		return -EOPNOTSUPP;
	}
	ret = iu_syscall_nr(prog->desc.target, log);
	if (ret < 0)
		return ret;
	prog->syscall_nr = ret;
	prog->tp = tp;
	ret = exit ? tracepoint_probe_register(tp, iu_sys_exit_probe, prog)
		   : tracepoint_probe_register(tp, iu_sys_enter_probe, prog);
	if (ret) {
		prog->tp = NULL;
		iu_log(log, "cannot attach to tracepoint '%s' (error %d)", prog->desc.target, ret);
	}
	return ret;
}

int iu_attach(struct iu_prog *prog, struct iu_log *log)
{

	if (iu_lockdown_kernel_read()) {
		iu_log(log, "cannot attach '%s': the kernel is locked down (confidentiality): programs may not read kernel memory",
		       prog->desc.name);
		return -EPERM;
	}
	switch (prog->desc.type) {
	case IU_PROG_KPROBE:
		return iu_attach_kprobe(prog, log);
	case IU_PROG_TRACEPOINT:
		return iu_attach_syscall_tp(prog, log);
	default:
		iu_log(log, "unknown program type %u", prog->desc.type);
		return -EINVAL;
	}
}

void iu_detach(struct iu_prog *prog)
{
	switch (prog->desc.type) {
	case IU_PROG_KPROBE:
		/* Waits for running handlers (synchronize_rcu inside). */
		unregister_kprobe(&prog->kp);
		break;
	case IU_PROG_TRACEPOINT:
		if (prog->tp == iu_sys_exit_tp)
			tracepoint_probe_unregister(prog->tp, iu_sys_exit_probe, prog);
		else
			tracepoint_probe_unregister(prog->tp, iu_sys_enter_probe, prog);
		tracepoint_synchronize_unregister();
		break;
	}
}
