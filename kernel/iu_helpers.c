// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel helper table: the functions an image may import (abi.h's
 * IU_HELPER_LIST; the map and event helpers are in iu_maps.c), with the
 * user backend's semantics
 * (loader/backends/user/helper_table.cpp). Each runs in whatever context
 * the hook fired in (NMI included) on an iu stack: no sleeping, no locks
 * that an interrupted context could hold, and every copy is bounded by an
 * explicit size into memory the image owns.
 */
#include <linux/cgroup.h>
#include <linux/kprobes.h>
#include <linux/cred.h>
#include <linux/objtool.h>
#include <linux/percpu.h>
#include <linux/prandom.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task_stack.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <asm/processor-flags.h>
#include <asm/unwind.h>

#include "iu_internal.h"

#define CREATE_TRACE_POINTS
#include "iu_trace_event.h"

/*
 * Ends the invocation at once, from inside a helper: the way the runtime's
 * panic does (abi.h: landing is the trampoline's __builtin_setjmp buffer,
 * [0] frame pointer, [1] landing address, [2] stack pointer), so the
 * trampoline returns IU_PANIC_RETURN to the hook and iu_run_prog() reports
 * the status set here. Only called at the top of a helper, before it has
 * taken anything (no lock, no RCU, no preemption change): the frames it
 * drops own nothing. The jump goes through the retpoline thunk; the landing
 * address starts with endbr64 (the image is built with
 * -fcf-protection=branch).
 */
static noinline void iu_unwind(struct iu_run *run)
{
	asm volatile("movq	%c[fp](%%rdi), %%rbp\n\t"
		     "movq	%c[ip](%%rdi), %%rax\n\t"
		     "movq	%c[sp](%%rdi), %%rsp\n\t"
		     "jmp	__x86_indirect_thunk_rax\n\t"
		     :
		     : "D"(run), [fp] "i"(offsetof(struct iu_run, landing[0])),
		       [ip] "i"(offsetof(struct iu_run, landing[1])),
		       [sp] "i"(offsetof(struct iu_run, landing[2]))
		     : "memory");
	/* Not reached. (Not __noreturn: objtool would see a call that falls
	 * through into the next function.) */
}
STACK_FRAME_NON_STANDARD(iu_unwind);
NOKPROBE_SYMBOL(iu_unwind);

/*
 * Charges the running invocation iu_fuel_cost(bytes) before a helper does
 * its work (abi.h). False when that leaves the fuel negative: the helper
 * then does no work (zeroing its output) and returns -E2BIG, or 0 if it
 * returns an integer without an error value, and the image's next fuel
 * check ends the invocation. Fuel already spent is not charged again, so
 * it cannot wrap around.
 *
 * The time bound, a second line of defence: the first helper call of an
 * invocation records the time; every 16th later one past
 * IU_INVOCATION_MAX_NS ends the invocation on the spot (iu_unwind), fuel
 * left or not, with a fuel report that says so. Whatever the image's fuel
 * accounting missed is thereby bounded at a helper call too. sched_clock()
 * is the TSC read the scheduler uses: NMI-safe and a few ns; the invocation
 * does not migrate (preemption is off), so one CPU's clock is enough.
 */
bool iu_charge(u64 bytes)
{
	struct iu_run *run = iu_run_state();
	u64 now, start;

	if (unlikely(!run))
		return true;
	/* The clock on the first helper call and every 16th after it: most
	 * invocations call a few helpers, and each call is bounded work (at
	 * most IU_STACK_SIZE bytes), so 15 unchecked calls past the bound
	 * cost little and the common case reads the clock once. */
	if (run->host[IU_RUN_HOST_CALLS]++ % 16)
		goto charge;
	now = sched_clock();
	start = run->host[IU_RUN_HOST_START];
	if (!start) {
		run->host[IU_RUN_HOST_START] = now ? now : 1;
	} else if (unlikely(now - start > IU_INVOCATION_MAX_NS)) {
		run->host[IU_RUN_HOST_TIMED_OUT] = now - start;
		run->fuel = -1;
		run->panic_kind = IU_PANIC_FUEL;
		run->line = 0;
		run->column = 0;
		run->file[0] = 0;
		run->msg[0] = 0;
		run->status = IU_RUN_FUEL;
		iu_unwind(run);
		return false;
	}
charge:
	if (run->fuel < 0)
		return false;
	run->fuel -= (s64)iu_fuel_cost(bytes);  /* bytes <= IU_STACK_SIZE: no wrap */
	return run->fuel >= 0;
}
NOKPROBE_SYMBOL(iu_charge);

