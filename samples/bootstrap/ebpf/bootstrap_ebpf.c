// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * bootstrap_ebpf: loads bootstrap.bpf.o (the eBPF original, next to this
 * executable unless --obj says otherwise) with min_duration_ns set from
 * -d MS, attaches it, runs COMMAND and prints each exec and exit event of
 * its ring buffer meanwhile, in libbpf-bootstrap's bootstrap.c format (as
 * the port's bootstrap_user does). The exit status is COMMAND's, or 1.
 *
 *   bootstrap_ebpf [-d MS] [--obj FILE] -- COMMAND [ARGS...]
 */
#include <time.h>

#include "../../common/ebpf_loader.h"

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 127

/* bootstrap.h */
struct event {
	int pid;
	int ppid;
	unsigned exit_code;
	unsigned long long duration_ns;
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
	_Bool exit_event;
};

static const char *const tool = "bootstrap_ebpf";

/* bootstrap.c's handle_event. */
static int handle_event(void *ctx, void *data, size_t data_sz)
{
	const struct event *e = data;
	char ts[32];
	time_t t;

	(void)ctx;
	if (data_sz < sizeof(*e))
		return 0;
	time(&t);
	strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
	if (e->exit_event) {
		printf("%-8s %-5s %-16s %-7d %-7d [%u]", ts, "EXIT", e->comm, e->pid, e->ppid,
		       e->exit_code);
		if (e->duration_ns)
			printf(" (%llums)", e->duration_ns / 1000000);
		printf("\n");
	} else {
		printf("%-8s %-5s %-16s %-7d %-7d %s\n", ts, "EXEC", e->comm, e->pid, e->ppid,
		       e->filename);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	const char *obj_path;
	char **command;
	struct ebpf_sample s;
	struct ring_buffer *rb = NULL;
	struct bpf_program *exec_prog, *exit_prog;
	unsigned long long min_duration_ns;
	long ms = 0;
	int status = 0, shift = 0;
	pid_t child;

	if (argc > 2 && !strcmp(argv[1], "-d")) {
		ms = atol(argv[2]);
		if (ms <= 0) {
			fprintf(stderr, "%s: invalid duration: %s\n", tool, argv[2]);
			return 2;
		}
		argv[2] = argv[0];
		shift = 2;
	}
	command = ebpf_parse_args(tool, argc - shift, argv + shift, "bootstrap.bpf.o", &obj_path,
				  path, sizeof(path));
	if (!command)
		return 2;
	memset(&s, 0, sizeof(s));
	s.obj = bpf_object__open_file(obj_path, NULL);
	min_duration_ns = (unsigned long long)ms * 1000000ull;
	if (!s.obj || ebpf_set_global(s.obj, ".rodata", &min_duration_ns,
				      sizeof(min_duration_ns))) {
		fprintf(stderr, "%s: cannot open %s\n", tool, obj_path);
		return 1;
	}
	exec_prog = bpf_object__find_program_by_name(s.obj, "handle_exec");
	exit_prog = bpf_object__find_program_by_name(s.obj, "handle_exit");
	if (bpf_object__load(s.obj) || !(s.links[0] = bpf_program__attach(exec_prog)) ||
	    !(s.links[1] = bpf_program__attach(exit_prog)) ||
	    !(rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(s.obj, "rb")),
				    handle_event, NULL, NULL))) {
		fprintf(stderr, "%s: cannot load and attach %s\n", tool, obj_path);
		return 1;
	}
	s.nlinks = 2;
	printf("%-8s %-5s %-16s %-7s %-7s %s\n", "TIME", "EVENT", "COMM", "PID", "PPID",
	       "FILENAME/EXIT CODE");
	fflush(stdout);
	child = fork();
	if (child == 0) {
		execvp(command[0], command);
		fprintf(stderr, "%s: cannot run %s: %s\n", tool, command[0], strerror(errno));
		_exit(127);
	}
	while (child > 0) {
		ring_buffer__poll(rb, 20);
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	ebpf_close(&s);
	if (child < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
