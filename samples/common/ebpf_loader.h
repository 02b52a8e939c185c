/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the eBPF originals of the ported samples (samples/<port>/ebpf/)
 * share, on libbpf: open a BPF object next to the executable, load it and
 * attach every program; find the BPF maps of other programs that have the
 * same name, type and sizes as one of ours (the iu port's, when it runs at
 * the same time: its maps are real BPF maps too); run a command, copying
 * the programs' bpf_trace_printk lines from the trace pipe meanwhile.
 *
 * The VM tests (tests/vm/Inputs/guest_checks.sh) run an original as the
 * command of the port's user-space part, so both are attached around the
 * same workload; syscall_tp's and tracex2's read their maps and the
 * port's just before and just after it (back to back, with bpf(2) calls
 * only) and print how much each grew.
 */
#ifndef SAMPLES_EBPF_LOADER_H
#define SAMPLES_EBPF_LOADER_H
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define EBPF_MAX_LINKS 8

struct ebpf_sample {
	struct bpf_object *obj;
	struct bpf_link *links[EBPF_MAX_LINKS];
	int nlinks;
};

/* Parses [--obj FILE] -- COMMAND [ARGS...]; returns COMMAND's argv or NULL
 * (usage printed). *obj_path is FILE, or NAME next to this executable. */
static inline char **ebpf_parse_args(const char *tool, int argc, char **argv,
				     const char *name, const char **obj_path, char *buf,
				     size_t cap)
{
	int i = 1;
	ssize_t n;

	*obj_path = NULL;
	if (i + 1 < argc && !strcmp(argv[i], "--obj")) {
		*obj_path = argv[i + 1];
		i += 2;
	}
	if (i + 1 >= argc || strcmp(argv[i], "--")) {
		fprintf(stderr, "usage: %s [--obj FILE] -- COMMAND [ARGS...]\n", tool);
		return NULL;
	}
	if (!*obj_path) {
		n = readlink("/proc/self/exe", buf, cap - strlen(name) - 1);
		if (n < 0 || !memchr(buf, '/', (size_t)n)) {
			fprintf(stderr, "%s: cannot find %s\n", tool, name);
			return NULL;
		}
		buf[n] = 0;
		strcpy(strrchr(buf, '/') + 1, name);
		*obj_path = buf;
	}
	return argv + i + 1;
}

/* Sets the first LEN bytes of the global data section SECTION (".bss",
 * ".rodata") of an object not loaded yet: the global that is the
 * section's only variable. */
static inline int ebpf_set_global(struct bpf_object *obj, const char *section, const void *value,
				  size_t len)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, section);
	const void *init;
	size_t size = 0;
	char *buf;
	int err;

	init = map ? bpf_map__initial_value(map, &size) : NULL;
	if (!init || size < len)
		return -1;
	buf = malloc(size);
	if (!buf)
		return -1;
	memcpy(buf, init, size);
	memcpy(buf, value, len);
	err = bpf_map__set_initial_value(map, buf, size);
	free(buf);
	return err;
}

/* Opens and loads the object and attaches every program (by its SEC()). */
static inline int ebpf_open_load_attach(const char *tool, const char *path, struct ebpf_sample *s)
{
	struct bpf_program *prog;

	memset(s, 0, sizeof(*s));
	s->obj = bpf_object__open_file(path, NULL);
	if (!s->obj || bpf_object__load(s->obj)) {
		fprintf(stderr, "%s: cannot load %s\n", tool, path);
		return -1;
	}
	bpf_object__for_each_program(prog, s->obj) {
		struct bpf_link *link = bpf_program__attach(prog);

		if (!link || s->nlinks == EBPF_MAX_LINKS) {
			fprintf(stderr, "%s: cannot attach %s: %s\n", tool, bpf_program__name(prog),
				strerror(errno));
			bpf_link__destroy(link);
			return -1;
		}
		s->links[s->nlinks++] = link;
	}
	return 0;
}

static inline void ebpf_close(struct ebpf_sample *s)
{
	int i;

	for (i = 0; i < s->nlinks; i++)
		bpf_link__destroy(s->links[i]);
	bpf_object__close(s->obj);
}

/* The fd of the one other BPF map with MAP's name, type, key and value
 * size: -1 if there is none, -2 if there are several (ambiguous). */
static inline int ebpf_same_named_map(const struct bpf_map *map)
{
	struct bpf_map_info own = { 0 }, info;
	__u32 id = 0, len = sizeof(own);
	int found = -1;

	if (bpf_obj_get_info_by_fd(bpf_map__fd(map), &own, &len))
		return -1;
	while (bpf_map_get_next_id(id, &id) == 0) {
		int fd;

		if (id == own.id || (fd = bpf_map_get_fd_by_id(id)) < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && !strcmp(info.name, own.name) &&
		    info.type == own.type && info.key_size == own.key_size &&
		    info.value_size == own.value_size) {
			if (found >= 0) {
				close(found);
				close(fd);
				return -2;
			}
			found = fd;
			continue;
		}
		close(fd);
	}
	return found;
}

/* Runs COMMAND and waits for it; returns its exit status (128 + signal),
 * or -1. */
static inline int ebpf_run(const char *tool, char **argv)
{
	int status = 0;
	pid_t child;

	fflush(stdout);
	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", tool, argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(child, &status, 0) != child)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Copies the complete bpf_trace_printk lines read from the trace pipe fd
 * to stdout (or drops them when print is 0). */
static inline void ebpf_drain_trace(int fd, char *buf, size_t *have, size_t cap, int print)
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
			if (print && strstr(line, "bpf_trace_printk: "))
				printf("%s\n", line);
			line = nl + 1;
		}
		*have -= (size_t)(line - buf);
		memmove(buf, line, *have);
		if (*have == cap - 1)
			*have = 0; /* a line longer than the buffer: dropped */
		fflush(stdout);
	}
}

/* ebpf_run, printing the bpf_trace_printk lines of the trace pipe that
 * were written while COMMAND ran (what was there before is dropped). */
static inline int ebpf_run_tracing(const char *tool, char **argv)
{
	static char buf[1 << 16];
	size_t have = 0;
	int fd = open("/sys/kernel/tracing/trace_pipe", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int status = 0;
	pid_t child;

	if (fd < 0) {
		fprintf(stderr, "%s: /sys/kernel/tracing/trace_pipe: %s\n", tool, strerror(errno));
		return -1;
	}
	ebpf_drain_trace(fd, buf, &have, sizeof(buf), 0);
	have = 0;
	fflush(stdout);
	child = fork();
	if (child < 0) {
		close(fd);
		return -1;
	}
	if (child == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", tool, argv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		poll(&p, 1, 20);
		ebpf_drain_trace(fd, buf, &have, sizeof(buf), 1);
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	usleep(100000); /* the last lines */
	ebpf_drain_trace(fd, buf, &have, sizeof(buf), 1);
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#endif
