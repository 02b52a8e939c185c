// SPDX-License-Identifier: GPL-2.0
/*
 * tracex5_ebpf: loads tracex5.bpf.o with libbpf, attaches its kprobe, runs
 * COMMAND under an allow-all seccomp filter (so the kernel calls
 * __seccomp_filter for each of its system calls, as tracex5_user.c does)
 * and prints the trace_pipe lines its program writes.
 *
 *   tracex5_ebpf [--obj FILE] -- COMMAND [ARGS...]
 *
 * FILE defaults to tracex5.bpf.o next to this executable. The exit status
 * is COMMAND's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#define TRACE_PIPE "/sys/kernel/tracing/trace_pipe"

static int install_allow_all_seccomp(void)
{
	struct sock_filter filter[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return -errno;
	return 0;
}

/* Copies complete bpf_trace_printk lines from the trace pipe to stdout. */
static void drain(int fd, char *buf, size_t *have, size_t cap)
{
	for (;;) {
		ssize_t n = read(fd, buf + *have, cap - *have - 1);
		char *line, *nl;

		if (n <= 0)
			return;
		*have += (size_t)n;
		buf[*have] = 0;
		line = buf;
		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			if (strstr(line, "bpf_trace_printk: "))
				printf("%s\n", line);
			line = nl + 1;
		}
		*have -= (size_t)(line - buf);
		memmove(buf, line, *have);
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	char path[PATH_MAX], buf[1 << 16];
	const char *obj_path = NULL;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	size_t have = 0;
	int i, fd, status = 0;
	pid_t child;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--obj") && i + 1 < argc)
			obj_path = argv[++i];
		else
			break;
	}
	if (i >= argc || strcmp(argv[i], "--") || i + 1 >= argc) {
		fprintf(stderr, "Usage: %s [--obj FILE] -- COMMAND [ARGS...]\n", argv[0]);
		return 2;
	}
	argv += i + 1;
	if (!obj_path) {
		ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);

		if (n < 0)
			return 1;
		path[n] = 0;
		strcpy(strrchr(path, '/') + 1, "tracex5.bpf.o");
		obj_path = path;
	}
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "tracex5_ebpf: cannot load %s\n", obj_path);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "bpf_prog1");
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link) {
		fprintf(stderr, "tracex5_ebpf: cannot attach bpf_prog1\n");
		return 1;
	}
	fd = open(TRACE_PIPE, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "tracex5_ebpf: %s: %s\n", TRACE_PIPE, strerror(errno));
		return 1;
	}
	drain(fd, buf, &have, sizeof(buf));
	have = 0;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		if (install_allow_all_seccomp() == 0)
			execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		poll(&p, 1, 20);
		drain(fd, buf, &have, sizeof(buf));
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	usleep(100000);
	drain(fd, buf, &have, sizeof(buf));
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
