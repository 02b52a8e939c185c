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
#include <linux/kprobes.h>
#include <linux/objtool.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task_stack.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

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
