// SPDX-License-Identifier: GPL-2.0
/*
 * Running a program: on a dedicated per-CPU iu stack (abi.h: IU_STACK_SIZE
 * bytes aligned to IU_STACK_SIZE, struct iu_run at its base), so image code
 * finds its fuel and panic landing from the stack pointer alone and never
 * runs on whatever is left of the hooked context's stack.
 *
 * The stacks are mapped in vmalloc space with a hole: page 0 holds the run
 * state, page 1 is never mapped, pages 2.. are the stack. An overflow faults
 * on the hole (the CPU cannot push the page fault's frame: a double fault,
 * which stops the machine) before it can touch the run state or anything
 * else, like the kernel's own CONFIG_VMAP_STACK stacks.
 *
 * Programs never run re-entrantly. A per-CPU counter (BPF's bpf_prog_active)
 * says "inside iu": a hook that fires while this CPU runs a program (a
 * kprobe on something a helper calls, an irq or NMI during a program),
 * holds a record buffer's lock or runs a map operation for user space
 * (iu_run_hold) does not run its program; the hit is counted as missed.
 * One stack per CPU is therefore enough.
 *
 * Nothing on this path may be probed (NOKPROBE_SYMBOL): a kprobe inside
 * iu.ko would fire inside iu.
 */
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#include "iu_internal.h"
#include "iu_stats.h"

#define IU_STACK_PAGES (IU_STACK_SIZE / PAGE_SIZE)

struct iu_cpu {
	int active;                /* > 0: inside iu on this CPU */
	struct iu_prog *prog;      /* the program running, for helpers */
	struct pt_regs *regs;      /* the kernel registers its hook fired with, or NULL */
	struct iu_run *run;        /* base of this CPU's iu stack */
	struct page *pages[IU_STACK_PAGES];
};

static DEFINE_PER_CPU(struct iu_cpu, iu_cpu);

/* Unmaps one page of a vmap() area: a single PTE store (as iu_exec_mem.c
 * edits arena PTEs; vmap areas use 4 KiB pages). vunmap() later finds an
 * empty PTE there, which it accepts. */
static int iu_unmap_page(unsigned long addr)
{
	unsigned int level;
	pte_t *ptep = lookup_address(addr, &level);

	if (!ptep || level != PG_LEVEL_4K || !pte_present(*ptep))
		return -EOPNOTSUPP;
	set_pte_atomic(ptep, __pte(0));
	return 0;
}

static void iu_flush_tlb_all(void *unused)
{
	__flush_tlb_all();
}

static void iu_free_stack(struct iu_cpu *c)
{
	unsigned int i;

	if (c->run)
		vunmap(c->run);
	c->run = NULL;
	for (i = 0; i < IU_STACK_PAGES; i++) {
		if (c->pages[i] && i != IU_STACK_GUARD_PAGE)
			__free_page(c->pages[i]);
		c->pages[i] = NULL;
	}
}

/*
 * One CPU's stack. vmap() hands out page-aligned addresses; VM_IOREMAP makes
 * the area aligned to its size rounded up to a power of two (the rule
 * ioremap relies on), which is the alignment abi.h asks for. The guard
 * slot first maps page 0 a second time, then its PTE is cleared.
 */
static int iu_alloc_stack(struct iu_cpu *c, int node)
{
	unsigned int i;
	void *base;
	int ret;

	for (i = 0; i < IU_STACK_PAGES; i++) {
		if (i == IU_STACK_GUARD_PAGE)
			continue;
		c->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
		if (!c->pages[i])
			return -ENOMEM;
	}
	c->pages[IU_STACK_GUARD_PAGE] = c->pages[IU_STACK_RUN_PAGE];
	base = vmap(c->pages, IU_STACK_PAGES, VM_MAP | VM_IOREMAP, PAGE_KERNEL);
	if (!base)
		return -ENOMEM;
	c->run = base;
	if (!IS_ALIGNED((unsigned long)base, IU_STACK_SIZE)) {
		pr_err("iu: vmap did not align the iu stack to %u bytes\n", IU_STACK_SIZE);
		return -EINVAL;
	}
	ret = iu_unmap_page((unsigned long)base + IU_STACK_GUARD_PAGE * PAGE_SIZE);
	if (ret)
		return ret;
	c->pages[IU_STACK_GUARD_PAGE] = NULL;
	return 0;
}

int iu_run_init(void)
{
	unsigned int cpu;
	int ret;

	BUILD_BUG_ON(IU_STACK_SIZE % PAGE_SIZE || IU_STACK_PAGES < 4);
	BUILD_BUG_ON(sizeof(struct iu_run) > PAGE_SIZE);
	BUILD_BUG_ON(IU_STACK_PROG_MAX + IU_STACK_HELPER_RESERVE > IU_STACK_USABLE);
	for_each_possible_cpu(cpu) {
		ret = iu_alloc_stack(per_cpu_ptr(&iu_cpu, cpu), cpu_to_node(cpu));
		if (ret) {
			iu_run_exit();
			return ret;
		}
	}
	/* No CPU may keep a TLB entry for a guard page. */
	on_each_cpu(iu_flush_tlb_all, NULL, 1);
	return 0;
}

