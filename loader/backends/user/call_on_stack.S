/*
 * int64_t iu_call_on_stack(int64_t (*entry)(void *ctx), void *ctx, void *stack_top)
 *
 * Runs an image entry on an iu stack (abi.h): image code finds its
 * invocation state at the base of the stack it runs on. A panic unwinds
 * inside the entry (its trampoline holds the landing point), so this
 * always returns normally.
 */
	.text
	.globl iu_call_on_stack
	.type iu_call_on_stack,@function
iu_call_on_stack:
	.cfi_startproc
	endbr64
	push %rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	mov %rsp, %rbp
	.cfi_def_cfa_register %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	sub $8, %rsp
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsp          /* switch to the iu stack (16-byte aligned top) */
	call *%rax
	lea -40(%rbp), %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	.cfi_def_cfa %rsp, 8
	ret
	.cfi_endproc
	.size iu_call_on_stack, .-iu_call_on_stack

	.section .note.GNU-stack,"",@progbits
