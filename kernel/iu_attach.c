// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching programs to kernel hooks with exported interfaces only:
 *   kprobe      register_kprobe() on the target function; the program gets
 *               the probe's pt_regs.
 *   kretprobe   register_kretprobe() on the target function; the program
 *               runs as the function returns and gets the pt_regs there
 *               (ax the return value, ip the return address).
 *   fentry      register_ftrace_function() with an ftrace_ops filtered to
 *               the target's address (ftrace_set_filter_ip); the program
 *               gets struct iu_fentry_ctx (the argument registers).
 *   fexit       a kretprobe whose entry handler saves the argument
 *               registers in its instance; the program runs at the return
 *               with struct iu_fexit_ctx (those arguments and the return
 *               value). 6.1 has no fprobe, so both kernels do it this way.
 *   perf_event  "cpu_clock/<hz>": a CPU-clock sampling event per online CPU
 *               (perf_event_create_kernel_counter, PERF_COUNT_SW_CPU_CLOCK
 *               at hz), whose overflow handler runs the program in the
 *               timer interrupt with struct iu_perf_event_ctx (the
 *               interrupted registers, task and CPU).
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
 *               "<category>/<event>", any other trace event backed by a
 *               tracepoint: a perf tracepoint event per online CPU
 *               (perf_event_create_kernel_counter, PERF_TYPE_TRACEPOINT),
 *               whose overflow handler runs the program with the record
 *               the event's perf probe built (struct iu_tracepoint_ctx),
 *               so the program reads the fields of the event's format.
 *   raw_tracepoint  "<name>": a probe on the tracepoint itself
 *               (tracepoint_probe_register, found with
 *               for_each_kernel_tracepoint), as eBPF's raw_tp and tp_btf
 *               programs attach; the program gets the tracepoint's
 *               arguments (struct iu_raw_tracepoint_ctx), no record.
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
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/security.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/trace_recursion.h>
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

	iu_run_prog_regs(prog, regs, regs);
	return 0;
}
NOKPROBE_SYMBOL(iu_kprobe_pre);

/* Called by the kernel's return trampoline (rethook on both kernels) with
 * preemption off, in the returning task; regs->ip is already the real
 * return address. */
static int iu_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct iu_prog *prog = container_of(get_kretprobe(ri), struct iu_prog, rp);

	iu_run_prog_regs(prog, regs, regs);
	return 0;
}
NOKPROBE_SYMBOL(iu_kretprobe_ret);

static bool iu_is_kretprobe(u32 type)
{
	return type == IU_PROG_KRETPROBE || type == IU_PROG_FEXIT;
}

/* An fexit program's kretprobe entry: the argument registers, which the
 * function is free to overwrite before it returns, kept in the instance
 * (rp.data_size) until the return. Runs in kprobe context (preemption
 * off); runs no program. */
static int iu_fexit_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	u64 *args = (u64 *)ri->data;

	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->cx;
	args[4] = regs->r8;
	args[5] = regs->r9;
	return 0;
}
NOKPROBE_SYMBOL(iu_fexit_entry);

#define IU_FEXIT_DATA_SIZE (6 * sizeof(u64))
static_assert(sizeof(struct iu_fexit_ctx) == IU_FEXIT_CTX_SIZE);
static_assert(offsetof(struct iu_fexit_ctx, ret) == IU_FEXIT_DATA_SIZE + 16);

/* The return of an fexit program's function, as iu_kretprobe_ret, with
 * the arguments its entry saw. */
static int iu_fexit_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct iu_prog *prog = container_of(rp, struct iu_prog, rp);
	const u64 *args = (const u64 *)ri->data;
	struct iu_fexit_ctx ctx;
	int i;

	for (i = 0; i < 6; i++)
		ctx.args[i] = args[i];
	ctx.ip = (unsigned long)rp->kp.addr;
	ctx.ret_ip = instruction_pointer(regs);
	ctx.ret = regs_return_value(regs);
	iu_run_prog_regs(prog, &ctx, regs);
	return 0;
}
NOKPROBE_SYMBOL(iu_fexit_ret);

