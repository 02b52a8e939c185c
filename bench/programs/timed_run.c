// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * timed_run: the macro benchmark's stopwatch (bench/run, "kernel"). Runs
 * COMMAND, waits for it and writes "<wall ns> <exit status>" to OUT.
 *
 *   timed_run OUT TAG -- COMMAND [ARGS...]
 *
 * With TAG > 0 the run is framed by the markers of icount_marker.h (TAG
 * tag markers, then START; STOP after the command has exited), so that
 * the instruction-counting QEMU plugin reports everything the vCPU ran in
 * between. Those are the instructions of the command only if the command
 * runs on the same CPU as this program (start it under taskset: the
 * children inherit the affinity); TAG 0 marks nothing. Built static.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "icount_marker.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long tag, i;
	long long t0, t1;
	int status;
	pid_t child;
	FILE *out;

	if (argc < 5 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: timed_run OUT TAG -- COMMAND [ARGS...]\n");
		return 2;
	}
	tag = atol(argv[2]);
	for (i = 0; i < tag; i++)
		ICOUNT_TAG();
	if (tag > 0)
		ICOUNT_START();
	t0 = now_ns();
	child = fork();
	if (child == 0) {
		execvp(argv[4], argv + 4);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) != child) {
		perror("timed_run");
		return 1;
	}
	t1 = now_ns();
	if (tag > 0)
		ICOUNT_STOP();
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "%lld %d\n", t1 - t0,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fclose(out);
	return 0;
}
