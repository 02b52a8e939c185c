// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * syscall_loop: the event source of the per-event overhead benchmark
 * (bench/run, "kernel"). Runs one cheap system call in a loop under an
 * allow-all seccomp filter, so the kernel calls __seccomp_filter (where
 * tracex5 is attached) once per call, and prints the mean time per call.
 *
 *   syscall_loop [getppid|getpid] ITERATIONS OUT
 *
 * The filter is installed only if the process has none yet: the loaders
 * (iu-load, tracex5_ebpf) install one for the command they start, so every
 * configuration runs with exactly one filter. OUT receives one line,
 * "<syscall> <iterations> <ns per call>", so the loaders' output on stdout
 * cannot mix with it. Built static: it runs in iu-vm's bare initramfs.
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
	double t0, t1;
	FILE *out;

	if (argc != 4 || (strcmp(argv[1], "getppid") && strcmp(argv[1], "getpid"))) {
		fprintf(stderr, "usage: syscall_loop getppid|getpid ITERATIONS OUT\n");
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
	t0 = now_ns();
	for (i = 0; i < iters; i++)
		syscall(nr);
	t1 = now_ns();
	out = fopen(argv[3], "w");
	if (!out) {
		perror(argv[3]);
		return 1;
	}
	fprintf(out, "%s %ld %.1f\n", argv[1], iters, (t1 - t0) / iters);
	fclose(out);
	return 0;
}
