// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * syscall_loop: the event source of the per-event overhead benchmark
 * (bench/run, "kernel"). Runs one cheap system call in a loop under an
 * allow-all seccomp filter, so the kernel calls __seccomp_filter (where
 * tracex5 is attached) once per call, and prints the time per call: the
 * mean, and that of the fastest block of BLOCK calls (under QEMU/TCG on a
 * shared host, interference only ever adds time, so the best block is the
 * steadier estimate).
 *
 *   syscall_loop [getppid|getpid] ITERATIONS OUT [TAG]
 *
 * With TAG (> 0), the timed loop is framed by the markers of
 * icount_marker.h, TAG tag markers first, so that the instruction-counting
 * QEMU plugin (bench/qemu-plugin) reports the instructions the loop's vCPU
 * executed, under that tag. The markers are NOPs to a CPU.
 *
 * The filter is installed only if the process has none yet (when started
 * by a loader that installed one, there is exactly one filter either way).
 * OUT receives one line, "<syscall> <iterations> <mean ns per call>
 * <best-block ns per call>", so a loader's output on stdout cannot mix with
 * it. Built static: it runs in iu-vm's bare initramfs.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "icount_marker.h"

#define BLOCK 500

static int install_allow_all_seccomp(void)
{
	struct sock_filter filter[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long nr, i, iters;
	double t0, t1, best = 1e300;
	FILE *out;
	long tag = argc == 5 ? atol(argv[4]) : 0;

	if ((argc != 4 && argc != 5) || (strcmp(argv[1], "getppid") && strcmp(argv[1], "getpid"))) {
		fprintf(stderr, "usage: syscall_loop getppid|getpid ITERATIONS OUT [TAG]\n");
		return 2;
	}
	nr = strcmp(argv[1], "getppid") ? SYS_getpid : SYS_getppid;
	iters = atol(argv[2]);
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != SECCOMP_MODE_FILTER &&
	    install_allow_all_seccomp() != 0) {
		perror("syscall_loop: seccomp");
		return 1;
	}
	/* Warm up caches and the hook's first-call paths. */
	for (i = 0; i < iters / 10 + 1; i++)
		syscall(nr);
	iters = (iters + BLOCK - 1) / BLOCK * BLOCK;
	for (i = 0; i < tag; i++)
		ICOUNT_TAG();
	if (tag > 0)
		ICOUNT_START();
	t0 = now_ns();
	for (i = 0; i < iters; i += BLOCK) {
		double b0 = now_ns(), b1;
		int k;

		for (k = 0; k < BLOCK; k++)
			syscall(nr);
		b1 = now_ns();
		if (b1 - b0 < best)
			best = b1 - b0;
	}
	t1 = now_ns();
	if (tag > 0)
		ICOUNT_STOP();
	out = fopen(argv[3], "w");
	if (!out) {
		perror(argv[3]);
		return 1;
	}
	fprintf(out, "%s %ld %.1f %.1f\n", argv[1], iters, (t1 - t0) / iters, best / BLOCK);
	fclose(out);
	return 0;
}