/* Like bpf_trace_printk: the text goes to the kernel trace buffer and to
 * the loader reading the object's descriptor. */
iu_s64 iu_trace_printk(const char *buf, iu_u32 len)
{
	struct iu_prog *prog = iu_run_current();
	size_t n;

	if (!buf)
		return -EINVAL;
	if (len >= IU_TRACE_PRINTK_MAX)
		len = IU_TRACE_PRINTK_MAX - 1;
	if (!iu_charge(len))
		return -E2BIG;
	n = strnlen(buf, len);
	if (n && buf[n - 1] == '\n')
		trace_iu_trace_printk(buf, n - 1);
	else
		trace_iu_trace_printk(buf, n);
	if (prog)
		iu_object_emit(prog->obj, prog, IU_REC_TRACE, buf, n);
	return len;
}
NOKPROBE_SYMBOL(iu_trace_printk);

/* bpf_probe_read_kernel: a fault-tolerant copy; the destination is zeroed
 * when the source cannot be read, or may not be (lockdown). */
iu_s64 iu_probe_read_kernel(void *dst, iu_u32 size, iu_u64 src)
{
	long ret;

	if (!dst || size > IU_STACK_SIZE)
		return -EINVAL;
	if (!iu_charge(size)) {
		memset(dst, 0, size);
		return -E2BIG;
	}
	ret = iu_lockdown_kernel_read();
	if (!ret)
		ret = copy_from_kernel_nofault(dst, (const void *)(unsigned long)src, size) ?
			-EFAULT : 0;
	if (ret)
		memset(dst, 0, size);
	return ret;
}
NOKPROBE_SYMBOL(iu_probe_read_kernel);

/* The integer-returning helpers have no error value: out of fuel they do
 * no work and return 0. */
iu_u64 iu_get_current_pid_tgid(void)
{
	if (!iu_charge(0))
		return 0;
	return ((u64)current->tgid << 32) | (u32)current->pid;
}
NOKPROBE_SYMBOL(iu_get_current_pid_tgid);

/* bpf_get_current_comm: no task_lock (NMI-safe), always NUL-terminated. */
iu_s64 iu_get_current_comm(char *buf, iu_u32 size)
{
	if (!buf || size == 0)
		return -EINVAL;
	if (size > IU_STACK_SIZE)
		return -EINVAL;
	if (!iu_charge(size)) {
		memset(buf, 0, size);
		return -E2BIG;
	}
	strscpy_pad(buf, current->comm, size);
	return 0;
}
NOKPROBE_SYMBOL(iu_get_current_comm);

iu_u64 iu_ktime_get_ns(void)
{
	if (!iu_charge(0))
		return 0;
	return ktime_get_mono_fast_ns();
}
NOKPROBE_SYMBOL(iu_ktime_get_ns);

iu_u32 iu_get_smp_processor_id(void)
{
	if (!iu_charge(0))
		return 0;
	return raw_smp_processor_id();
}
NOKPROBE_SYMBOL(iu_get_smp_processor_id);

/* The current task's user-mode registers (bpf_task_pt_regs(current));
 * kernel threads have none. */
iu_s64 iu_get_current_task_regs(void *out, iu_u32 size)
{
	if (!out || size != IU_PT_REGS_SIZE)
		return -EINVAL;
	BUILD_BUG_ON(sizeof(struct pt_regs) != IU_PT_REGS_SIZE);
	if (!iu_charge(size)) {
		memset(out, 0, size);
		return -E2BIG;
	}
	if (current->flags & PF_KTHREAD) {
		memset(out, 0, size);
		return -ENOENT;
	}
	memcpy(out, task_pt_regs(current), size);
	return 0;
}
NOKPROBE_SYMBOL(iu_get_current_task_regs);

/* bpf_probe_read_user: copy_from_user_nofault checks the range is user
 * memory (access_ok) and that this context may touch it (nmi_uaccess_okay),
 * and takes no page fault: a kernel thread, an unmapped or swapped-out page
 * gives -EFAULT. The destination is zeroed on failure. */
iu_s64 iu_probe_read_user(void *dst, iu_u32 size, iu_u64 src)
{
	if (!dst || size > IU_STACK_SIZE)
		return -EINVAL;
	if (!iu_charge(size)) {
		memset(dst, 0, size);
		return -E2BIG;
	}
	if (copy_from_user_nofault(dst, (const void __user *)(unsigned long)src, size)) {
		memset(dst, 0, size);
		return -EFAULT;
	}
	return 0;
}
NOKPROBE_SYMBOL(iu_probe_read_user);

