/*
 * iu-map-client: a user-space program on libiu's map, events and
 * configuration API, for the tests (iu-load's own --set and --dump-maps
 * are tested elsewhere).
 *
 *   iu-map-client [--backend user|kernel] [--set NAME=VALUE]... [--events]
 *                 [--events-after] [--write-check] [--hammer MAP SECONDS]
 *                 IMAGE -- COMMAND [ARGS...]
 *
 * Opens IMAGE, sets the configuration, loads it, attaches every program
 * and runs COMMAND. --events prints each record of its events maps while
 * the command runs (as struct write_event, map_events.h); --events-after
 * leaves them queued and reads them only after the command has exited
 * (so a small buffer overflows), then says how many arrived and how many
 * were dropped. --write-check writes every keyed map from user space
 * before the command (see write_check) and prints one line per map.
 * --hammer updates MAP (4-byte keys, 8-byte values) through libiu for
 * SECONDS on CPU 0 while another thread updates a plain BPF LRU map
 * through bpf() on CPU 1, then says how it went (see hammer). Then it
 * prints every keyed map, keys in ascending order:
 *
 *   map NAME (TYPE): N entries
 *   NAME[KEY] = VALUE               integers of 1, 2, 4 or 8 bytes
 *   NAME[KEY] = SUM (cpu0 A, cpu1 B, ...)   per-CPU maps
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <iu/libiu.h>

#include "map_events.h"

struct event_stats {
	unsigned long long received, first, last, out_of_order;
	int print;
};

static unsigned long long int_of(const void *p, size_t size)
{
	unsigned long long v = 0;

	memcpy(&v, p, size < sizeof(v) ? size : sizeof(v));
	if (size == 1)
		v &= 0xff;
	else if (size == 2)
		v &= 0xffff;
	else if (size == 4)
		v &= 0xffffffffull;
	return v;
}

static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	struct event_stats *st = ctx;
	struct write_event e;

	if (size != sizeof(e)) {
		printf("event of %zu bytes (expected %zu)\n", size, sizeof(e));
		return 0;
	}
	memcpy(&e, data, sizeof(e));
	e.comm[sizeof(e.comm) - 1] = 0;
	if (st->print)
		printf("event seq=%llu fd=%u len=%llu comm=%s cpu-matches=%s\n",
		       (unsigned long long)e.seq, e.fd, (unsigned long long)e.len, e.comm,
		       (int)e.cpu == cpu ? "yes" : "no");
	if (!st->received)
		st->first = e.seq;
	else if (e.seq <= st->last)
		st->out_of_order++;
	st->last = e.seq;
	st->received++;
	return 0;
}

static int run_event(void *ctx, struct iu_map *map, int cpu, const void *data, size_t size)
{
	(void)map;
	return on_event(ctx, cpu, data, size);
}

static int cmp_keys(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

static int dump_map(struct iu_map *map)
{
	unsigned int type = iu_map__type(map);
	size_t ksz = iu_map__key_size(map), vsz = iu_map__value_size(map);
	int percpu = type == IU_MAP_PERCPU_ARRAY || type == IU_MAP_PERCPU_HASH;
	int cpus = iu_num_cpus();
	size_t stride = (vsz + 7) & ~(size_t)7;
	size_t vbuf_size = percpu ? stride * cpus : vsz;
	unsigned long long keys[4096];
	unsigned char key[512], next[512], *value = malloc(vbuf_size);
	size_t n = 0, i;
	int rc, c;

	if (!value || ksz > sizeof(key) || ksz > 8)
		return -EINVAL;
	/* Every key first, then the values in key order. */
	for (rc = iu_map__get_next_key(map, NULL, next, ksz); rc == 0 && n < 4096;
	     rc = iu_map__get_next_key(map, key, next, ksz)) {
		keys[n++] = int_of(next, ksz);
		memcpy(key, next, ksz);
	}
	if (rc != -ENOENT && rc != 0) {
		printf("map %s: next key: %s\n", iu_map__name(map), iu_last_error());
		free(value);
		return rc;
	}
	/* An array lists every index; only the ones set are of interest. */
	qsort(keys, n, sizeof(keys[0]), cmp_keys);
	printf("map %s (%s)\n", iu_map__name(map), iu_map_type_str(type));
	for (i = 0; i < n; i++) {
		unsigned long long sum = 0, any = 0;

		memcpy(key, &keys[i], ksz);
		rc = iu_map__lookup_elem(map, key, ksz, value, vbuf_size, 0);
		if (rc) {
			printf("%s[%llu]: %s\n", iu_map__name(map), keys[i], iu_last_error());
			continue;
		}
		if (!percpu) {
			if (int_of(value, vsz))
				printf("%s[%llu] = %lld\n", iu_map__name(map), keys[i],
				       (long long)int_of(value, vsz));
			continue;
		}
		int dirty = 0;

		for (c = 0; c < cpus; c++) {
			sum += int_of(value + c * stride, vsz);
			any |= int_of(value + c * stride, vsz);
			/* A slot's padding (value_size up to the 8-byte stride)
			 * must be zero: nothing past a program's value may
			 * reach user space. */
			for (size_t b = vsz; b < stride; b++)
				dirty |= value[c * stride + b] != 0;
		}
		if (!any)
			continue;
		printf("%s[%llu] = %llu (", iu_map__name(map), keys[i], sum);
		for (c = 0; c < cpus; c++)
			printf("%scpu%d %llu", c ? ", " : "", c, int_of(value + c * stride, vsz));
		printf(")%s\n", dirty ? " padding not zero" : "");
	}
	free(value);
	return 0;
}

