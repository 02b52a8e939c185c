// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_tp_ebpf: loads syscall_tp.bpf.o (the eBPF original, next to this
 * executable unless --obj says otherwise), attaches its four tracepoint
 * programs and runs COMMAND. Reads each map (enter_open_map,
 * exit_open_map) and, when another program has a map of the same name,
 * type and sizes (the iu port run by syscall_tp_user around this one),
 * that map too, just before and just after COMMAND, and prints how much
 * each grew:
 *
 *   enter_open_map: +3 here, +3 in the same-named map
 *
 * (or "no same-named map"). As the original's user part, it fails if one
 * of its own counts stayed zero. The exit status is COMMAND's, or 1.
 *
 *   syscall_tp_ebpf [--obj FILE] -- COMMAND [ARGS...]
 */
#include "../../common/ebpf_loader.h"

static const char *const tool = "syscall_tp_ebpf";
static const char *const names[2] = { "enter_open_map", "exit_open_map" };

static __u32 read_count(int fd)
{
	__u32 key = 0, value = 0;

	if (fd >= 0)
		bpf_map_lookup_elem(fd, &key, &value);
	return value;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	const char *obj_path;
	char **command = ebpf_parse_args(tool, argc, argv, "syscall_tp.bpf.o", &obj_path, path,
					 sizeof(path));
	struct ebpf_sample s;
	int own[2], other[2], i, status, ok = 1;
	__u32 before[2][2], after[2][2];

	if (!command)
		return 2;
	if (ebpf_open_load_attach(tool, obj_path, &s))
		return 1;
	for (i = 0; i < 2; i++) {
		own[i] = bpf_map__fd(bpf_object__find_map_by_name(s.obj, names[i]));
		other[i] = ebpf_same_named_map(bpf_object__find_map_by_name(s.obj, names[i]));
	}
	/* Back to back: nothing opens a file between the reads. */
	for (i = 0; i < 2; i++) {
		before[i][0] = read_count(own[i]);
		before[i][1] = read_count(other[i]);
	}
	status = ebpf_run(tool, command);
	for (i = 0; i < 2; i++) {
		after[i][0] = read_count(own[i]);
		after[i][1] = read_count(other[i]);
	}
	for (i = 0; i < 2; i++) {
		printf("%s: +%u here", names[i], after[i][0] - before[i][0]);
		if (other[i] >= 0)
			printf(", +%u in the same-named map\n", after[i][1] - before[i][1]);
		else
			printf(", %s\n",
			       other[i] == -1 ? "no same-named map" : "several same-named maps");
		if (after[i][0] == 0) {
			fprintf(stderr, "%s: failed: map %s returns value 0\n", tool, names[i]);
			ok = 0;
		}
	}
	ebpf_close(&s);
	return status < 0 || !ok ? 1 : status;
}
