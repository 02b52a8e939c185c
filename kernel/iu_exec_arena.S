/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executable arena (iu_exec_mem.c): IU_ARENA_SIZE bytes of int3 inside
 * iu.ko's own text, so the module loader maps them read-only and
 * executable like the rest of the module. Images are written into it only
 * through a temporary writable, non-executable alias. It is shaped as one
 * function (endbr64 where IBT is configured, int3 padding, a final ud2) so
 * objtool accepts it, and it is on the kprobe blacklist: nobody may plant
 * probes in image code.
 */
#include <linux/linkage.h>
#include <asm/asm.h>

	.section .text.iu_arena, "ax", @progbits
	.balign 4096
SYM_FUNC_START(iu_exec_arena)
	/* Usable: IU_ARENA_SIZE bytes from the first page boundary after the
	 * function's start (which may be preceded by call padding). */
	.fill IU_ARENA_SIZE + 4096, 1, 0xcc
	ud2
SYM_FUNC_END(iu_exec_arena)
	.balign 4096, 0xcc
	_ASM_NOKPROBE(iu_exec_arena)