static const char *err_name(int rc)
{
	switch (rc) {
	case 0: return "ok";
	case -ENOENT: return "ENOENT";
	case -EEXIST: return "EEXIST";
	case -E2BIG: return "E2BIG";
	case -EINVAL: return "EINVAL";
	case -EPERM: return "EPERM";
	case -EBUSY: return "EBUSY";
	default: return strerror(-rc);
	}
}

/*
 * Writes map from user space through libiu and says what each step gave,
 * BPF's way: an update (every CPU's slot of a per-CPU map, each its own
 * value) read back whole; NOEXIST on that key; EXIST on a key that is not
 * there (an array: an index past the end); a delete, a lookup and a second
 * delete (an array: refused). A hash map of at most 4 entries is then
 * filled until it refuses, an LRU map is given twice its size in new keys.
 * Last the key is written again, so the dump after the command shows it.
 * Keys are 4 bytes, values 8 (the map_count maps).
 */
static void write_check(struct iu_map *map)
{
	unsigned int type = iu_map__type(map), max = iu_map__max_entries(map);
	int array = type == IU_MAP_ARRAY || type == IU_MAP_PERCPU_ARRAY;
	int percpu = type == IU_MAP_PERCPU_ARRAY || type == IU_MAP_PERCPU_HASH;
	size_t slots = percpu ? iu_num_cpus() : 1, vsz = slots * 8, i;
	unsigned long long *val = calloc(slots, 8), *back = calloc(slots, 8);
	unsigned int key = array ? 0 : 40, other = array ? max : 41, k;
	int rc;

	if (iu_map__key_size(map) != 4 || iu_map__value_size(map) != 8 || !val || !back)
		return;
	for (i = 0; i < slots; i++)
		val[i] = percpu ? 100 + i : 1000;
	printf("write %s (%s):", iu_map__name(map), iu_map_type_str(type));
	rc = iu_map__update_elem(map, &key, 4, val, vsz, IU_MAP_ANY);
	printf(" update %s", err_name(rc));
	rc = iu_map__lookup_elem(map, &key, 4, back, vsz, 0);
	printf(", read back %s", rc ? err_name(rc) : memcmp(val, back, vsz) ? "differs" : "same");
	printf(", noexist %s", err_name(iu_map__update_elem(map, &key, 4, val, vsz, IU_MAP_NOEXIST)));
	printf(", exist on %s %s", array ? "an index past the end" : "a new key",
	       err_name(iu_map__update_elem(map, &other, 4, val, vsz, IU_MAP_EXIST)));
	printf(", delete %s", err_name(iu_map__delete_elem(map, &key, 4, 0)));
	if (!array) {
		printf(", lookup %s", err_name(iu_map__lookup_elem(map, &key, 4, back, vsz, 0)));
		printf(", delete again %s", err_name(iu_map__delete_elem(map, &key, 4, 0)));
	}
	if (type == IU_MAP_HASH && max <= 4) {
		for (k = 50, rc = 0; k < 50 + 2 * max && !rc; k++)
			rc = iu_map__update_elem(map, &k, 4, val, vsz, IU_MAP_ANY);
		printf(", full after %u new keys: %s", k - 50 - 1, err_name(rc));
		for (k = 50; k < 50 + 2 * max; k++)
			iu_map__delete_elem(map, &k, 4, 0);
	} else if (type == IU_MAP_LRU_HASH) {
		for (k = 50, rc = 0; k < 50 + 2 * max && !rc; k++)
			rc = iu_map__update_elem(map, &k, 4, val, vsz, IU_MAP_ANY);
		printf(", %u new keys: %s", 2 * max, err_name(rc));
		for (k = 50; k < 50 + 2 * max; k++)
			iu_map__delete_elem(map, &k, 4, 0);
	}
	printf(", again %s\n", err_name(iu_map__update_elem(map, &key, 4, val, vsz, IU_MAP_ANY)));
	free(val);
	free(back);
}

