// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * minimal_ebpf: loads minimal.bpf.o (the eBPF original, next to this
 * executable unless --obj says otherwise) with my_pid set to PID (the
 * original sets its own pid and writes to stderr once a second), attaches
 * it, runs COMMAND and prints the bpf_trace_printk lines the trace pipe
 * receives meanwhile, as the port's minimal_user prints its program's.
 * The exit status is COMMAND's, or 1.
 *
 *   minimal_ebpf --pid PID [--obj FILE] -- COMMAND [ARGS...]
 */
#include "../../common/ebpf_loader.h"

static const char *const tool = "minimal_ebpf";

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	const char *obj_path;
	char **command;
	struct ebpf_sample s;
	int pid, status;

	if (argc < 3 || strcmp(argv[1], "--pid")) {
		fprintf(stderr, "usage: %s --pid PID [--obj FILE] -- COMMAND [ARGS...]\n", tool);
		return 2;
	}
	pid = atoi(argv[2]);
	argv[2] = argv[0];
	command = ebpf_parse_args(tool, argc - 2, argv + 2, "minimal.bpf.o", &obj_path, path,
				  sizeof(path));
	if (!command)
		return 2;
	/* ebpf_open_load_attach, with my_pid written into .bss before load
	 * (the original writes it through its skeleton after load). */
	memset(&s, 0, sizeof(s));
	s.obj = bpf_object__open_file(obj_path, NULL);
	if (!s.obj || ebpf_set_global(s.obj, ".bss", &pid, sizeof(pid))) {
		fprintf(stderr, "%s: cannot open %s\n", tool, obj_path);
		return 1;
	}
	if (bpf_object__load(s.obj) ||
	    !(s.links[0] = bpf_program__attach(bpf_object__next_program(s.obj, NULL)))) {
		fprintf(stderr, "%s: cannot load and attach %s\n", tool, obj_path);
		return 1;
	}
	s.nlinks = 1;
	status = ebpf_run_tracing(tool, command);
	ebpf_close(&s);
	return status < 0 ? 1 : status;
}
