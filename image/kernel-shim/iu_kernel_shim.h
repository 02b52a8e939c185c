/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * What kernel/iu_image.c uses of the kernel, in user space: the image
 * library builds that file as it is (force-included before it), so libiu,
 * iu-cc and the fuzzer run the kernel's own validator. Only what the file
 * uses is here; a kernel API it starts to use must be added, or the build
 * fails.
 */
#ifndef IU_KERNEL_SHIM_H
#define IU_KERNEL_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's integer types (64-bit ones are long long, as in the
 * kernel, so its printf formats match). */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;

#define PAGE_SIZE 4096ul
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y) - 1)))
#define ALIGN(x, a) round_up(x, a)

#define GFP_KERNEL 0
#define GFP_KERNEL_ACCOUNT 0

static inline void *krealloc_array(void *p, size_t n, size_t size, int flags)
{
	(void)flags;
	if (size && n > SIZE_MAX / size)
		return NULL;
	return realloc(p, n * size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

/* Copies at most size - 1 bytes and terminates; -E2BIG if src was cut. */
static inline long strscpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (size == 0)
		return -E2BIG;
	n = strnlen(src, size);
	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = 0;
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return (long)n;
}

static inline void sort(void *base, size_t num, size_t size,
			int (*cmp)(const void *, const void *), void *swap)
{
	(void)swap;
	qsort(base, num, size, cmp);
}

#endif
