// SPDX-License-Identifier: GPL-2.0
/*
 * Running a program: on a dedicated per-CPU iu stack (abi.h: IU_STACK_SIZE
 * bytes aligned to IU_STACK_SIZE, struct iu_run at its base), so image code
 * finds its fuel and panic landing from the stack pointer alone and never
 * runs on whatever is left of the hooked context's stack.
 *
 * Each CPU has IU_NEST_MAX stacks: a program interrupted by an irq or NMI
 * whose hook runs another program uses the next one. Deeper nesting is
 * counted as missed and the program is not run.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/string.h>

#include "iu_internal.h"

#define IU_NEST_MAX 4
#define IU_STACK_ORDER get_order(IU_STACK_SIZE)

struct iu_cpu_stacks {
	unsigned int depth;
	struct iu_prog *prog[IU_NEST_MAX];
	void *stack[IU_NEST_MAX];
};

static DEFINE_PER_CPU(struct iu_cpu_stacks, iu_stacks);

int iu_run_init(void)
{
	unsigned int cpu, i;

	BUILD_BUG_ON(IU_STACK_SIZE != PAGE_SIZE << get_order(IU_STACK_SIZE));
	for_each_possible_cpu(cpu) {
		struct iu_cpu_stacks *s = per_cpu_ptr(&iu_stacks, cpu);

		for (i = 0; i < IU_NEST_MAX; i++) {
			/* A buddy block of order n is aligned to its size in the
			 * direct map: exactly the alignment abi.h asks for. */
			struct page *page = alloc_pages_node(cpu_to_node(cpu),
							     GFP_KERNEL | __GFP_ZERO, IU_STACK_ORDER);

			if (!page) {
				iu_run_exit();
				return -ENOMEM;
			}
			s->stack[i] = page_address(page);
			if (!IS_ALIGNED((unsigned long)s->stack[i], IU_STACK_SIZE)) {
				iu_run_exit();
				return -EINVAL;
			}
		}
	}
	return 0;
}

void iu_run_exit(void)
{
	unsigned int cpu, i;

	for_each_possible_cpu(cpu) {
		struct iu_cpu_stacks *s = per_cpu_ptr(&iu_stacks, cpu);

		for (i = 0; i < IU_NEST_MAX; i++) {
			if (s->stack[i])
				free_pages((unsigned long)s->stack[i], IU_STACK_ORDER);
			s->stack[i] = NULL;
		}
	}
}

/* Calls entry(ctx) on the stack whose top is tos, the way the kernel's
 * call_on_stack() (asm/irq_stack.h) switches to the irq stack: the old
 * stack pointer is kept in the new stack's top slot. */
static noinline iu_s64 iu_stack_body(iu_s64 (*entry)(void *), void *ctx)
{
	return entry(ctx);
}

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

void iu_run_prog(struct iu_prog *prog, void *ctx)
{
	struct iu_cpu_stacks *s = this_cpu_ptr(&iu_stacks);
	unsigned int depth = s->depth;
	struct iu_run *run;
	void *tos;

	if (test_bit(IU_PROG_DEAD, &prog->state))
		return;
	if (depth >= IU_NEST_MAX) {
		atomic64_inc(&prog->missed);
		return;
	}
	s->depth = depth + 1;
	s->prog[depth] = prog;
	barrier();

	run = s->stack[depth];
	/* Only these two are read on every run; the panic path writes every
	 * other field it reports before status says there is a report. */
	run->status = IU_RUN_OK;
	run->fuel = prog->obj->fuel;
	/* The top slot keeps the hooked context's stack pointer; 16 bytes
	 * below the top keeps the image's frames 16-byte aligned. */
	tos = (u8 *)run + IU_STACK_SIZE - 16;
	iu_call_on_stack(tos, prog->entry, ctx);
	atomic64_inc(&prog->runs);
	if (run->status != IU_RUN_OK) {
		atomic64_inc(&prog->panics);
		iu_object_prog_panicked(prog, run);
	}

	barrier();
	s->prog[depth] = NULL;
	s->depth = depth;
}

struct iu_prog *iu_run_current(void)
{
	struct iu_cpu_stacks *s = this_cpu_ptr(&iu_stacks);

	return s->depth ? s->prog[s->depth - 1] : NULL;
}