/*
 * strncpy_from_{user,kernel}_nofault's contract, which neither 6.1 nor 6.12
 * exports to modules: copies the string at src into dst[0..size), returns
 * its length including the NUL, or size with dst[size - 1] = 0 when it is
 * longer. It reads in pieces that end at page boundaries through the
 * exported nofault copies (each piece lies in one page, so it reads no page
 * the string does not reach), and may read past the NUL up to the end of
 * that page or of dst, as the kernel's word-at-a-time copy does; nothing
 * past the NUL is kept (dst is zeroed after it).
 */
static long iu_strncpy_nofault(char *dst, u64 src, u32 size, bool user)
{
	u32 done = 0;

	while (done < size) {
		u64 addr = src + done;
		u32 chunk = min_t(u64, size - done, PAGE_SIZE - (addr & ~PAGE_MASK));
		size_t n;
		long err;

		if (user)
			err = copy_from_user_nofault(dst + done,
						     (const void __user *)(unsigned long)addr, chunk);
		else
			err = copy_from_kernel_nofault(dst + done, (const void *)(unsigned long)addr,
						       chunk);
		if (err)
			return -EFAULT;
		n = strnlen(dst + done, chunk);
		if (n < chunk) {
			memset(dst + done + n, 0, chunk - n);
			memset(dst + done + chunk, 0, size - done - chunk);
			return done + n + 1;
		}
		done += chunk;
	}
	dst[size - 1] = 0;
	return size;
}
NOKPROBE_SYMBOL(iu_strncpy_nofault);

/* A string read for the two helpers below: cut and NUL-terminated to
 * size, dst zeroed on failure; kernel reads are refused under lockdown as
 * probe_read_kernel is. */
static iu_s64 iu_probe_read_str(char *dst, iu_u32 size, iu_u64 src, bool user)
{
	long ret;

	if (!dst || size == 0 || size > IU_STACK_SIZE)
		return -EINVAL;
	if (!iu_charge(size)) {
		memset(dst, 0, size);
		return -E2BIG;
	}
	ret = user ? 0 : iu_lockdown_kernel_read();
	if (!ret)
		ret = iu_strncpy_nofault(dst, src, size, user);
	if (ret < 0)
		memset(dst, 0, size);
	return ret;
}
NOKPROBE_SYMBOL(iu_probe_read_str);

/* bpf_probe_read_user_str */
iu_s64 iu_probe_read_user_str(char *dst, iu_u32 size, iu_u64 src)
{
	return iu_probe_read_str(dst, size, src, true);
}
NOKPROBE_SYMBOL(iu_probe_read_user_str);

/* bpf_probe_read_kernel_str */
iu_s64 iu_probe_read_kernel_str(char *dst, iu_u32 size, iu_u64 src)
{
	return iu_probe_read_str(dst, size, src, false);
}
NOKPROBE_SYMBOL(iu_probe_read_kernel_str);

/* bpf_get_current_uid_gid: the real ids, as the task's own user namespace
 * sees them (overflow ids when unmapped). current_cred() takes no lock. */
iu_u64 iu_get_current_uid_gid(void)
{
	const struct cred *cred = current_cred();
	uid_t uid;
	gid_t gid;

	if (!iu_charge(0))
		return 0;
	uid = from_kuid_munged(cred->user_ns, cred->uid);
	gid = from_kgid_munged(cred->user_ns, cred->gid);
	return ((u64)gid << 32) | uid;
}
NOKPROBE_SYMBOL(iu_get_current_uid_gid);

/*
 * bpf_get_prandom_u32: a per-CPU prandom state, seeded from the entropy
 * pool at module load (iu_helpers_init). get_random_u32 is not used: it
 * takes a local lock and may reseed under a spinlock, which an NMI must
 * not. An NMI that interrupts this helper on the same CPU can only make
 * two draws share state: bad randomness, never a fault.
 */
static DEFINE_PER_CPU(struct rnd_state, iu_rnd_state);

void iu_helpers_init(void)
{
	prandom_seed_full_state(&iu_rnd_state);
}

iu_u32 iu_get_prandom_u32(void)
{
	if (!iu_charge(0))
		return 0;
	return prandom_u32_state(this_cpu_ptr(&iu_rnd_state));
}
NOKPROBE_SYMBOL(iu_get_prandom_u32);

/* bpf_ktime_get_boot_ns: the NMI-safe boot-time clock. */
iu_u64 iu_ktime_get_boot_ns(void)
{
	if (!iu_charge(0))
		return 0;
	return ktime_get_boot_fast_ns();
}
NOKPROBE_SYMBOL(iu_ktime_get_boot_ns);