static_assert(sizeof(struct iu_fentry_ctx) == IU_FENTRY_CTX_SIZE);

/*
 * An fentry program's ftrace callback, called from ftrace's trampoline at
 * the traced function's first instruction with the registers saved
 * (FTRACE_OPS_FL_SAVE_REGS). It is notrace (ftrace must not trace its own
 * callback) and NOKPROBE. ftrace's recursion lock (which also disables
 * preemption, as iu_run_prog needs) catches the function being called
 * again from inside the program's run in the same context; iu_run_prog's
 * re-entry guard catches the rest. ftrace may call a callback where RCU
 * is not watching (idle, early entry code): iu holds rcu_read_lock around
 * a run, so there the hit is counted as missed instead.
 */
static void notrace iu_fentry_func(unsigned long ip, unsigned long parent_ip,
				   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct iu_prog *prog = container_of(ops, struct iu_prog, fops);
	struct iu_fentry_ctx ctx;
	struct pt_regs *regs;
	int bit;

	/* The function's module went away (see struct iu_prog): this is
	 * another module's code at its address now. */
	if (unlikely(kprobe_gone(&prog->fentry_guard)))
		return;
	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0) {
		atomic64_inc(&prog->missed);
		return;
	}
	regs = ftrace_get_regs(fregs);
	if (unlikely(!regs || !rcu_is_watching())) {
		atomic64_inc(&prog->missed);
		goto out;
	}
	ctx.args[0] = regs->di;
	ctx.args[1] = regs->si;
	ctx.args[2] = regs->dx;
	ctx.args[3] = regs->cx;
	ctx.args[4] = regs->r8;
	ctx.args[5] = regs->r9;
	ctx.ip = ip;
	ctx.ret_ip = parent_ip;
	iu_run_prog_regs(prog, &ctx, regs);
out:
	ftrace_test_recursion_unlock(bit);
}
NOKPROBE_SYMBOL(iu_fentry_func);

/*
 * How many calls of a kretprobe's function may be in flight at once: each
 * call takes an instance at the entry and gives it back at the return; a
 * call that finds none free is not followed (its return is counted in
 * rp.nmissed, reported as missed). The kernel's default, 2 per CPU and at
 * least 10, assumes a function that does not sleep; one that does
 * (vfs_write to a full pipe, a blocking read) holds an instance per
 * sleeping task, so iu allows more. An instance is about 100 bytes
 * (allocated by register_kretprobe, not charged to the loader's memory
 * cgroup); 4096 is the most ftrace's kretprobe events allow.
 */
#define IU_KRETPROBE_MAXACTIVE_MIN 64
#define IU_KRETPROBE_MAXACTIVE_PER_CPU 4
#define IU_KRETPROBE_MAXACTIVE_MAX 4096

static int iu_kretprobe_maxactive(void)
{
	unsigned int n = IU_KRETPROBE_MAXACTIVE_PER_CPU * num_possible_cpus();

	return clamp_t(unsigned int, n, IU_KRETPROBE_MAXACTIVE_MIN, IU_KRETPROBE_MAXACTIVE_MAX);
}

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

static void iu_unregister_kprobe(struct iu_prog *prog)
{
	if (iu_is_kretprobe(prog->desc.type))
		unregister_kretprobe(&prog->rp);
	else
		unregister_kprobe(&prog->kp);
}

/* What attach errors call a program's hook. */
static const char *iu_hook_name(u32 type)
{
	switch (type) {
	case IU_PROG_KRETPROBE:
		return "a kretprobe";
	case IU_PROG_FENTRY:
		return "an fentry program";
	case IU_PROG_FEXIT:
		return "an fexit program";
	default:
		return "a kprobe";
	}
}

/* register_kprobe's or register_kretprobe's refusal of target, said. */
static int iu_kprobe_refused(struct iu_prog *prog, int ret, struct iu_log *log)
{
	const char *kind = iu_hook_name(prog->desc.type);
	const char *target = prog->desc.target;

	switch (ret) {
	case -ENOENT:
		iu_log(log, "cannot attach %s to '%s': no such kernel function", kind, target);
		break;
	case -EINVAL:
		iu_log(log, "cannot attach %s to '%s': the kernel does not allow probes there (its kprobe blacklist, /sys/kernel/debug/kprobes/blacklist, or not a function entry)",
		       kind, target);
		break;
	default:
		iu_log(log, "cannot attach %s to '%s' (error %d)", kind, target, ret);
		break;
	}
	return ret;
}

