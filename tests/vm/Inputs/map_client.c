/*
 * iu-map-client: a user-space program on libiu's map, events and
 * configuration API, for the tests (iu-load's own --set and --dump-maps
 * are tested elsewhere).
 *
 *   iu-map-client [--backend user|kernel] [--set NAME=VALUE]... [--events]
 *                 [--events-after] IMAGE -- COMMAND [ARGS...]
 *
 * Opens IMAGE, sets the configuration, loads it, attaches every program
 * and runs COMMAND. --events prints each record of its events maps while
 * the command runs (as struct write_event, map_events.h); --events-after
 * leaves them queued and reads them only after the command has exited
 * (so a small buffer overflows), then says how many arrived and how many
 * were dropped. Then it prints every keyed map, keys in ascending order:
 *
 *   map NAME (TYPE): N entries
 *   NAME[KEY] = VALUE               integers of 1, 2, 4 or 8 bytes
 *   NAME[KEY] = SUM (cpu0 A, cpu1 B, ...)   per-CPU maps
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		for (c = 0; c < cpus; c++) {
			sum += int_of(value + c * stride, vsz);
			any |= int_of(value + c * stride, vsz);
		}
		if (!any)
			continue;
		printf("%s[%llu] = %llu (", iu_map__name(map), keys[i], sum);
		for (c = 0; c < cpus; c++)
			printf("%scpu%d %llu", c ? ", " : "", c, int_of(value + c * stride, vsz));
		printf(")\n");
	}
	free(value);
	return 0;
}

int main(int argc, char **argv)
{
	const char *sets[16];
	int nsets = 0, events = 0, events_after = 0, i, rc;
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
		else if (!strcmp(argv[i], "--backend") && i + 1 < argc)
			backend = !strcmp(argv[++i], "user") ? IU_BACKEND_USER : IU_BACKEND_KERNEL;
		else
			break;
	}
	if (i + 2 >= argc || strcmp(argv[i + 1], "--")) {
		fprintf(stderr, "usage: iu-map-client [--backend user|kernel] [--set NAME=VALUE]... "
				"[--events] [--events-after] IMAGE -- COMMAND...\n");
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
