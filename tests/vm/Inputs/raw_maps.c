// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * iu-raw-maps: hands iu.ko map fds and configuration bytes through the raw
 * load ioctl, skipping libiu, so the tests see what the kernel itself
 * accepts and refuses. Maps are made with the bpf() system call from the
 * image's own .maps descriptors (read from its ELF section headers; keyed
 * maps BPF_F_RDONLY_PROG and frozen, as iu.ko requires), then one thing at
 * a time is made wrong.
 *
 *   iu-raw-maps bad FILE        one line per wrong load: what was wrong and
 *                               iu.ko's reason; then a right one
 *   iu-raw-maps cycles N FILE   N cycles of: make the maps, load, attach
 *                               and detach every program, close the object
 *                               and the maps; then how many BPF maps are
 *                               left beyond those that existed before
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <iu/ioctl.h>

static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0)
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		close(fd);
		return NULL;
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

/* The bytes of section `name` (the test's own images: well formed). */
static const char *section(const char *file, size_t len, const char *name, size_t *size)
{
	const Elf64_Ehdr *eh = (const void *)file;
	const Elf64_Shdr *sh, *strtab;
	unsigned int i;

	if (len < sizeof(*eh) || eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > len)
		return NULL;
	sh = (const void *)(file + eh->e_shoff);
	strtab = &sh[eh->e_shstrndx];
	for (i = 0; i < eh->e_shnum; i++) {
		if (!strcmp(file + strtab->sh_offset + sh[i].sh_name, name)) {
			*size = sh[i].sh_size;
			return file + sh[i].sh_offset;
		}
	}
	return NULL;
}

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(unsigned int type, unsigned int key, unsigned int value,
		      unsigned int entries, unsigned int flags, const char *name)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key;
	a.value_size = value;
	a.max_entries = entries;
	a.map_flags = flags;
	/* BPF keeps the first 15 characters of a name. */
	memcpy(a.map_name, name, strnlen(name, sizeof(a.map_name) - 1));
	return bpf(BPF_MAP_CREATE, &a);
}

static unsigned int bpf_type(unsigned int iu_type)
{
	switch (iu_type) {
	case IU_MAP_ARRAY: return BPF_MAP_TYPE_ARRAY;
	case IU_MAP_HASH: return BPF_MAP_TYPE_HASH;
	case IU_MAP_PERCPU_ARRAY: return BPF_MAP_TYPE_PERCPU_ARRAY;
	case IU_MAP_PERCPU_HASH: return BPF_MAP_TYPE_PERCPU_HASH;
	case IU_MAP_LRU_HASH: return BPF_MAP_TYPE_LRU_HASH;
	default: return BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	}
}

/* Freezes fd (no bpf() write through any fd from then on); returns fd, or
 * -1 with fd closed. */