/* Lockdown at confidentiality refuses kprobes (tracefs does too), and so
 * every hook on a kernel function: fentry and fexit read arguments as a
 * kprobe does. */
static int iu_kprobes_locked_down(struct iu_prog *prog, struct iu_log *log)
{
	if (security_locked_down(LOCKDOWN_KPROBES) < 0) {
		iu_log(log, "cannot attach %s to '%s': the kernel is locked down (confidentiality)",
		       iu_hook_name(prog->desc.type), prog->desc.target);
		return -EPERM;
	}
	return 0;
}

/* A kprobe or kretprobe (also an fexit program's) on target: registered
 * disarmed, so that where it landed can be checked before it can ever
 * fire. A kretprobe is a kprobe on the function's entry (rp.kp) that
 * hooks the return: the same checks and refusals hold. */
static int iu_attach_kprobe(struct iu_prog *prog, struct iu_log *log)
{
	bool kret = iu_is_kretprobe(prog->desc.type);
	const char *kind = iu_hook_name(prog->desc.type);
	const char *target = prog->desc.target;
	struct kprobe *kp = kret ? &prog->rp.kp : &prog->kp;
	int ret;

	ret = iu_kprobes_locked_down(prog, log);
	if (ret)
		return ret;
	if (kret) {
		memset(&prog->rp, 0, sizeof(prog->rp));
		prog->rp.handler = iu_kretprobe_ret;
		prog->rp.maxactive = iu_kretprobe_maxactive();
		if (prog->desc.type == IU_PROG_FEXIT) {
			prog->rp.entry_handler = iu_fexit_entry;
			prog->rp.handler = iu_fexit_ret;
			prog->rp.data_size = IU_FEXIT_DATA_SIZE;
		}
	} else {
		memset(&prog->kp, 0, sizeof(prog->kp));
		prog->kp.pre_handler = iu_kprobe_pre;
	}
	kp->symbol_name = target;
	kp->flags = KPROBE_FLAG_DISABLED;
	ret = kret ? register_kretprobe(&prog->rp) : register_kprobe(&prog->kp);
	if (ret)
		return iu_kprobe_refused(prog, ret, log);
	if (within_module((unsigned long)kp->addr, THIS_MODULE)) {
		iu_unregister_kprobe(prog);
		iu_log(log, "cannot attach %s to '%s': it is part of iu.ko", kind, target);
		return -EINVAL;
	}
	ret = enable_kprobe(kp);
	if (ret) {
		iu_unregister_kprobe(prog);
		iu_log(log, "cannot enable %s on '%s' (error %d)", kind, target, ret);
	}
	return ret;
}

/*
 * An fentry program: an ftrace_ops on the target's address. The kernel
 * exports no name lookup (kallsyms_lookup_name is not exported), so a
 * disarmed kprobe resolves the name first, as kprobes and kretprobes do,
 * which also refuses what they refuse (the kprobe blacklist, iu.ko's own
 * functions). It never fires, and stays registered until the detach: the
 * kprobe code marks it gone when the function's module is unloaded,
 * which the callback checks (struct iu_prog). ftrace then refuses an
 * address it does not patch (a notrace function: the ones absent from
 * /sys/kernel/tracing/available_filter_functions).
 */
