/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Markers that bench/qemu-plugin/icount.c recognises in guest code: a
 * 7-byte NOP, "nopl DISP32(%rax)" (0f 1f 80 + DISP32), whose displacement
 * is 0x4955aa00 + kind. It does nothing on any x86-64 CPU; compilers pad
 * with displacement 0, so no other code looks like it.
 *
 *   ICOUNT_TAG()    counted, so that a run can say which it is: the
 *                   number of TAGs since the last START is that run's tag
 *   ICOUNT_START()  the vCPU's instruction count at this point is kept
 *   ICOUNT_STOP()   the plugin writes "icount TAG VCPU INSTRUCTIONS" with
 *                   the instructions this vCPU executed since START
 *
 * The plugin reads them when it translates code, so only x86-64 guests.
 */
#ifndef IU_BENCH_ICOUNT_MARKER_H
#define IU_BENCH_ICOUNT_MARKER_H

#define ICOUNT_MAGIC 0x4955aa00u
#define ICOUNT_KIND_TAG 1
#define ICOUNT_KIND_START 2
#define ICOUNT_KIND_STOP 3

#if defined(__x86_64__) && !defined(ICOUNT_NO_ASM)
#define ICOUNT_TAG() __asm__ volatile("nopl 0x4955aa01(%%rax)" ::: "memory")
#define ICOUNT_START() __asm__ volatile("nopl 0x4955aa02(%%rax)" ::: "memory")
#define ICOUNT_STOP() __asm__ volatile("nopl 0x4955aa03(%%rax)" ::: "memory")
#endif

#endif