static int freeze(int fd)
{
	union bpf_attr a;

	if (fd < 0)
		return fd;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	if (bpf(BPF_MAP_FREEZE, &a) != 0) {
		printf("cannot freeze: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A keyed map as iu.ko takes it: read-only for BPF programs, frozen. */
static int keyed_map(unsigned int type, unsigned int key, unsigned int value,
		     unsigned int entries, const char *name)
{
	return freeze(map_create(type, key, value, entries, BPF_F_RDONLY_PROG, name));
}

/* A map as descriptor d asks (events: a perf event array of 2 CPUs). */
static int make_map(const struct iu_map_desc *d)
{
	if (d->type == IU_MAP_EVENTS)
		return map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 2, 0, d->name);
	return keyed_map(bpf_type(d->type), d->key_size, d->value_size, d->max_entries, d->name);
}

/* The BPF maps that exist now. */
static int count_maps(void)
{
	union bpf_attr a;
	int n = 0;

	memset(&a, 0, sizeof(a));
	while (bpf(BPF_MAP_GET_NEXT_ID, &a) == 0) {
		n++;
		a.start_id = a.next_id;
	}
	return n;
}

static int load(int dev, const char *file, size_t len, const int *fds, unsigned int nfds,
		const void *config, size_t config_len, char *log, unsigned int *nprogs)
{
	struct iu_load_args args = {
		.image = (unsigned long)file, .image_len = len,
		.log_buf = (unsigned long)log, .log_size = IU_LOG_MAX,
		.map_fds = (unsigned long)fds, .nmaps = nfds,
		.config = (unsigned long)config, .config_len = config_len,
	};
	int obj;

	log[0] = 0;
	obj = ioctl(dev, IU_IOC_LOAD, &args);
	if (nprogs)
		*nprogs = args.nprogs;
	return obj;
}

struct image {
	const char *file;
	size_t len;
	const struct iu_map_desc *maps;
	unsigned int nmaps;
	const char *config;
	size_t config_len;
};

static int open_image(const char *path, struct image *img)
{
	size_t size = 0;

	img->file = read_file(path, &img->len);
	if (!img->file)
		return -1;
	img->maps = (const void *)section(img->file, img->len, ".maps", &size);
	img->nmaps = img->maps ? size / sizeof(struct iu_map_desc) : 0;
	img->config = section(img->file, img->len, ".iu.config", &img->config_len);
	if (!img->config)
		img->config_len = 0;
	return 0;
}

static int make_maps(const struct image *img, int *fds)
{
	unsigned int i;

	for (i = 0; i < img->nmaps; i++) {
		fds[i] = make_map(&img->maps[i]);
		if (fds[i] < 0) {
			printf("cannot make map '%s': %s\n", img->maps[i].name, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static void close_maps(const int *fds, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Loads with fds[0..nfds) and the given configuration; one line. */
static void try_load(int dev, const struct image *img, const char *what, const int *fds,
		     unsigned int nfds, const void *config, size_t config_len)
{
	char log[IU_LOG_MAX];
	unsigned int nprogs = 0;
	int obj = load(dev, img->file, img->len, fds, nfds, config, config_len, log, &nprogs);

	if (obj < 0) {
		printf("%s: refused: %s: %s\n", what, strerror(errno), log);
		return;
	}
	printf("%s: loaded (%u programs)\n", what, nprogs);
	close(obj);
}

/* Loads with map 0 of a right set replaced by fd, then closes fd. */
static void with_map0(int dev, const struct image *img, int *fds, const char *what, int fd)
{
	int right = fds[0];

	fds[0] = fd;
	if (fd < 0)
		printf("%s: cannot make the map: %s\n", what, strerror(errno));
	else
		try_load(dev, img, what, fds, img->nmaps, NULL, 0);
	if (fd >= 0)
		close(fd);
	fds[0] = right;
}

static int bad(int dev, const struct image *img)
{
	const struct iu_map_desc *d = &img->maps[0];
	int fds[IU_MAPS_MAX + 1], devnull, closed;
	char *config;
	unsigned int i;

	if (!img->nmaps || !img->config_len)
		return 1;
	if (make_maps(img, fds))
		return 1;
	printf("image: %u maps, map 0 '%s', %zu bytes of configuration\n", img->nmaps, d->name,
	       img->config_len);
	try_load(dev, img, "no map fds", fds, 0, NULL, 0);
	try_load(dev, img, "one map fd too few", fds, img->nmaps - 1, NULL, 0);
	fds[img->nmaps] = fds[0];
	try_load(dev, img, "one map fd too many", fds, img->nmaps + 1, NULL, 0);

	with_map0(dev, img, fds, "an array for the hash map",
		  keyed_map(BPF_MAP_TYPE_ARRAY, 4, d->value_size, d->max_entries, d->name));
	with_map0(dev, img, fds, "a ring buffer for the hash map",
		  map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0, d->name));
	with_map0(dev, img, fds, "a wider key",
		  keyed_map(bpf_type(d->type), d->key_size + 4, d->value_size, d->max_entries,
			    d->name));
	with_map0(dev, img, fds, "a smaller value",
		  keyed_map(bpf_type(d->type), d->key_size, d->value_size - 4, d->max_entries,
			    d->name));
	with_map0(dev, img, fds, "fewer entries",
		  keyed_map(bpf_type(d->type), d->key_size, d->value_size, d->max_entries / 2,
			    d->name));
	/* A keyed map must be written by iu alone: read-only for BPF programs
	 * and frozen (no bpf() write). */
	with_map0(dev, img, fds, "writable by anyone (neither flag nor frozen)",
		  map_create(bpf_type(d->type), d->key_size, d->value_size, d->max_entries, 0,
			     d->name));
	with_map0(dev, img, fds, "frozen, writable by programs",
		  freeze(map_create(bpf_type(d->type), d->key_size, d->value_size,
				    d->max_entries, 0, d->name)));
	with_map0(dev, img, fds, "read-only for programs, not frozen",
		  map_create(bpf_type(d->type), d->key_size, d->value_size, d->max_entries,
			     BPF_F_RDONLY_PROG, d->name));
	with_map0(dev, img, fds, "write-only for programs, frozen",
		  freeze(map_create(bpf_type(d->type), d->key_size, d->value_size,
				    d->max_entries, BPF_F_WRONLY_PROG, d->name)));
	closed = make_map(d);
	close(closed);
	{
		int right = fds[0];

		fds[0] = closed;
		try_load(dev, img, "a closed fd", fds, img->nmaps, NULL, 0);
		devnull = open("/dev/null", O_RDONLY);
		fds[0] = devnull;
		try_load(dev, img, "not a map (/dev/null)", fds, img->nmaps, NULL, 0);
		close(devnull);
		fds[0] = -1;
		try_load(dev, img, "fd -1", fds, img->nmaps, NULL, 0);
		fds[0] = right;
	}

	/* Configuration: the image's own bytes are accepted; a changed size,
	 * header or bool is not. */
	config = malloc(img->config_len);
	memcpy(config, img->config, img->config_len);
	try_load(dev, img, "configuration: the image's own", fds, img->nmaps, config,
		 img->config_len);
	try_load(dev, img, "configuration: 8 bytes short", fds, img->nmaps, config,
		 img->config_len - 8);
	config[offsetof(struct iu_config_desc, name)] ^= 0x20;
	try_load(dev, img, "configuration: a name changed", fds, img->nmaps, config,
		 img->config_len);
	memcpy(config, img->config, img->config_len);
	config[offsetof(struct iu_config_desc, size)] ^= 1;
	try_load(dev, img, "configuration: a size changed", fds, img->nmaps, config,
		 img->config_len);
	memcpy(config, img->config, img->config_len);
	/* The first bool's value set to 2. */
	for (i = 0; i < img->config_len;) {
		struct iu_config_desc h;

		memcpy(&h, config + i, sizeof(h));
		if (h.kind == IU_CONFIG_BOOL) {
			config[i + sizeof(h)] = 2;
			try_load(dev, img, "configuration: a bool of 2", fds, img->nmaps, config,
				 img->config_len);
			break;
		}
		i += iu_config_record_size(h.size);
	}
	free(config);

	try_load(dev, img, "everything right", fds, img->nmaps, NULL, 0);
	close_maps(fds, img->nmaps);
	return 0;
}

static int cycles(int dev, const struct image *img, long n)
{
	int before = count_maps(), after = 0, fds[IU_MAPS_MAX];
	char log[IU_LOG_MAX];
	long c;

	for (c = 0; c < n; c++) {
		unsigned int nprogs = 0, p;
		int obj;

		if (make_maps(img, fds))
			return 1;
		obj = load(dev, img->file, img->len, fds, img->nmaps, NULL, 0, log, &nprogs);
		if (obj < 0) {
			printf("cycle %ld: refused: %s: %s\n", c, strerror(errno), log);
			return 1;
		}
		for (p = 0; p < nprogs; p++) {
			struct iu_attach_args at = {
				.prog = p, .log_buf = (unsigned long)log, .log_size = IU_LOG_MAX,
			};

			if (ioctl(obj, IU_OBJ_ATTACH, &at) != 0 ||
			    ioctl(obj, IU_OBJ_DETACH, (unsigned long)p) != 0) {
				printf("cycle %ld: program %u: %s: %s\n", c, p, strerror(errno), log);
				return 1;
			}
		}
		/* The maps first: iu.ko's references keep them alive until the
		 * object goes. */
		close_maps(fds, img->nmaps);
		close(obj);
	}
	/* A map is freed from a work item after its last reference: wait. */
	for (c = 0; c < 50; c++) {
		after = count_maps();
		if (after <= before)
			break;
		usleep(100 * 1000);
	}
	printf("%ld map cycles ok\n", n);
	printf("BPF maps left: %d\n", after - before);
	return 0;
}

int main(int argc, char **argv)
{
	struct image img;
	int dev, rc = 2;

	if (argc < 3) {
		fprintf(stderr, "Usage: %s bad FILE | cycles N FILE\n", argv[0]);
		return 2;
	}
	dev = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror(IU_DEVICE_PATH);
		return 1;
	}
	if (!strcmp(argv[1], "bad") && argc == 3) {
		if (open_image(argv[2], &img))
			return 1;
		rc = bad(dev, &img);
	} else if (!strcmp(argv[1], "cycles") && argc == 4) {
		if (open_image(argv[3], &img))
			return 1;
		rc = cycles(dev, &img, atol(argv[2]));
	}
	close(dev);
	return rc;
}