static int iu_attach_fentry(struct iu_prog *prog, struct iu_log *log)
{
	const char *kind = iu_hook_name(prog->desc.type);
	const char *target = prog->desc.target;
	unsigned long addr;
	int ret;

	ret = iu_kprobes_locked_down(prog, log);
	if (ret)
		return ret;
	memset(&prog->fentry_guard, 0, sizeof(prog->fentry_guard));
	prog->fentry_guard.symbol_name = target;
	prog->fentry_guard.flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&prog->fentry_guard);
	if (ret)
		return iu_kprobe_refused(prog, ret, log);
	/* The function's first instruction (past an endbr64): where ftrace
	 * patches its call. The kprobe stays, disabled, until the detach. */
	addr = (unsigned long)prog->fentry_guard.addr;
	if (within_module(addr, THIS_MODULE)) {
		unregister_kprobe(&prog->fentry_guard);
		iu_log(log, "cannot attach %s to '%s': it is part of iu.ko", kind, target);
		return -EINVAL;
	}
	memset(&prog->fops, 0, sizeof(prog->fops));
	prog->fops.func = iu_fentry_func;
	/* The argument registers: with SAVE_REGS every caller of the ops
	 * hands it a full pt_regs, on 6.1 and 6.12 alike (6.1 has no
	 * ftrace_regs argument accessors). */
	prog->fops.flags = FTRACE_OPS_FL_SAVE_REGS;
	ret = ftrace_set_filter_ip(&prog->fops, addr, 0, 0);
	if (ret) {
		ftrace_free_filter(&prog->fops);
		unregister_kprobe(&prog->fentry_guard);
		if (ret == -EINVAL || ret == -ENOENT) {
			iu_log(log, "cannot attach %s to '%s': ftrace cannot trace it (a notrace function: not in /sys/kernel/tracing/available_filter_functions)",
			       kind, target);
			return -EINVAL;
		}
		iu_log(log, "cannot attach %s to '%s' (ftrace filter error %d)", kind, target, ret);
		return ret;
	}
	ret = register_ftrace_function(&prog->fops);
	if (ret) {
		ftrace_free_filter(&prog->fops);
		unregister_kprobe(&prog->fentry_guard);
		iu_log(log, "cannot attach %s to '%s' (ftrace error %d)", kind, target, ret);
	}
	return ret;
}

static_assert(sizeof(struct iu_perf_event_ctx) == IU_PERF_EVENT_CTX_SIZE);
static_assert(sizeof(struct pt_regs) == IU_PT_REGS_SIZE);

/*
 * A perf_event program's overflow handler: the CPU clock's hrtimer
 * (perf_swevent_hrtimer) calls it in hardirq context on the sampled CPU,
 * interrupts off, with the interrupted registers (get_irq_regs: the
 * kernel's, or the task's user registers when it interrupted user mode).
 * current is the interrupted task. iu_run_prog's re-entry guard counts a
 * sample that interrupts iu on this CPU (a program, a record buffer's
 * lock) as missed.
 */
static void iu_perf_overflow(struct perf_event *event, struct perf_sample_data *data,
			     struct pt_regs *regs)
{
	struct iu_prog *prog = event->overflow_handler_context;
	struct iu_perf_event_ctx ctx;

	memcpy(&ctx.regs, regs, sizeof(ctx.regs));
	ctx.cpu = smp_processor_id();
	ctx.pid = current->pid;
	ctx.tgid = current->tgid;
	ctx.user_mode = user_mode(regs) ? 1 : 0;
	iu_run_prog_regs(prog, &ctx, regs);
}
NOKPROBE_SYMBOL(iu_perf_overflow);

/* Releases the program's events; see iu_detach for why no program runs
 * once this returns. */
static void iu_perf_release(struct iu_prog *prog)
{
	unsigned int cpu;

	if (!prog->pevents)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (prog->pevents[cpu])
			perf_event_release_kernel(prog->pevents[cpu]);
	kfree(prog->pevents);
	prog->pevents = NULL;
}

/* One kernel counter per online CPU with attr, its overflows handled by
 * handler. CPU hotplug as iu_attach_perf_event says. */
