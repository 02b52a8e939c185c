/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and validation of a verified image (iu_image.c), and the limits
 * an image is held to. Self-contained on purpose: the image library builds
 * iu_image.c in user space as well (image/kernel-shim/), so libiu, iu-cc
 * and the fuzzer run the kernel's own validator (docs/architecture.md).
 */
#ifndef IU_IMAGE_H
#define IU_IMAGE_H

#include <linux/types.h>

#include <iu/abi.h>
#include <iu/ioctl.h>

#define IU_MAX_PROGS 64
#define IU_MAX_CONFIGS 128  /* configurations and kernel type fields */

/*
 * The iu stack (iu_run.c): IU_STACK_SIZE bytes aligned to IU_STACK_SIZE,
 * mapped in vmalloc space. Its first page holds struct iu_run (where abi.h
 * says the runtime finds it), its second page is never mapped (a guard: a
 * stack overflow faults there before it can reach the run state), and the
 * stack proper is the rest. A program's stack bound (from its note) must
 * leave IU_STACK_HELPER_RESERVE bytes of that for the helpers it calls and
 * for exceptions taken on the iu stack.
 */
#define IU_STACK_RUN_PAGE 0u
#define IU_STACK_GUARD_PAGE 1u
#define IU_STACK_USABLE (IU_STACK_SIZE - 2u * PAGE_SIZE)
#define IU_STACK_HELPER_RESERVE (16u * 1024u)
#define IU_STACK_PROG_MAX (IU_STACK_USABLE - IU_STACK_HELPER_RESERVE) /* 40 KiB */

/* A one-line reason for a refusal, copied to the caller's log_buf. */
struct iu_log {
	char buf[IU_LOG_MAX];
};
__printf(2, 3) void iu_log(struct iu_log *log, const char *fmt, ...);

/* iu_helpers.c: the helper's index in the kernel's helper table, or -1 if
 * the name is not in abi.h's IU_HELPER_LIST. */
int iu_helper_index(const char *name);

/* ---- iu_image.c: parsing and validation of a verified image ---- */
struct iu_img_seg {
	u64 vaddr, memsz, offset, filesz;
	u32 flags;
};

struct iu_img_reloc {
	u64 offset;
	u32 type;
	s64 addend;
	int helper;     /* index in the helper table for GLOB_DAT/JUMP_SLOT */
};

struct iu_img_prog {
	u32 type;
	char name[IU_PROG_NAME_MAX];
	char target[IU_PROG_TARGET_MAX];
	u64 entry;      /* image address */
	u32 perf_hz;    /* IU_PROG_PERF_EVENT: the frequency its target names */
};

/* A .maps descriptor, validated (abi.h struct iu_map_desc). */
struct iu_img_map {
	u32 type, key_size, value_size, max_entries, flags;
	char name[IU_MAP_NAME_MAX];
};

/* A .iu.config record (abi.h struct iu_config_desc). */
struct iu_img_config {
	u32 kind, size;
	u64 offset;     /* of the value, from the start of .iu.config */
	char name[IU_CONFIG_NAME_MAX];
};

struct iu_image {
	struct iu_img_seg segs[8];
	unsigned int nsegs;
	u64 relro_start, relro_end, span;
	u64 data_start, data_end;  /* pages writable at run time, if any */
	struct iu_img_reloc *relocs;
	unsigned int nrelocs;
	struct iu_img_prog progs[IU_MAX_PROGS];
	unsigned int nprogs;
	/* .maps: map i's descriptor is at maps_addr + i * sizeof(struct
	 * iu_map_desc), the address by which the image names it. */
	u64 maps_addr;
	struct iu_img_map maps[IU_MAPS_MAX];
	unsigned int nmaps;
	/* .iu.config, inside RELRO (config_size 0: none) */
	u64 config_addr, config_size, config_offset /* in the file */;
	struct iu_img_config configs[IU_MAX_CONFIGS];
	unsigned int nconfigs;
	unsigned int nruntime;    /* of them the runtime's (iu_config_kind_is_runtime):
				   * not in the note's count */
	struct iu_note_meta note;
};

int iu_image_parse(const u8 *bytes, size_t len, struct iu_image *img, struct iu_log *log);
/*
 * Checks configuration values user space supplies for a parsed image
 * (bytes: the image it was parsed from): exactly .iu.config's size, every
 * record header unchanged (only values may differ), bools 0 or 1.
 */
int iu_image_check_config(const struct iu_image *img, const u8 *bytes, const u8 *config,
			  size_t len, struct iu_log *log);
void iu_image_free(struct iu_image *img);

#endif
