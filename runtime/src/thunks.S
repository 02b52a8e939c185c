/*
 * Speculative-execution mitigation thunks, defined inside the image (hidden)
 * so images import none. Code is built with -mretpoline-external-thunk and
 * -mfunction-return=thunk-extern, like the kernel. A host may patch call
 * sites (the kernel backend turns them into its own mitigations).
 */
	.section .text.iu_thunks,"ax",@progbits

	.globl __x86_return_thunk
	.hidden __x86_return_thunk
	.type __x86_return_thunk,@function
__x86_return_thunk:
	ret
	int3
	.size __x86_return_thunk, .-__x86_return_thunk

/* Retpoline for an indirect call/jump through \reg. */
.macro IU_RETPOLINE reg
	.globl __x86_indirect_thunk_\reg
	.hidden __x86_indirect_thunk_\reg
	.type __x86_indirect_thunk_\reg,@function
__x86_indirect_thunk_\reg:
	call 1f
2:	pause
	lfence
	jmp 2b
1:	mov %\reg, (%rsp)
	ret
	int3
	.size __x86_indirect_thunk_\reg, .-__x86_indirect_thunk_\reg
.endm

IU_RETPOLINE rax
IU_RETPOLINE rbx
IU_RETPOLINE rcx
IU_RETPOLINE rdx
IU_RETPOLINE rsi
IU_RETPOLINE rdi
IU_RETPOLINE rbp
IU_RETPOLINE r8
IU_RETPOLINE r9
IU_RETPOLINE r10
IU_RETPOLINE r11
IU_RETPOLINE r12
IU_RETPOLINE r13
IU_RETPOLINE r14
IU_RETPOLINE r15

	.section .note.GNU-stack,"",@progbits
