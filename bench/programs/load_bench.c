// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * load_bench: times loading one program, in the guest (bench/run, "load").
 *
 *   load_bench iu FILE.iu REPEAT     IU_IOC_LOAD on /dev/iu: the kernel's
 *                                    signature check, validation, mapping
 *                                    and relocation of the signed file
 *   load_bench bpf FILE.insns REPEAT BPF_PROG_LOAD (kprobe type) of raw
 *                                    eBPF instructions: the verifier and
 *                                    the JIT
 *
 * Prints "ok <median ms> <min ms> <first ms>" (the first load of the file:
 * for iu the only one that checks the signature, iu.ko remembers files it
 * verified) or, when the kernel refuses the program,
 * "refused <errno name>: <the last two lines of the kernel's log>". Each loaded
 * object is closed before the next repetition; only the load call is timed.
 * Built static: it runs in iu-vm's bare initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <iu/ioctl.h>

#define MAX_REPEAT 1000

static char *read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(path);
		exit(1);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || read(fd, buf, st.st_size) != st.st_size) {
		perror(path);
		exit(1);
	}
	close(fd);
	*len = st.st_size;
	return buf;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The last two non-empty lines of a kernel log, joined with " | ". */
static const char *log_tail(char *log)
{
	static char out[1024];
	char *end = log + strlen(log), *start;
	size_t n = 0;
	int lines = 0;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		*--end = 0;
	start = end;
	while (start > log) {
		if (start[-1] == '\n' && ++lines == 2)
			break;
		start--;
	}
	for (; *start && n + 4 < sizeof(out); start++) {
		if (*start == '\n') {
			memcpy(out + n, " | ", 3);
			n += 3;
		} else {
			out[n++] = *start;
		}
	}
	out[n] = 0;
	return out;
}

static int bpf_load(const void *insns, size_t len, char *log, size_t log_size, int level)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = len / sizeof(struct bpf_insn);
	attr.license = (unsigned long)"GPL";
	if (level) {
		attr.log_level = level;
		attr.log_buf = (unsigned long)log;
		attr.log_size = log_size;
	}
	return syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

int main(int argc, char **argv)
{
	static char log[1 << 20];
	double t[MAX_REPEAT], first = 0;
	int repeat, i, dev = -1, iu;
	size_t len;
	char *file;

	if (argc != 4 || (strcmp(argv[1], "iu") && strcmp(argv[1], "bpf"))) {
		fprintf(stderr, "usage: load_bench iu|bpf FILE REPEAT\n");
		return 2;
	}
	iu = !strcmp(argv[1], "iu");
	file = read_file(argv[2], &len);
	repeat = atoi(argv[3]);
	if (repeat < 1 || repeat > MAX_REPEAT)
		repeat = 1;
	if (iu && (dev = open("/dev/iu", O_RDWR | O_CLOEXEC)) < 0) {
		perror("/dev/iu");
		return 1;
	}
	for (i = 0; i < repeat; i++) {
		double t0, t1;
		int fd, err;

		log[0] = 0;
		if (iu) {
			struct iu_load_args args = {
				.image = (unsigned long)file, .image_len = len,
				.log_buf = (unsigned long)log, .log_size = IU_LOG_MAX,
			};

			t0 = now_ms();
			fd = ioctl(dev, IU_IOC_LOAD, &args);
			t1 = now_ms();
		} else {
			t0 = now_ms();
			fd = bpf_load(file, len, log, sizeof(log), 0);
			t1 = now_ms();
		}
		if (fd < 0) {
			err = errno;
			if (!iu) /* again, with the verifier's log */
				bpf_load(file, len, log, sizeof(log), 1);
			printf("refused %s: %s\n", strerrorname_np(err) ? strerrorname_np(err) : "?",
			       log_tail(log));
			return 0;
		}
		close(fd);
		t[i] = t1 - t0;
		if (i == 0)
			first = t[i];
	}
	qsort(t, repeat, sizeof(t[0]), cmp_double);
	printf("ok %.4f %.4f %.4f\n", t[repeat / 2], t[0], first);
	return 0;
}