static int iu_perf_create(struct iu_prog *prog, struct perf_event_attr *attr,
			  perf_overflow_handler_t handler, struct iu_log *log)
{
	const char *kind = prog->desc.type == IU_PROG_PERF_EVENT ? "perf_event" : "tracepoint";
	unsigned int cpu, n = 0;

	prog->pevents = kcalloc(nr_cpu_ids, sizeof(*prog->pevents), GFP_KERNEL_ACCOUNT);
	if (!prog->pevents)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		struct perf_event *ev;

		ev = perf_event_create_kernel_counter(attr, cpu, NULL, handler, prog);
		if (IS_ERR(ev)) {
			if (!cpu_online(cpu))
				continue;
			iu_perf_release(prog);
			iu_log(log, "cannot attach %s program '%s' (%s) on CPU %u (error %ld)", kind,
			       prog->desc.name, prog->desc.target, cpu, PTR_ERR(ev));
			return PTR_ERR(ev);
		}
		prog->pevents[cpu] = ev;
		n++;
	}
	if (!n) {
		iu_perf_release(prog);
		iu_log(log, "cannot attach %s program '%s': no CPU is online", kind,
		       prog->desc.name);
		return -ENODEV;
	}
	return 0;
}

/*
 * A perf_event program: one CPU-clock sampling event per online CPU,
 * PERF_COUNT_SW_CPU_CLOCK (an hrtimer, so every machine has it, virtual
 * ones included) with freq = 1 and sample_freq = hz (for this event perf
 * turns the frequency into a fixed period of 1 s / hz). The validator has
 * parsed hz from the target. CPU hotplug: only the CPUs online now get an
 * event; a CPU that comes online later gets none (iu registers no hotplug
 * callback), and a CPU that goes offline loses its event's sampling for
 * good (perf turns the event off). A CPU that went offline while the
 * events were made is skipped.
 */
static int iu_attach_perf_event(struct iu_prog *prog, struct iu_log *log)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.freq = 1,
		.sample_freq = prog->desc.perf_hz,
	};

	return iu_perf_create(prog, &attr, iu_perf_overflow, log);
}

static_assert(sizeof(struct iu_tracepoint_ctx) == IU_TRACEPOINT_CTX_SIZE);

/*
 * A trace event's overflow handler: perf_tp_event calls it for each hit
 * of the tracepoint on this event's CPU, inside the tracepoint (preemption
 * off, under RCU), with the record in data->raw. PERF_SAMPLE_PERIOD makes
 * it one call per hit even for events that count more than 1 (the
 * __perf_count of sched_stat_*), which would otherwise overflow once per
 * unit.
 */
static void iu_tp_overflow(struct perf_event *event, struct perf_sample_data *data,
			   struct pt_regs *regs)
{
	struct iu_prog *prog = event->overflow_handler_context;
	struct iu_tracepoint_ctx ctx;

	if (!data->raw || !data->raw->frag.data)
		return;
	ctx.record = (unsigned long)data->raw->frag.data;
	ctx.size = data->raw->frag.size;
	ctx.reserved = 0;
	preempt_disable_notrace();
	iu_run_prog(prog, &ctx);
	preempt_enable_notrace();
}
NOKPROBE_SYMBOL(iu_tp_overflow);

/*
 * A "<category>/<event>" program: the event's id from the kernel's own
 * list (trace_get_event_file, which also refuses an event of a module
 * being unloaded), then a perf tracepoint event per CPU. Only events that
 * are tracepoints: not ftrace's own (ftrace/function would run the
 * program in every traced function) nor kprobe, uprobe or other dynamic
 * events someone defined through tracefs. perf holds the event (and its
 * module) while the counters exist.
 */
static int iu_attach_trace_event(struct iu_prog *prog, struct iu_log *log)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_PERIOD,
	};
	const char *target = prog->desc.target;
	char category[IU_PROG_TARGET_MAX];
	struct trace_event_file *file;
	const char *event;
	bool tracepoint;

	event = strchr(target, '/');
	if (!event) {
		iu_log(log, "tracepoint '%s' is not <category>/<event>", target);
		return -EINVAL;
	}
	strscpy(category, target, min_t(size_t, event - target + 1, sizeof(category)));
	event++;
	file = trace_get_event_file(NULL, category, event);
	if (IS_ERR(file)) {
		iu_log(log, "no tracepoint '%s' in this kernel (see /sys/kernel/tracing/events/)",
		       target);
		return -ENOENT;
	}
	tracepoint = file->event_call->flags & TRACE_EVENT_FL_TRACEPOINT;
	attr.config = file->event_call->event.type;
	trace_put_event_file(file);
	if (!tracepoint) {
		iu_log(log, "cannot attach to '%s': it is not a tracepoint (a dynamic or ftrace event)",
		       target);
		return -EINVAL;
	}
	return iu_perf_create(prog, &attr, iu_tp_overflow, log);
}