/* bpf_get_current_task: an address the image can only compare, offset and
 * hand to iu_probe_read_kernel, whose copy tolerates any value. */
iu_u64 iu_get_current_task(void)
{
	if (!iu_charge(0))
		return 0;
	return (iu_u64)(unsigned long)current;
}
NOKPROBE_SYMBOL(iu_get_current_task);

/*
 * bpf_get_stack for a kernel stack: return addresses, innermost first,
 * walked the way perf_callchain_kernel walks a sample's stack, with the
 * exported ORC unwinder (__unwind_start, unwind_next_frame,
 * unwind_get_return_address; stack_trace_save_regs is exported on neither
 * 6.1 nor 6.12) from the registers the hook fired with (iu_run_regs).
 * Never from here: this helper runs on the iu stack, which the unwinder
 * does not know, so stack_trace_save() would stop at once, and iu's own
 * frames are not the program's business anyway.
 *
 * What it writes: buf[0 .. size / 8), the image's array (the size its
 * type gives, checked against IU_STACK_DEPTH_MAX), and nothing else: n
 * never passes max, and the rest is zeroed. What it reads: only what the
 * unwinder reads, which is the ORC tables and stack words it has first
 * checked to lie on one of the current task's known stacks (task, irq,
 * exception, entry: stack_access_ok), so it never faults; perf runs the
 * same walk in NMI context. It takes no lock and allocates nothing.
 * Bounded: at most IU_STACK_DEPTH_MAX - 1 unwinder steps, charged in
 * advance. The values are addresses the image can only compare and
 * print: buf[0] is regs->ip, the rest passed __kernel_text_address in
 * unwind_get_return_address. User-mode registers have no kernel stack
 * (0 entries), and a hook without registers (syscall tracepoints) none
 * either.
 */
iu_s64 iu_get_stack(void *out, iu_u32 size)
{
	struct unwind_state state;
	struct pt_regs *regs;
	u64 *buf = out;
	u32 max, n = 0;

	if (!buf || size == 0 || size % sizeof(u64) || size / sizeof(u64) > IU_STACK_DEPTH_MAX)
		return -EINVAL;
	max = size / sizeof(u64);
	if (!iu_charge((u64)size * 8)) {
		memset(buf, 0, size);
		return -E2BIG;
	}
	/* Kernel addresses: refused where reading kernel memory is. */
	if (iu_lockdown_kernel_read()) {
		memset(buf, 0, size);
		return -EPERM;
	}
	regs = iu_run_regs();
	if (regs && !user_mode(regs)) {
		buf[n++] = instruction_pointer(regs);
		/* Registers a trap or interrupt saved (perf_hw_regs): every
		 * hook's are; others would start the walk from here. */
		if (regs->flags & X86_EFLAGS_FIXED) {
			for (unwind_start(&state, current, regs, NULL);
			     n < max && !unwind_done(&state); unwind_next_frame(&state)) {
				unsigned long addr = unwind_get_return_address(&state);

				if (!addr)
					break;
				buf[n++] = addr;
			}
		}
	}
	memset(buf + n, 0, (max - n) * sizeof(u64));
	return n;
}
NOKPROBE_SYMBOL(iu_get_stack);

/*
 * bpf_get_current_cgroup_id: the id of current's cgroup on the default
 * (v2) hierarchy, read as the BPF helper reads it. task_dfl_cgroup and
 * cgroup_id are inline on 6.1 and 6.12 (nothing to export); rcu_read_lock
 * keeps the css_set and its cgroup alive for the two loads and is safe in
 * any context a hook fires in, NMI included. Returns an integer only.
 */
iu_u64 iu_get_current_cgroup_id(void)
{
	iu_u64 id = 0;

	if (!iu_charge(0))
		return 0;
#ifdef CONFIG_CGROUPS
	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
#endif
	return id;
}
NOKPROBE_SYMBOL(iu_get_current_cgroup_id);

static const struct {
	const char *name;
	const void *addr;
} iu_helpers[] = {
#define IU_X(helper) { #helper, (const void *)&helper },
	IU_HELPER_LIST(IU_X)
#undef IU_X
};

int iu_helper_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(iu_helpers); i++)
		if (!strcmp(iu_helpers[i].name, name))
			return i;
	return -1;
}

unsigned long iu_helper_addr(int index)
{
	if (index < 0 || index >= (int)ARRAY_SIZE(iu_helpers))
		return 0;
	return (unsigned long)iu_helpers[index].addr;
}
