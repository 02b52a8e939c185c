// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * iu-raw-load: a test client that hands files to iu.ko directly, skipping
 * every user-space check libiu makes, so the tests see what the kernel
 * itself accepts and refuses.
 *
 *   iu-raw-load load FILE...       load, attach every program, detach, close;
 *                                  one line per file
 *   iu-raw-load cycles N FILE      N load/attach/detach/close cycles
 *   iu-raw-load asuser UID FILE    open /dev/iu and load FILE as root, then
 *                                  as UID (no capabilities) try LOAD, ATTACH
 *                                  and LOCK_TRUST with those descriptors
 *   iu-raw-load pad FILE           ATTACH with a non-zero pad
 *   iu-raw-load fill FILE          load FILE until refused, keeping every
 *                                  object; then load it once more from a
 *                                  child process
 *   iu-raw-load late-attach S FILE load, wait S seconds, then attach
 *   iu-raw-load flips OFF LEN FILE load FILE, then FILE with each bit of
 *                                  bytes [OFF, OFF+LEN) flipped in turn; say
 *                                  how many variants the kernel accepted
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Returns 0 when everything worked; prints a line either way if verbose. */
static int cycle(int dev, const char *path, const char *file, size_t len, int verbose)
{
	char log[IU_LOG_MAX] = "";
	struct iu_load_args args = {
		.image = (unsigned long)file, .image_len = len,
		.log_buf = (unsigned long)log, .log_size = sizeof(log),
	};
	unsigned int i;
	int obj = ioctl(dev, IU_IOC_LOAD, &args);

	if (obj < 0) {
		if (verbose)
			printf("%s: refused: %s: %s\n", path, strerror(errno), log);
		return 1;
	}
	for (i = 0; i < args.nprogs; i++) {
		struct iu_attach_args at = {
			.prog = i, .log_buf = (unsigned long)log, .log_size = sizeof(log),
		};

		if (ioctl(obj, IU_OBJ_ATTACH, &at) != 0) {
			printf("%s: program %u: attach failed: %s: %s\n", path, i, strerror(errno), log);
			close(obj);
			return 1;
		}
		if (ioctl(obj, IU_OBJ_DETACH, (unsigned long)i) != 0) {
			printf("%s: program %u: detach failed: %s\n", path, i, strerror(errno));
			close(obj);
			return 1;
		}
	}
	if (verbose)
		printf("%s: loaded, %u programs attached and detached\n", path, args.nprogs);
	close(obj);
	return 0;
}

static int load_obj(int dev, const char *file, size_t len, char *log, unsigned int *nprogs)
{
	struct iu_load_args args = {
		.image = (unsigned long)file, .image_len = len,
		.log_buf = (unsigned long)log, .log_size = IU_LOG_MAX,
	};
	int obj;

	log[0] = 0;
	obj = ioctl(dev, IU_IOC_LOAD, &args);
	if (nprogs)
		*nprogs = args.nprogs;
	return obj;
}

static int attach(int obj, unsigned int prog, unsigned int pad, char *log)
{
	struct iu_attach_args at = {
		.prog = prog, .log_buf = (unsigned long)log, .log_size = IU_LOG_MAX, .pad = pad,
	};

	log[0] = 0;
	return ioctl(obj, IU_OBJ_ATTACH, &at);
}

static void say(const char *what, int rc, const char *log)
{
	if (rc < 0)
		printf("%s: %s%s%s\n", what, strerror(errno), log && log[0] ? ": " : "",
		       log ? log : "");
	else
		printf("%s: ok\n", what);
}

/* Delegation: descriptors root opened, used by an unprivileged process. */
static int as_user(int dev, uid_t uid, const char *file, size_t len)
{
	char log[IU_LOG_MAX];
	int obj = load_obj(dev, file, len, log, NULL);

	if (obj < 0) {
		say("load as root", obj, log);
		return 1;
	}
	if (setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) {
		perror("setresuid");
		return 1;
	}
	say("load with root's /dev/iu descriptor", load_obj(dev, file, len, log, NULL), log);
	say("attach with root's object descriptor", attach(obj, 0, 0, log), log);
	say("lock trust with root's /dev/iu descriptor", ioctl(dev, IU_IOC_LOCK_TRUST), NULL);
	return 0;
}