static_assert(sizeof(struct iu_raw_tracepoint_ctx) == IU_RAW_TRACEPOINT_CTX_SIZE);

/*
 * A raw tracepoint program's probe. A tracepoint calls its probes as
 * void (*)(void *data, TP_PROTO): every argument of every tracepoint is an
 * integer or a pointer, passed in the registers after data, so one probe
 * taking five u64s reads the first five of any tracepoint (those past its
 * own count are whatever those registers held: meaningless, but only ever
 * numbers to the program). That is the x86-64 calling convention's
 * promise, not C's, so iu refuses raw tracepoints where indirect calls are
 * type-checked (kCFI). Tracepoints run with preemption off or under SRCU;
 * iu_run_prog needs it off, and RCU watching (a tracepoint in idle code
 * may run where it is not: counted as missed, as fentry does).
 */
static void notrace iu_raw_tp_probe(void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct iu_prog *prog = data;
	struct iu_raw_tracepoint_ctx ctx = { .args = { a0, a1, a2, a3, a4 } };

	if (unlikely(!rcu_is_watching())) {
		atomic64_inc(&prog->missed);
		return;
	}
	preempt_disable_notrace();
	iu_run_prog(prog, &ctx);
	preempt_enable_notrace();
}
NOKPROBE_SYMBOL(iu_raw_tp_probe);

struct iu_tp_lookup {
	const char *name;
	struct tracepoint *tp;
};

static void iu_match_tp(struct tracepoint *tp, void *priv)
{
	struct iu_tp_lookup *l = priv;

	if (!l->tp && !strcmp(tp->name, l->name))
		l->tp = tp;
}

/* A raw tracepoint program: a probe on the built-in tracepoint named by
 * the target (the validator held it to letters, digits and '_'). */
static int iu_attach_raw_tp(struct iu_prog *prog, struct iu_log *log)
{
	struct iu_tp_lookup l = { .name = prog->desc.target };
	int ret;

	if (IS_ENABLED(CONFIG_CFI_CLANG)) {
		iu_log(log, "cannot attach raw tracepoint program '%s': this kernel checks the types of indirect calls (kCFI), and iu's one probe does not have each tracepoint's",
		       prog->desc.name);
		return -EOPNOTSUPP;
	}
	for_each_kernel_tracepoint(iu_match_tp, &l);
	if (!l.tp) {
		iu_log(log, "no tracepoint '%s' in the kernel (a module's tracepoints are not supported)",
		       prog->desc.target);
		return -ENOENT;
	}
	prog->tp = l.tp;
	ret = tracepoint_probe_register(l.tp, iu_raw_tp_probe, prog);
	if (ret) {
		prog->tp = NULL;
		iu_log(log, "cannot attach to tracepoint '%s' (error %d)", prog->desc.target, ret);
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
	case IU_PROG_KRETPROBE:
	case IU_PROG_FEXIT:
		return iu_attach_kprobe(prog, log);
	case IU_PROG_FENTRY:
		return iu_attach_fentry(prog, log);
	case IU_PROG_PERF_EVENT:
		return iu_attach_perf_event(prog, log);
	case IU_PROG_TRACEPOINT:
		if (!strncmp(prog->desc.target, "syscalls/", strlen("syscalls/")))
			return iu_attach_syscall_tp(prog, log);
		return iu_attach_trace_event(prog, log);
	case IU_PROG_RAW_TRACEPOINT:
		return iu_attach_raw_tp(prog, log);
	default:
		iu_log(log, "unknown program type %u", prog->desc.type);
		return -EINVAL;
	}
}

/* The hits the kernel's kprobe code did not hand to iu: a kprobe (or a
 * kretprobe's entry) hit while another kprobe's handler ran on the CPU
 * (kp.nmissed), and a kretprobe's returns it could not follow
 * (rp.nmissed, above). */
