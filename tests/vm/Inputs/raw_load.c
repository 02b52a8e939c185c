// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * iu-raw-load: a test client that hands files to iu.ko directly, skipping
 * every user-space check libiu makes, so the tests see what the kernel
 * itself accepts and refuses.
 *
 *   iu-raw-load load FILE...       load, attach every program, detach, close;
 *                                  one line per file
 *   iu-raw-load cycles N FILE      N load/attach/detach/close cycles
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../../kernel/uapi/iu_ioctl.h"

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

int main(int argc, char **argv)
{
	int dev, rc = 0, i;

	if (argc < 3) {
		fprintf(stderr, "Usage: %s load FILE... | cycles N FILE\n", argv[0]);
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
	} else {
		rc = 2;
	}
	close(dev);
	return rc;
}
