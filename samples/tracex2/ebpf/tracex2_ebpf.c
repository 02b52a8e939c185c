// SPDX-License-Identifier: GPL-2.0
/*
 * tracex2_ebpf: loads tracex2.bpf.o (the eBPF original, next to this
 * executable unless --obj says otherwise), attaches its two programs and
 * runs COMMAND. Then prints
 *
 *  - for each place consume_skb was called from while COMMAND ran, how
 *    much its count in my_map grew, and how much it grew in another
 *    program's map of the same name, type and sizes (the iu port run by
 *    tracex2_user around this one), both read just before and just after
 *    COMMAND:
 *
 *      location 0xffffffff81a2b3c4: +2 here, +2 in the same-named map
 *
 *  - my_hist_map, per task, as the original's tracex2_user.c prints it
 *    (and as the port's tracex2_user does, tasks in the same order).
 *
 * The exit status is COMMAND's, or 1.
 *
 *   tracex2_ebpf [--obj FILE] -- COMMAND [ARGS...]
 */
#include "../../common/ebpf_loader.h"

#define MAX_ENTRIES 1024
#define MAX_INDEX 64
#define MAX_STARS 38

static const char *const tool = "tracex2_ebpf";

struct hist_key {
	char comm[16];
	__u64 pid_tgid;
	__u64 uid_gid;
	__u64 index;
};

struct counts {
	int n;
	long long key[MAX_ENTRIES], value[MAX_ENTRIES];
};

static void read_counts(int fd, struct counts *c)
{
	long long key, next;
	const void *cur = NULL;

	c->n = 0;
	if (fd < 0)
		return;
	while (c->n < MAX_ENTRIES && bpf_map_get_next_key(fd, cur, &next) == 0) {
		if (bpf_map_lookup_elem(fd, &next, &c->value[c->n]) == 0)
			c->key[c->n++] = next;
		key = next;
		cur = &key;
	}
}

static long long count_of(const struct counts *c, long long key)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->key[i] == key)
			return c->value[i];
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

/* Every location either map counted while COMMAND ran, ascending. */
static void print_locations(const struct counts b[2], const struct counts a[2], int other)
{
	unsigned long long keys[2 * MAX_ENTRIES];
	int i, j, n = 0;

	for (j = 0; j < 2; j++)
		for (i = 0; i < a[j].n; i++)
			if (a[j].value[i] != count_of(&b[j], a[j].key[i]))
				keys[n++] = (unsigned long long)a[j].key[i];
	qsort(keys, (size_t)n, sizeof(keys[0]), cmp_u64);
	for (i = 0; i < n; i++) {
		long long k = (long long)keys[i];

		if (i && keys[i] == keys[i - 1])
			continue;
		printf("location 0x%llx: +%lld here", keys[i],
		       count_of(&a[0], k) - count_of(&b[0], k));
		if (other >= 0)
			printf(", +%lld in the same-named map\n",
			       count_of(&a[1], k) - count_of(&b[1], k));
		else
			printf(", %s\n",
			       other == -1 ? "no same-named map" : "several same-named maps");
	}
}

struct task {
	char comm[17];
	__u64 pid_tgid, uid_gid;
	long long hist[MAX_INDEX];
};

static int cmp_task(const void *a, const void *b)
{
	const struct task *x = a, *y = b;
	int c = strcmp(x->comm, y->comm);

	if (c)
		return c;
	if (x->pid_tgid != y->pid_tgid)
		return x->pid_tgid < y->pid_tgid ? -1 : 1;
	return x->uid_gid < y->uid_gid ? -1 : x->uid_gid > y->uid_gid;
}

static void print_stars(long long value, long long max)
{
	int i, n = max ? (int)(value * MAX_STARS / max) : 0;

	printf("|");
	for (i = 0; i < MAX_STARS; i++)
		putchar(i < n ? '*' : ' ');
	printf("|\n");
}

static void print_hist(int fd)
{
	static struct task tasks[MAX_ENTRIES];
	int cpus = libbpf_num_possible_cpus(), ntasks = 0, i, j;
	long long *values = calloc((size_t)cpus, sizeof(long long));
	struct hist_key key, next;
	const void *cur = NULL;

	while (values && bpf_map_get_next_key(fd, cur, &next) == 0) {
		if (bpf_map_lookup_elem(fd, &next, values) == 0 && next.index < MAX_INDEX) {
			long long sum = 0;
			struct task t = { 0 };

			for (i = 0; i < cpus; i++)
				sum += values[i];
			memcpy(t.comm, next.comm, sizeof(next.comm));
			t.pid_tgid = next.pid_tgid;
			t.uid_gid = next.uid_gid;
			for (j = 0; j < ntasks && cmp_task(&tasks[j], &t); j++)
				;
			if (j == ntasks && ntasks < MAX_ENTRIES)
				tasks[ntasks++] = t;
			if (j < ntasks)
				tasks[j].hist[next.index] += sum;
		}
		key = next;
		cur = &key;
	}
	free(values);
	qsort(tasks, (size_t)ntasks, sizeof(tasks[0]), cmp_task);
	for (j = 0; j < ntasks; j++) {
		const struct task *t = &tasks[j];
		int max_index = -1;
		long long max_value = 0;

		printf("pid %u cmd %s uid %u\n", (unsigned)t->pid_tgid, t->comm,
		       (unsigned)t->uid_gid);
		printf("           syscall write() stats\n");
		printf("     byte_size       : count     distribution\n");
		for (i = 0; i < MAX_INDEX; i++) {
			if (t->hist[i])
				max_index = i;
			if (t->hist[i] > max_value)
				max_value = t->hist[i];
		}
		for (i = 1; i <= max_index + 1; i++) {
			printf("%8ld -> %-8ld : %-8lld ", (1l << i) >> 1, (1l << i) - 1,
			       t->hist[i - 1]);
			print_stars(t->hist[i - 1], max_value);
		}
	}
}

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	const char *obj_path;
	char **command = ebpf_parse_args(tool, argc, argv, "tracex2.bpf.o", &obj_path, path,
					 sizeof(path));
	static struct counts before[2], after[2];
	struct ebpf_sample s;
	struct bpf_map *my_map;
	int fds[2], status;

	if (!command)
		return 2;
	if (ebpf_open_load_attach(tool, obj_path, &s))
		return 1;
	my_map = bpf_object__find_map_by_name(s.obj, "my_map");
	fds[0] = bpf_map__fd(my_map);
	fds[1] = ebpf_same_named_map(my_map);
	/* Back to back, bpf(2) calls only: nothing frees an skb in between. */
	read_counts(fds[0], &before[0]);
	read_counts(fds[1], &before[1]);
	status = ebpf_run(tool, command);
	read_counts(fds[0], &after[0]);
	read_counts(fds[1], &after[1]);
	print_locations(before, after, fds[1]);
	print_hist(bpf_map__fd(bpf_object__find_map_by_name(s.obj, "my_hist_map")));
	ebpf_close(&s);
	return status < 0 ? 1 : status;
}