static u64 iu_kprobe_missed(struct iu_prog *prog)
{
	if (iu_is_kretprobe(prog->desc.type))
		return READ_ONCE(prog->rp.kp.nmissed) + (unsigned int)READ_ONCE(prog->rp.nmissed);
	if (prog->desc.type == IU_PROG_KPROBE)
		return READ_ONCE(prog->kp.nmissed);
	return 0;
}

void iu_detach(struct iu_prog *prog)
{
	u64 missed;

	switch (prog->desc.type) {
	case IU_PROG_KPROBE:
	case IU_PROG_KRETPROBE:
	case IU_PROG_FEXIT:
		/*
		 * Waits for running handlers (synchronize_rcu inside; a
		 * kretprobe's handlers run with preemption off). A kretprobe's
		 * calls still in flight return through the trampoline later,
		 * but it finds the handler cleared and no longer reads
		 * prog->rp. What the kernel counted as missed is kept in
		 * prog->missed, as the next attach clears the probe.
		 */
		iu_unregister_kprobe(prog);
		missed = iu_kprobe_missed(prog);
		if (iu_is_kretprobe(prog->desc.type)) {
			prog->rp.kp.nmissed = 0;
			prog->rp.nmissed = 0;
		} else {
			prog->kp.nmissed = 0;
		}
		atomic64_add(missed, &prog->missed);
		break;
	case IU_PROG_FENTRY:
		/*
		 * Unpatches the call and waits for every caller: an ops in
		 * module or kmalloc'd memory is FTRACE_OPS_FL_DYNAMIC, for
		 * which ftrace_shutdown() runs synchronize_rcu_tasks_rude()
		 * (every CPU has left any preemption-off section: our callback
		 * runs in one, under the recursion lock) and, on preemptible
		 * kernels (Debian's), synchronize_rcu_tasks() (no task is left
		 * preempted on the trampoline before the callback) before it
		 * returns. So no program runs after this, and the ops may be
		 * reused or freed.
		 */
		unregister_ftrace_function(&prog->fops);
		ftrace_free_filter(&prog->fops);
		unregister_kprobe(&prog->fentry_guard);
		break;
	case IU_PROG_PERF_EVENT:
		/*
		 * perf_event_release_kernel removes each event from its CPU
		 * (perf_remove_from_context: a function call on that CPU with
		 * interrupts off, or directly if the CPU is offline, where the
		 * event is off already). Removing it stops the CPU clock's
		 * hrtimer with hrtimer_cancel, which waits for a callback in
		 * progress; the timer is pinned to that CPU and runs in hardirq
		 * there, so none is in progress or can start afterwards, and
		 * the overflow handler is only ever called from that timer. So
		 * once every event is released, no program runs.
		 */
		iu_perf_release(prog);
		break;
	case IU_PROG_TRACEPOINT:
		if (prog->pevents) {
			/*
			 * Releasing a counter takes it off its CPU's list of the
			 * event's perf users, which the tracepoint walks under
			 * RCU with preemption off; the tracepoint only waits for
			 * its walkers itself when its last perf user goes. Wait
			 * here, so no program runs after this returns even while
			 * others (perf, eBPF) still use the event.
			 */
			iu_perf_release(prog);
		} else if (prog->tp == iu_sys_exit_tp) {
			tracepoint_probe_unregister(prog->tp, iu_sys_exit_probe, prog);
		} else {
			tracepoint_probe_unregister(prog->tp, iu_sys_enter_probe, prog);
		}
		tracepoint_synchronize_unregister();
		break;
	case IU_PROG_RAW_TRACEPOINT:
		/* Waits for every probe call in progress (RCU, and SRCU for
		 * tracepoints that may sleep). */
		tracepoint_probe_unregister(prog->tp, iu_raw_tp_probe, prog);
		tracepoint_synchronize_unregister();
		break;
	}
}

u64 iu_prog_missed(struct iu_prog *prog)
{
	return atomic64_read(&prog->missed) + iu_kprobe_missed(prog);
}
