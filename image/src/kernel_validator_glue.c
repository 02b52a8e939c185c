/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * What kernel/iu_image.c calls outside itself, in user space: the refusal
 * log and the helper allowlist (abi.h's IU_HELPER_LIST; the index is only
 * ever turned back into a name by iu_helper_name below).
 */
#include <stdarg.h>
#include <stdio.h>

#include "iu_image.h"
#include "kernel_validator.h"

void iu_log(struct iu_log *log, const char *fmt, ...)
{
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	vsnprintf(log->buf, sizeof(log->buf), fmt, ap);
	va_end(ap);
}

static const char *const helper_names[] = {
#define IU_X(name) #name,
	IU_HELPER_LIST(IU_X)
#undef IU_X
};

int iu_helper_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(helper_names); i++)
		if (!strcmp(helper_names[i], name))
			return (int)i;
	return -1;
}

const char *iu_helper_name(int index)
{
	if (index < 0 || (unsigned int)index >= ARRAY_SIZE(helper_names))
		return NULL;
	return helper_names[index];
}
