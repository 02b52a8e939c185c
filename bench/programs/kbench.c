// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kbench: loads the map and events benchmarks' programs in the guest
 * (bench/run, "kernel"), the iu ones with libiu (kernel backend, iu.ko) and
 * the eBPF ones with libbpf, the same way for both.
 *
 *   kbench map iu|ebpf FILE PROG K -- COMMAND [ARGS...]
 *
 *     Loads FILE (map_ops.iu or map_ops.bpf.o) with K operations per
 *     invocation, fills the hash map (keys 0..1023, so that every lookup
 *     hits and every update replaces), attaches program PROG (hash_lookup,
 *     hash_update, array_lookup or array_update), runs COMMAND and returns
 *     its exit status. The command measures (syscall_loop).
 *
 *   kbench events iu|perf|perf_batched|ringbuf FILE B N OUT [--late]
 *
 *     Loads FILE (events.iu or events.bpf.o) sending B records per
 *     invocation, attaches the producer (iu: send; perf and perf_batched:
 *     perf_out; ringbuf: ringbuf_out), forks a child on CPU 0 that makes N
 *     getppid calls as fast as it can, and consumes the records here (run
 *     it on another CPU) with one and the same callback for every channel:
 *     iu_map__poll_events, libbpf's perf_buffer__poll (64 pages per CPU,
 *     as libiu's) or ring_buffer__poll (256 KiB, one such buffer).
 *     perf_batched is the perf buffer with a wakeup per BATCH_WAKEUP
 *     records instead of per record (libbpf's perf_buffer__new_raw; the
 *     final drain reads what is left): what a perf-array channel would
 *     gain from batching its wakeups. Writes one line to OUT:
 *
 *       <kind> <B> <calls> <made> <received> <lost> <lost_seen> <bad>
 *       <producer ns> <consumer ns>
 *
 *     made = calls * B; lost: the drops the producer side counted (iu.ko's
 *     counter, iu_map__events_lost; the eBPF programs' failed outputs in
 *     their `drops` map); lost_seen: what the consumer was told (perf's
 *     lost-records notices, which arrive only with the next record that
 *     fits; iu: the same counter; ring buffer: none);
 *     bad: records that were not the child's; producer ns: the child's
 *     loop; consumer ns: from the child's first call to the last record
 *     handled. --late: the consumer reads nothing until the child has
 *     exited (an overload: what does not fit in the buffer is dropped,
 *     and made = received + lost must hold).
 *
 *   kbench hook iu|ebpf FILE PROG OUT -- COMMAND [ARGS...]
 *
 *     Loads FILE (hooks.* or syscount.*), attaches program PROG alone,
 *     runs COMMAND and returns its exit status. Then writes "<entries>
 *     <sum>" of the object's hash map `counts` to OUT ("0 0" without one):
 *     what syscount counted.
 *
 *   kbench attach_time iu|ebpf FILE PROG N OUT
 *
 *     Loads FILE, then N times attaches PROG and detaches it (libiu's
 *     iu_program__attach / iu_link__destroy, libbpf's bpf_program__attach /
 *     bpf_link__destroy), timing each. Writes "<median attach ns> <median
 *     detach ns> <min attach ns> <min detach ns>" to OUT.
 *
 *   kbench load_time FILE.iu N OUT
 *
 *     N times opens, loads and closes FILE with libiu (kernel backend),
 *     timing each. Writes "<first ns> <median ns of the rest> <min ns of
 *     the rest>" to OUT.
 *
 *   kbench evout iu|perf|ringbuf FILE B OUT -- COMMAND [ARGS...]
 *
 *     Loads FILE (events.*) sending B records per getppid, sets up the
 *     channel's consumer as `events` does, attaches the producer, runs
 *     COMMAND (syscall_loop: the cost per record on the producer's side)
 *     while consuming, drains, and writes "<received> <lost>" to OUT.
 *
 * Errors go to stderr with exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <iu/libiu.h>

#define ENTRIES 1024
#define PERF_PAGES 64
/* perf_batched: a wakeup per this many records, not per record. */
#define BATCH_WAKEUP 32

struct bench_event {
	uint64_t time_ns;
	uint64_t pid_tgid;
	uint64_t seq;
	uint64_t cpu;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "kbench: %s: %s\n", what, why);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- a loaded program, either kind ---- */

struct loaded {
	int iu;
	struct iu_object *iobj;
	struct bpf_object *bobj;
	struct bpf_link *blink;
};

/* Opens FILE, sets the one configuration (iu) or read-only variable
 * (eBPF: the object's only .rodata word) to value unless config is NULL,
 * loads it: only program `only` when that is not NULL (so that a run
 * pays for loading the program it measures alone, on both sides). */
static void load_only(struct loaded *l, int iu, const char *file, const char *config,
		      uint32_t value, const char *only)
{
	memset(l, 0, sizeof(*l));
	l->iu = iu;
	if (iu) {
		IU_OPTS(iu_object_open_opts, oo, .backend = IU_BACKEND_KERNEL);
		l->iobj = iu_object__open_file(file, &oo);
		if (!l->iobj)
			die(file, iu_last_error());
		if (only) {
			struct iu_program *p = NULL;

			if (!iu_object__find_program_by_name(l->iobj, only))
				die(only, "no such program");
			while ((p = iu_object__next_program(l->iobj, p)))
				iu_program__set_autoload(p, !strcmp(iu_program__name(p), only));
		}
		if (config && iu_object__set_config(l->iobj, config, &value, sizeof(value)))
			die(config, iu_last_error());
		if (iu_object__load(l->iobj))
			die(file, iu_last_error());
		return;
	}
	l->bobj = bpf_object__open_file(file, NULL);
	if (!l->bobj)
		die(file, strerror(errno));
	if (only) {
		struct bpf_program *p;

		if (!bpf_object__find_program_by_name(l->bobj, only))
			die(only, "no such program");
		bpf_object__for_each_program(p, l->bobj)
			bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), only));
	}
	if (config) {
		struct bpf_map *ro = bpf_object__find_map_by_name(l->bobj, ".rodata");

		if (!ro || bpf_map__set_initial_value(ro, &value, sizeof(value)))
			die(file, "expected one 4-byte read-only variable");
	}
	if (bpf_object__load(l->bobj))
		die(file, "cannot load (libbpf said why above)");
}