void iu_run_exit(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		iu_free_stack(per_cpu_ptr(&iu_cpu, cpu));
}

/* Calls entry(ctx) on the stack whose top is tos, the way the kernel's
 * call_on_stack() (asm/irq_stack.h) switches to the irq stack: the old
 * stack pointer is kept in the new stack's top slot. */
static noinline iu_s64 iu_stack_body(iu_s64 (*entry)(void *), void *ctx)
{
	return entry(ctx);
}
NOKPROBE_SYMBOL(iu_stack_body);

static __always_inline iu_s64 iu_call_on_stack(void *tos, iu_s64 (*entry)(void *), void *ctx)
{
	register void *tos_reg asm("r11") = tos;
	register void *arg0 asm("rdi") = entry;
	register void *arg1 asm("rsi") = ctx;
	iu_s64 ret;

	asm volatile("movq	%%rsp, (%[tos])\n"
		     "movq	%[tos], %%rsp\n"
		     "call	%c[body]\n"
		     "popq	%%rsp\n"
		     : "=a"(ret), "+r"(tos_reg), "+D"(arg0), "+S"(arg1), ASM_CALL_CONSTRAINT
		     : [body] "i"(iu_stack_body), [tos] "r"(tos_reg)
		     : "cc", "rcx", "rdx", "r8", "r9", "r10", "memory");
	return ret;
}

void iu_run_prog_regs(struct iu_prog *prog, void *ctx, struct pt_regs *regs)
{
	struct iu_cpu *c;
	struct iu_run *run;
	u64 start;

	if (test_bit(IU_PROG_DEAD, &prog->state))
		return;
	if (unlikely(this_cpu_inc_return(iu_cpu.active) != 1)) {
		atomic64_inc(&prog->missed);
		goto out;
	}
	c = this_cpu_ptr(&iu_cpu);
	c->prog = prog;
	c->regs = regs;
	run = c->run;
	/* Only these are read on every run; the panic path writes every
	 * other field it reports before status says there is a report. */
	run->status = IU_RUN_OK;
	run->fuel = prog->obj->fuel;
	run->host[IU_RUN_HOST_START] = 0;
	run->host[IU_RUN_HOST_TIMED_OUT] = 0;
	run->host[IU_RUN_HOST_CALLS] = 0;
	/* The top slot keeps the hooked context's stack pointer; 16 bytes
	 * below the top keeps the image's frames 16-byte aligned. The RCU
	 * read lock is what BPF map operations ask of their callers, and it
	 * keeps a value iu_map_lookup_ref lent valid for the whole invocation
	 * (iu_maps.c); a helper that ends the invocation early unwinds to the
	 * trampoline, which returns here, so it is always released. */
	start = iu_stats_begin();
	rcu_read_lock();
	iu_call_on_stack((u8 *)run + IU_STACK_SIZE - 16, prog->entry, ctx);
	rcu_read_unlock();
	iu_stats_end(prog, start);
	atomic64_inc(&prog->runs);
	if (run->status != IU_RUN_OK) {
		atomic64_inc(&prog->panics);
		iu_object_prog_panicked(prog, run);
	}
	c->prog = NULL;
	c->regs = NULL;
out:
	this_cpu_dec(iu_cpu.active);
}
NOKPROBE_SYMBOL(iu_run_prog_regs);

void iu_run_prog(struct iu_prog *prog, void *ctx)
{
	iu_run_prog_regs(prog, ctx, NULL);
}
NOKPROBE_SYMBOL(iu_run_prog);

void iu_run_hold(void)
{
	this_cpu_inc(iu_cpu.active);
}
NOKPROBE_SYMBOL(iu_run_hold);

void iu_run_release(void)
{
	this_cpu_dec(iu_cpu.active);
}
NOKPROBE_SYMBOL(iu_run_release);

struct iu_prog *iu_run_current(void)
{
	return this_cpu_read(iu_cpu.prog);
}
NOKPROBE_SYMBOL(iu_run_current);

struct pt_regs *iu_run_regs(void)
{
	struct iu_cpu *c = this_cpu_ptr(&iu_cpu);

	return c->prog ? c->regs : NULL;
}
NOKPROBE_SYMBOL(iu_run_regs);

struct iu_run *iu_run_state(void)
{
	struct iu_cpu *c = this_cpu_ptr(&iu_cpu);

	return c->prog ? c->run : NULL;
}
NOKPROBE_SYMBOL(iu_run_state);