/* The bpf() system call itself (as a program that does not use libbpf). */
static int bpf_update(int fd, const void *key, const void *value)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (uintptr_t)key;
	a.value = (uintptr_t)value;
	a.flags = BPF_ANY;
	return syscall(__NR_bpf, BPF_MAP_UPDATE_ELEM, &a, sizeof(a));
}

static int bpf_lru_create(unsigned int entries)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_LRU_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = entries;
	strcpy(a.map_name, "plain_lru");
	return syscall(__NR_bpf, BPF_MAP_CREATE, &a, sizeof(a));
}

struct hammer {
	struct iu_map *map;   /* the iu map, through libiu */
	int plain_fd;         /* a plain BPF LRU map, through bpf() */
	double seconds;
	unsigned long long ok, failed, plain_ok, plain_failed;
	int first_error;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* New keys through libiu (iu.ko's IU_OBJ_MAP_UPDATE), each 16th an older
 * one deleted: a full LRU map evicts on every update. */
static void *hammer_iu(void *arg)
{
	struct hammer *h = arg;
	double end = now_s() + h->seconds;
	unsigned int key = 0;

	pin(0);
	while (now_s() < end) {
		for (int i = 0; i < 64; i++, key = (key + 1) & 0x7fffffffu) {
			unsigned long long v = key;
			int rc = iu_map__update_elem(h->map, &key, 4, &v, 8, IU_MAP_ANY);

			if (!rc && key % 16 == 0 && key >= 32) {
				unsigned int old = key - 32;

				rc = iu_map__delete_elem(h->map, &old, 4, 0);
				if (rc == -ENOENT)   /* evicted already */
					rc = 0;
			}
			if (rc) {
				if (!h->failed)
					h->first_error = rc;
				h->failed++;
			} else {
				h->ok++;
			}
		}
	}
	return NULL;
}

/* New keys into a plain BPF LRU map through bpf(): its evictions call the
 * probed functions outside iu, so the program runs there. */
static void *hammer_plain(void *arg)
{
	struct hammer *h = arg;
	double end = now_s() + h->seconds;
	unsigned int key = 0;

	pin(1);
	while (now_s() < end) {
		for (int i = 0; i < 64; i++, key++) {
			unsigned long long v = key;

			if (bpf_update(h->plain_fd, &key, &v) == 0)
				h->plain_ok++;
			else
				h->plain_failed++;
		}
	}
	return NULL;
}

/*
 * The hostile placement's user-space half: MAP (an iu LRU map whose
 * program is hooked inside the LRU map's code) is updated through libiu
 * while a plain BPF LRU map is updated through bpf() on the other CPU.
 * First the bpf() system call is tried on the iu map itself: refused (the
 * map is frozen). Prints what each side did.
 */
static int hammer(struct iu_map *map, double seconds)
{
	struct hammer h = { .map = map, .seconds = seconds };
	unsigned int key = 1;
	unsigned long long v = 1;
	pthread_t a, b;

	if (bpf_update(iu_map__fd(map), &key, &v) == 0)
		printf("bpf() update of iu map %s: done (it should have been refused)\n",
		       iu_map__name(map));
	else
		printf("bpf() update of iu map %s: %s\n", iu_map__name(map), strerror(errno));
	h.plain_fd = bpf_lru_create(64);
	if (h.plain_fd < 0) {
		printf("plain LRU map: %s\n", strerror(errno));
		return 1;
	}
	pthread_create(&a, NULL, hammer_iu, &h);
	pthread_create(&b, NULL, hammer_plain, &h);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("hammer %s: %llu updates and deletes through libiu, %llu failed", iu_map__name(map),
	       h.ok, h.failed);
	if (h.failed)
		printf(" (first: %s)", err_name(h.first_error));
	printf("; %llu updates of a plain LRU map through bpf(), %llu failed\n", h.plain_ok,
	       h.plain_failed);
	return 0;
}

int main(int argc, char **argv)
{
	const char *sets[16], *hammer_map = NULL;
	double hammer_seconds = 0;
	int nsets = 0, events = 0, events_after = 0, writes = 0, i, rc;
	enum iu_backend backend = IU_BACKEND_KERNEL;
	struct event_stats st = { 0 };
	struct iu_object *obj;
	struct iu_program *prog = NULL;
	struct iu_map *map = NULL;

	for (i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--set") && i + 1 < argc && nsets < 16)
			sets[nsets++] = argv[++i];
		else if (!strcmp(argv[i], "--events"))
			events = 1;
		else if (!strcmp(argv[i], "--events-after"))
			events_after = 1;
		else if (!strcmp(argv[i], "--write-check"))
			writes = 1;
		else if (!strcmp(argv[i], "--hammer") && i + 2 < argc) {
			hammer_map = argv[++i];
			hammer_seconds = atof(argv[++i]);
		}
		else if (!strcmp(argv[i], "--backend") && i + 1 < argc)
			backend = !strcmp(argv[++i], "user") ? IU_BACKEND_USER : IU_BACKEND_KERNEL;
		else
			break;
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--")) {
		fprintf(stderr, "usage: iu-map-client [--backend user|kernel] [--set NAME=VALUE]... "
				"[--events] [--events-after] [--write-check] [--hammer MAP SECONDS] "
				"IMAGE -- COMMAND...\n");
		return 2;
	}
	{
		IU_OPTS(iu_object_open_opts, oo, .backend = backend);
		obj = iu_object__open_file(argv[i], &oo);
	}
	if (!obj) {
		printf("open: %s\n", iu_last_error());
		return 1;
	}
	for (int s = 0; s < nsets; s++) {
		char name[64];
		const char *eq = strchr(sets[s], '=');

		if (!eq || (size_t)(eq - sets[s]) >= sizeof(name))
			return 2;
		memcpy(name, sets[s], eq - sets[s]);
		name[eq - sets[s]] = 0;
		if (iu_object__set_config_str(obj, name, eq + 1)) {
			printf("set %s: %s\n", sets[s], iu_last_error());
			return 1;
		}
	}
	rc = iu_object__load(obj);
	if (rc) {
		printf("load: %s\n", iu_last_error());
		return 1;
	}
	while ((prog = iu_object__next_program(obj, prog))) {
		if (!iu_program__attach(prog)) {
			printf("attach %s: %s\n", iu_program__name(prog), iu_last_error());
			return 1;
		}
	}
	if (writes)
		while ((map = iu_object__next_map(obj, map)))
			if (iu_map__type(map) != IU_MAP_EVENTS)
				write_check(map);
	if (hammer_map) {
		map = iu_object__find_map_by_name(obj, hammer_map);
		if (!map) {
			printf("hammer: %s\n", iu_last_error());
			return 1;
		}
		if (hammer(map, hammer_seconds))
			return 1;
		map = NULL;
	}
	st.print = events;
	{
		IU_OPTS(iu_run_opts, ro, .event_fn = events ? run_event : NULL, .event_ctx = &st);
		rc = iu_object__run_command(obj, argv + i + 2, &ro);
	}
	printf("status %d\n", rc);
	while ((map = iu_object__next_map(obj, map))) {
		if (iu_map__type(map) == IU_MAP_EVENTS) {
			if (events_after) {
				while ((rc = iu_map__poll_events(map, 100, on_event, &st)) > 0)
					;
				if (rc < 0)
					printf("poll: %s\n", iu_last_error());
			}
			printf("events %s: %llu received, %llu lost, %llu out of order",
			       iu_map__name(map), st.received,
			       (unsigned long long)iu_map__events_lost(map), st.out_of_order);
			if (st.received)
				printf(", seq %llu..%llu", st.first, st.last);
			printf("\n");
			continue;
		}
		dump_map(map);
	}
	iu_object__close(obj);
	return 0;
}