static void load(struct loaded *l, int iu, const char *file, const char *config, uint32_t value)
{
	load_only(l, iu, file, config, value, NULL);
}

static void attach(struct loaded *l, const char *name)
{
	if (l->iu) {
		struct iu_program *p = iu_object__find_program_by_name(l->iobj, name);

		if (!p || !iu_program__attach(p))
			die(name, p ? iu_last_error() : "no such program");
		return;
	}
	{
		struct bpf_program *p = bpf_object__find_program_by_name(l->bobj, name);

		l->blink = p ? bpf_program__attach(p) : NULL;
		if (!l->blink)
			die(name, p ? "cannot attach" : "no such program");
	}
}

static void unload(struct loaded *l)
{
	if (l->iu) {
		iu_object__close(l->iobj);
		return;
	}
	bpf_link__destroy(l->blink);
	bpf_object__close(l->bobj);
}

/* ---- map ---- */

static int map_bench(int iu, const char *file, const char *prog, uint32_t k, char **cmd)
{
	struct loaded l;
	pid_t child;
	int status;

	load_only(&l, iu, file, "K", k, prog);
	for (uint32_t key = 0; key < ENTRIES; key++) {
		uint64_t v = key;
		int rc;

		if (iu) {
			rc = iu_map__update_elem(iu_object__find_map_by_name(l.iobj, "hash"), &key,
						 sizeof(key), &v, sizeof(v), IU_MAP_ANY);
		} else {
			rc = bpf_map__update_elem(bpf_object__find_map_by_name(l.bobj, "hash"), &key,
						  sizeof(key), &v, sizeof(v), BPF_ANY);
		}
		if (rc)
			die("filling the hash map", strerror(-rc));
	}
	attach(&l, prog);
	child = fork();
	if (child == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		die(cmd[0], "cannot run");
	unload(&l);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs cmd (argv style) and returns its exit status. */
static int run_command(char **cmd)
{
	pid_t child = fork();
	int status;

	if (child == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		die(cmd[0], "cannot run");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- hooks ---- */

static int hook_bench(int iu, const char *file, const char *prog, const char *out_path, char **cmd)
{
	unsigned long long entries = 0, sum = 0;
	struct loaded l;
	int rc;
	FILE *out;

	load_only(&l, iu, file, NULL, 0, prog);
	attach(&l, prog);
	rc = run_command(cmd);
	/* syscount's counts, read with the program still attached (as the
	 * tool does), the sum a check that it counted the command's calls. */
	if (iu) {
		struct iu_map *m = iu_object__find_map_by_name(l.iobj, "counts");
		uint32_t key, next, *prev = NULL;
		uint64_t v;

		while (m && !iu_map__get_next_key(m, prev, &next, sizeof(next))) {
			key = next;
			prev = &key;
			if (!iu_map__lookup_elem(m, &key, sizeof(key), &v, sizeof(v), 0)) {
				entries++;
				sum += v;
			}
		}
	} else {
		int fd = bpf_object__find_map_fd_by_name(l.bobj, "counts");
		uint32_t key, next, *prev = NULL;
		uint64_t v;

		while (fd >= 0 && !bpf_map_get_next_key(fd, prev, &next)) {
			key = next;
			prev = &key;
			if (!bpf_map_lookup_elem(fd, &key, &v)) {
				entries++;
				sum += v;
			}
		}
	}
	out = fopen(out_path, "w");
	if (!out)
		die(out_path, strerror(errno));
	fprintf(out, "%llu %llu\n", entries, sum);
	fclose(out);
	unload(&l);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int attach_time_bench(int iu, const char *file, const char *prog, int n,
			     const char *out_path)
{
	uint64_t *att = calloc(n, sizeof(*att)), *det = calloc(n, sizeof(*det));
	struct iu_program *ip = NULL;
	struct bpf_program *bp = NULL;
	struct loaded l;
	FILE *out;

	if (!att || !det || n < 1)
		die("attach_time", "bad N");
	load_only(&l, iu, file, NULL, 0, prog);
	if (iu)
		ip = iu_object__find_program_by_name(l.iobj, prog);
	else
		bp = bpf_object__find_program_by_name(l.bobj, prog);
	if (!ip && !bp)
		die(prog, "no such program");
	for (int i = 0; i < n; i++) {
		uint64_t t0 = now_ns(), t1, t2;

		if (iu) {
			struct iu_link *link = iu_program__attach(ip);

			t1 = now_ns();
			if (!link)
				die(prog, iu_last_error());
			if (iu_link__destroy(link))
				die(prog, "cannot detach");
		} else {
			struct bpf_link *link = bpf_program__attach(bp);

			t1 = now_ns();
			if (!link)
				die(prog, "cannot attach");
			if (bpf_link__destroy(link))
				die(prog, "cannot detach");
		}
		t2 = now_ns();
		att[i] = t1 - t0;
		det[i] = t2 - t1;
	}
	qsort(att, n, sizeof(*att), cmp_u64);
	qsort(det, n, sizeof(*det), cmp_u64);
	out = fopen(out_path, "w");
	if (!out)
		die(out_path, strerror(errno));
	fprintf(out, "%llu %llu %llu %llu\n", (unsigned long long)att[n / 2],
		(unsigned long long)det[n / 2], (unsigned long long)att[0],
		(unsigned long long)det[0]);
	fclose(out);
	unload(&l);
	return 0;
}

/*
 * Loading an image through libiu, as a tool does: open (the signature
 * check), load (the kernel type and trace event fields resolved, the maps
 * made, IU_IOC_LOAD) and close, N times. The first load is apart: it is
 * the only one that parses the kernel's BTF (libiu keeps what it found)
 * and that iu.ko checks the signature of.
 */
static int load_time_bench(const char *file, int n, const char *out_path)
{
	uint64_t *t = calloc(n, sizeof(*t)), first = 0;
	FILE *out;

	if (!t || n < 2)
		die("load_time", "bad N");
	for (int i = 0; i < n; i++) {
		IU_OPTS(iu_object_open_opts, oo, .backend = IU_BACKEND_KERNEL);
		uint64_t t0 = now_ns();
		struct iu_object *obj = iu_object__open_file(file, &oo);

		if (!obj)
			die(file, iu_last_error());
		if (iu_object__load(obj))
			die(file, iu_last_error());
		iu_object__close(obj);
		t[i] = now_ns() - t0;
	}
	first = t[0];
	qsort(t + 1, n - 1, sizeof(*t), cmp_u64);
	out = fopen(out_path, "w");
	if (!out)
		die(out_path, strerror(errno));
	fprintf(out, "%llu %llu %llu\n", (unsigned long long)first,
		(unsigned long long)t[1 + (n - 1) / 2], (unsigned long long)t[1]);
	fclose(out);
	return 0;
}

/* ---- events ---- */

struct consumer {
	uint64_t received, bad, seq_sum, lost_seen;
	uint32_t pid;
};

/* The one consumer, called for every record of every channel. */
static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	struct consumer *c = ctx;
	const struct bench_event *e = data;

	(void)cpu;
	if (size < sizeof(*e) || (uint32_t)(e->pid_tgid >> 32) != c->pid) {
		c->bad++;
		return 0;
	}
	c->received++;
	c->seq_sum += e->seq;
	return 0;
}

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	on_event(ctx, cpu, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 n)
{
	(void)cpu;
	((struct consumer *)ctx)->lost_seen += n;
}

/* perf_batched: libbpf's raw perf buffer, to read the records and the
 * lost-records notices itself. */
static enum bpf_perf_event_ret on_perf_raw(void *ctx, int cpu, struct perf_event_header *h)
{
	if (h->type == PERF_RECORD_SAMPLE) {
		const struct {
			struct perf_event_header h;
			__u32 size;
			char data[];
		} *s = (const void *)h;

		on_event(ctx, cpu, s->data, s->size);
	} else if (h->type == PERF_RECORD_LOST) {
		const struct {
			struct perf_event_header h;
			__u64 id, lost;
		} *l = (const void *)h;

		((struct consumer *)ctx)->lost_seen += l->lost;
	}
	return LIBBPF_PERF_EVENT_CONT;
}

static int on_ringbuf(void *ctx, void *data, size_t size)
{
	return on_event(ctx, -1, data, size);
}

struct shared {
	uint64_t start, end;
};

/* cmd: NULL for the throughput run (the child makes `calls` getppid
 * calls), else evout's command, run instead. */
static int events_bench(const char *kind, const char *file, uint32_t b, long calls,
			const char *out_path, int late, char **cmd)
{
	int batched = !strcmp(kind, "perf_batched");
	int iu = !strcmp(kind, "iu"), perf = batched || !strcmp(kind, "perf");
	struct consumer c = { 0 };
	struct perf_buffer *pb = NULL;
	struct ring_buffer *rb = NULL;
	struct iu_map *ev = NULL;
	struct shared *sh;
	struct loaded l;
	uint64_t last = 0, lost = 0;
	int done = 0, status;
	pid_t child;
	FILE *out;

	if (!iu && !perf && strcmp(kind, "ringbuf"))
		die(kind, "not iu, perf, perf_batched or ringbuf");
	load(&l, iu, file, "B", b);
	if (iu) {
		ev = iu_object__find_map_by_name(l.iobj, "events");
		if (!ev)
			die(file, "no events map");
	} else if (batched) {
		struct perf_event_attr attr = {
			.type = PERF_TYPE_SOFTWARE,
			.size = sizeof(attr),
			.config = PERF_COUNT_SW_BPF_OUTPUT,
			.sample_period = 1,
			.sample_type = PERF_SAMPLE_RAW,
			.wakeup_events = BATCH_WAKEUP,
		};

		pb = perf_buffer__new_raw(bpf_object__find_map_fd_by_name(l.bobj, "pb"), PERF_PAGES,
					  &attr, on_perf_raw, &c, NULL);
		if (!pb)
			die("perf_buffer__new_raw", strerror(errno));
	} else if (perf) {
		pb = perf_buffer__new(bpf_object__find_map_fd_by_name(l.bobj, "pb"), PERF_PAGES,
				      on_perf_sample, on_perf_lost, &c, NULL);
		if (!pb)
			die("perf_buffer__new", strerror(errno));
	} else {
		rb = ring_buffer__new(bpf_object__find_map_fd_by_name(l.bobj, "rb"), on_ringbuf, &c,
				      NULL);
		if (!rb)
			die("ring_buffer__new", strerror(errno));
	}
	attach(&l, iu ? "send" : perf ? "perf_out" : "ringbuf_out");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", strerror(errno));
	child = fork();
	if (child == 0 && cmd) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (child == 0) {
		pin(0);
		sh->start = now_ns();
		for (long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		sh->end = now_ns();
		_exit(0);
	}
	if (child < 0)
		die("fork", strerror(errno));
	c.pid = child;
	/* Overload: nothing is read until the producer is done. */
	if (late) {
		if (waitpid(child, &status, 0) != child)
			die("waitpid", strerror(errno));
		done = 1;
	}
	for (;;) {
		uint64_t before = c.received;
		int rc;

		/* After the child is done: what is left, without waiting. */
		if (iu)
			rc = iu_map__poll_events(ev, done ? 0 : 50, on_event, &c);
		else if (perf)
			rc = done ? perf_buffer__consume(pb) : perf_buffer__poll(pb, 50);
		else
			rc = done ? ring_buffer__consume(rb) : ring_buffer__poll(rb, 50);
		if (rc < 0 && rc != -EINTR)
			die("poll", strerror(-rc));
		if (c.received != before)
			last = now_ns();
		else if (done)
			break;
		if (!done && waitpid(child, &status, WNOHANG) == child)
			done = 1;
	}
	if (iu) {
		lost = iu_map__events_lost(ev);
		c.lost_seen = lost;
	} else {
		uint32_t key = perf ? 0 : 1;

		if (bpf_map__lookup_elem(bpf_object__find_map_by_name(l.bobj, "drops"), &key,
					 sizeof(key), &lost, sizeof(lost), 0))
			die("drops", strerror(errno));
	}
	out = fopen(out_path, "w");
	if (!out)
		die(out_path, strerror(errno));
	if (cmd) {
		fprintf(out, "%llu %llu\n", (unsigned long long)c.received,
			(unsigned long long)lost);
		fclose(out);
		perf_buffer__free(pb);
		ring_buffer__free(rb);
		unload(&l);
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	fprintf(out, "%s %u %ld %llu %llu %llu %llu %llu %llu %llu\n", kind, b, calls,
		(unsigned long long)calls * b, (unsigned long long)c.received,
		(unsigned long long)lost, (unsigned long long)c.lost_seen,
		(unsigned long long)c.bad, (unsigned long long)(sh->end - sh->start),
		(unsigned long long)(last > sh->start ? last - sh->start : 0));
	fclose(out);
	perf_buffer__free(pb);
	ring_buffer__free(rb);
	unload(&l);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 8 && !strcmp(argv[1], "map") && !strcmp(argv[6], "--") &&
	    (!strcmp(argv[2], "iu") || !strcmp(argv[2], "ebpf")))
		return map_bench(!strcmp(argv[2], "iu"), argv[3], argv[4],
				 (uint32_t)strtoul(argv[5], NULL, 0), argv + 7);
	if ((argc == 7 || (argc == 8 && !strcmp(argv[7], "--late"))) &&
	    !strcmp(argv[1], "events"))
		return events_bench(argv[2], argv[3], (uint32_t)strtoul(argv[4], NULL, 0),
				    atol(argv[5]), argv[6], argc == 8, NULL);
	if (argc >= 8 && !strcmp(argv[1], "evout") && !strcmp(argv[6], "--") &&
	    strcmp(argv[2], "perf_batched"))
		return events_bench(argv[2], argv[3], (uint32_t)strtoul(argv[4], NULL, 0), 0,
				    argv[5], 0, argv + 7);
	if (argc >= 8 && !strcmp(argv[1], "hook") && !strcmp(argv[6], "--") &&
	    (!strcmp(argv[2], "iu") || !strcmp(argv[2], "ebpf")))
		return hook_bench(!strcmp(argv[2], "iu"), argv[3], argv[4], argv[5], argv + 7);
	if (argc == 5 && !strcmp(argv[1], "load_time"))
		return load_time_bench(argv[2], atoi(argv[3]), argv[4]);
	if (argc == 7 && !strcmp(argv[1], "attach_time") &&
	    (!strcmp(argv[2], "iu") || !strcmp(argv[2], "ebpf")))
		return attach_time_bench(!strcmp(argv[2], "iu"), argv[3], argv[4], atoi(argv[5]),
					 argv[6]);
	fprintf(stderr, "usage: kbench map iu|ebpf FILE PROG K -- COMMAND [ARGS...]\n"
			"       kbench events iu|perf|perf_batched|ringbuf FILE B N OUT [--late]\n"
			"       kbench hook iu|ebpf FILE PROG OUT -- COMMAND [ARGS...]\n"
			"       kbench attach_time iu|ebpf FILE PROG N OUT\n"
			"       kbench load_time FILE.iu N OUT\n"
			"       kbench evout iu|perf|ringbuf FILE B OUT -- COMMAND [ARGS...]\n");
	return 2;
}
