// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel helper table: the functions an image may import (abi.h's
 * IU_HELPER_LIST), with the user backend's semantics
 * (loader/backends/user/helper_table.cpp). Each runs in whatever context
 * the hook fired in (NMI included) on an iu stack: no sleeping, no locks
 * that an interrupted context could hold, and every copy is bounded by an
 * explicit size into memory the image owns.
 */
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "iu_internal.h"

#define CREATE_TRACE_POINTS
#include "iu_trace_event.h"

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
	n = strnlen(buf, len);
	if (n && buf[n - 1] == '\n')
		trace_iu_trace_printk(buf, n - 1);
	else
		trace_iu_trace_printk(buf, n);
	if (prog)
		iu_object_emit(prog->obj, prog, IU_REC_TRACE, buf, n);
	return len;
}

/* bpf_probe_read_kernel: a fault-tolerant copy; the destination is zeroed
 * when the source cannot be read. */
iu_s64 iu_probe_read_kernel(void *dst, iu_u32 size, iu_u64 src)
{
	long ret;

	if (!dst || size > IU_STACK_SIZE)
		return -EINVAL;
	ret = copy_from_kernel_nofault(dst, (const void *)(unsigned long)src, size);
	if (ret) {
		memset(dst, 0, size);
		return -EFAULT;
	}
	return 0;
}

iu_u64 iu_get_current_pid_tgid(void)
{
	return ((u64)current->tgid << 32) | (u32)current->pid;
}

/* bpf_get_current_comm: no task_lock (NMI-safe), always NUL-terminated. */
iu_s64 iu_get_current_comm(char *buf, iu_u32 size)
{
	if (!buf || size == 0)
		return -EINVAL;
	if (size > IU_STACK_SIZE)
		return -EINVAL;
	strscpy_pad(buf, current->comm, size);
	return 0;
}

iu_u64 iu_ktime_get_ns(void)
{
	return ktime_get_mono_fast_ns();
}

iu_u32 iu_get_smp_processor_id(void)
{
	return raw_smp_processor_id();
}

/* The current task's user-mode registers (bpf_task_pt_regs(current));
 * kernel threads have none. */
iu_s64 iu_get_current_task_regs(void *out, iu_u32 size)
{
	if (!out || size != IU_PT_REGS_SIZE)
		return -EINVAL;
	BUILD_BUG_ON(sizeof(struct pt_regs) != IU_PT_REGS_SIZE);
	if (current->flags & PF_KTHREAD) {
		memset(out, 0, size);
		return -ENOENT;
	}
	memcpy(out, task_pt_regs(current), size);
	return 0;
}

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
