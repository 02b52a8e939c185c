// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * iu-kctl: configures iu.ko's trust (docs/kernel.md).
 *
 *   iu-kctl trust add CERT...   add certificates (PEM or DER) to iu.ko's
 *                               keyring; images signed by them may load
 *   iu-kctl trust lock          refuse further certificates until iu.ko is
 *                               reloaded
 *
 * Needs CAP_SYS_ADMIN. Typically run once at boot, right after
 * `modprobe iu`, with the site's certificates, followed by `trust lock`.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iu/ioctl.h>

static const char *tool = "iu-kctl";

static int usage(FILE *f)
{
	fprintf(f, "Usage: %s trust add CERT...\n"
		   "       %s trust lock\n"
		   "Adds certificates (PEM or DER) to iu.ko's keyring, or locks it.\n",
		tool, tool);
	return f == stdout ? 0 : 2;
}

static int b64(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes base64 text [p, end) into out; returns the length or -1. */
static long unbase64(const char *p, const char *end, unsigned char *out)
{
	unsigned int acc = 0, bits = 0;
	long n = 0;

	for (; p < end; p++) {
		int v;

		if (*p == '=' || *p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			continue;
		v = b64((unsigned char)*p);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

static int add_der(int dev, const char *path, const unsigned char *der, size_t len)
{
	struct iu_cert_args args;

	memset(&args, 0, sizeof(args));
	args.der = (unsigned long)der;
	args.der_len = (unsigned int)len;
	if (ioctl(dev, IU_IOC_ADD_CERT, &args) != 0) {
		int e = errno;

		fprintf(stderr, "%s: %s: the kernel refused the certificate: %s%s\n", tool, path,
			strerror(e),
			e == ENOENT || e == ENOPKG ?
				" (is its key algorithm built into this kernel? Debian's 6.1 has no ECDSA: use RSA)" :
				"");
		return 1;
	}
	printf("%s: key %d\n", path, args.key_serial);
	return 0;
}

static int add_file(int dev, const char *path)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	unsigned char *buf = malloc(IU_CERT_MAX_SIZE * 4 + 1), *der = malloc(IU_CERT_MAX_SIZE * 4);
	FILE *f = fopen(path, "rb");
	size_t len;
	int rc = 0, found = 0;
	char *p;

	if (!f || !buf || !der) {
		fprintf(stderr, "%s: %s: %s\n", tool, path, strerror(errno));
		return 1;
	}
	len = fread(buf, 1, IU_CERT_MAX_SIZE * 4, f);
	fclose(f);
	buf[len] = 0;
	if (len && buf[0] == 0x30) { /* DER: a SEQUENCE */
		rc = add_der(dev, path, buf, len);
		goto out;
	}
	for (p = (char *)buf; (p = strstr(p, begin)); ) {
		char *e = strstr(p, end);
		long n;

		if (!e)
			break;
		n = unbase64(p + sizeof(begin) - 1, e, der);
		if (n <= 0) {
			fprintf(stderr, "%s: %s: malformed PEM certificate\n", tool, path);
			rc = 1;
			goto out;
		}
		rc |= add_der(dev, path, der, (size_t)n);
		found = 1;
		p = e + sizeof(end) - 1;
	}
	if (!found) {
		fprintf(stderr, "%s: %s: no certificate found (PEM or DER expected)\n", tool, path);
		rc = 1;
	}
out:
	free(buf);
	free(der);
	return rc;
}

int main(int argc, char **argv)
{
	int dev, rc = 0, i;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout);
	if (argc < 3 || strcmp(argv[1], "trust") != 0)
		return usage(stderr);
	dev = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		fprintf(stderr, "%s: %s: %s (is iu.ko loaded?)\n", tool, IU_DEVICE_PATH,
			strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "add") && argc > 3) {
		for (i = 3; i < argc; i++)
			rc |= add_file(dev, argv[i]);
	} else if (!strcmp(argv[2], "lock") && argc == 3) {
		if (ioctl(dev, IU_IOC_LOCK_TRUST) != 0) {
			fprintf(stderr, "%s: cannot lock trust: %s\n", tool, strerror(errno));
			rc = 1;
		}
	} else {
		rc = usage(stderr);
	}
	close(dev);
	return rc;
}
