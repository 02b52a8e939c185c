/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The kernel's validator (kernel/iu_image.c) as the image library's strict
 * reader uses it: built in user space with image/kernel-shim/ force-included,
 * it declares iu_image_parse() and struct iu_image (kernel/iu_image.h). C
 * and C++ both include this.
 */
#ifndef IU_KERNEL_VALIDATOR_H
#define IU_KERNEL_VALIDATOR_H

#ifdef __cplusplus
extern "C" {
#endif

#include "iu_kernel_shim.h"
#include "iu_image.h"

/* The name of the helper a relocation's index (struct iu_img_reloc.helper)
 * stands for, or NULL. */
const char *iu_helper_name(int index);

#ifdef __cplusplus
}
#endif

#endif