/* A number read from a file (memory.current), or -1. */
static long long read_number(const char *path)
{
	long long v = -1;
	FILE *f = path ? fopen(path, "r") : NULL;

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int fill(int dev, const char *path, const char *file, size_t len)
{
	const char *memcg = getenv("IU_MEMCG_CURRENT");
	long long before = read_number(memcg), after;
	char log[IU_LOG_MAX];
	int n = 0, obj, status;
	pid_t child;

	while ((obj = load_obj(dev, file, len, log, NULL)) >= 0)
		n++;
	printf("one process: %d objects, then %s: %s\n", n, strerror(errno), log);
	after = read_number(memcg);
	if (before >= 0 && after >= 0) {
		/* Each object's record buffer alone is 256 KiB. */
		if (n > 0 && after - before >= (long long)n * (256 << 10))
			printf("memory cgroup: charged at least 256 KiB per object\n");
		else
			printf("memory cgroup: charged %lld KiB for %d objects\n",
			       (after - before) >> 10, n);
	}
	child = fork();
	if (child == 0) {
		obj = load_obj(dev, file, len, log, NULL);
		say("another process", obj, log);
		_exit(obj < 0);
	}
	waitpid(child, &status, 0);
	(void)path;
	return 0;
}

int main(int argc, char **argv)
{
	int dev, rc = 0, i;

	if (argc < 3) {
		fprintf(stderr, "Usage: %s load FILE... | cycles N FILE | asuser UID FILE | pad FILE |"
				" fill FILE | late-attach SECONDS FILE\n", argv[0]);
		return 2;
	}
	dev = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror(IU_DEVICE_PATH);
		return 1;
	}
	if (!strcmp(argv[1], "load")) {
		for (i = 2; i < argc; i++) {
			size_t len;
			char *file = read_file(argv[i], &len);

			if (!file) {
				printf("%s: cannot read\n", argv[i]);
				rc = 1;
				continue;
			}
			rc |= cycle(dev, argv[i], file, len, 1);
			free(file);
		}
	} else if (!strcmp(argv[1], "cycles") && argc == 4) {
		long n = atol(argv[2]);
		size_t len;
		char *file = read_file(argv[3], &len);

		if (!file)
			return 1;
		for (i = 0; i < n; i++) {
			if (cycle(dev, argv[3], file, len, 0)) {
				printf("cycle %d failed\n", i);
				cycle(dev, argv[3], file, len, 1);
				return 1;
			}
		}
		printf("%ld cycles ok\n", n);
		free(file);
	} else if (argc == 5 && !strcmp(argv[1], "flips")) {
		size_t len, off = (size_t)atol(argv[2]), n = (size_t)atol(argv[3]), i;
		char *file = read_file(argv[4], &len);
		char log[IU_LOG_MAX];
		unsigned int accepted = 0, tried = 0, bit;
		int obj0;

		if (!file || off > len || n > len - off)
			return 1;
		/* The unchanged file first: iu.ko then knows its bytes as verified,
		 * and no changed copy may pass for it. */
		obj0 = load_obj(dev, file, len, log, NULL);
		if (obj0 >= 0)
			close(obj0);
		for (i = off; i < off + n; i++) {
			for (bit = 0; bit < 8; bit++) {
				int obj;

				file[i] ^= (char)(1u << bit);
				obj = load_obj(dev, file, len, log, NULL);
				file[i] ^= (char)(1u << bit);
				tried++;
				if (obj >= 0) {
					accepted++;
					close(obj);
				}
			}
		}
		printf("bit flips in bytes %zu..%zu: %u of %u accepted, the unchanged file %s\n",
		       off, off + n, accepted, tried, obj0 >= 0 ? "loaded" : "refused");
	} else if (argc == 4 && (!strcmp(argv[1], "asuser") || !strcmp(argv[1], "late-attach"))) {
		size_t len;
		char *file = read_file(argv[3], &len);
		char log[IU_LOG_MAX];
		int obj;

		if (!file)
			return 1;
		if (!strcmp(argv[1], "asuser"))
			return as_user(dev, (uid_t)atol(argv[2]), file, len);
		obj = load_obj(dev, file, len, log, NULL);
		say("load", obj, log);
		if (obj < 0)
			return 1;
		sleep((unsigned int)atol(argv[2]));
		say("attach", attach(obj, 0, 0, log), log);
		close(obj);
	} else if (argc == 3 && (!strcmp(argv[1], "pad") || !strcmp(argv[1], "fill"))) {
		size_t len;
		char *file = read_file(argv[2], &len);
		char log[IU_LOG_MAX];
		int obj;

		if (!file)
			return 1;
		if (!strcmp(argv[1], "fill"))
			return fill(dev, argv[2], file, len);
		obj = load_obj(dev, file, len, log, NULL);
		if (obj < 0) {
			say("load", obj, log);
			return 1;
		}
		say("attach with pad 1", attach(obj, 0, 1, log), log);
		close(obj);
	} else {
		rc = 2;
	}
	close(dev);
	return rc;
}
