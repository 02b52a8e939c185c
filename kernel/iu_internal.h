/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iu.ko's internal interfaces: one section per file, each file one job.
 */
#ifndef IU_INTERNAL_H
#define IU_INTERNAL_H

#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <iu/abi.h>
#include "uapi/iu_ioctl.h"

#define IU_MAX_PROGS 64

#define IU_STACK_PROG_MAX (32u * 1024u) /* largest stack bound accepted */

/* A one-line reason for a refusal, copied to the caller's log_buf. */
struct iu_log {
	char buf[IU_LOG_MAX];
};
__printf(2, 3) void iu_log(struct iu_log *log, const char *fmt, ...);

/* ---- iu_verify.c: the dedicated keyring and signature checks ---- */
int iu_verify_init(void);
void iu_verify_exit(void);
int iu_verify_add_cert(const void *der, size_t len, s32 *serial);
void iu_verify_lock(void);
/* Checks the appended signature of file[0..len); on success *image_len is
 * the length of the signed image at the start of file. */
int iu_verify_signed_file(const u8 *file, size_t len, size_t *image_len, struct iu_log *log);

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
	struct iu_note_meta note;
};

int iu_image_parse(const u8 *bytes, size_t len, struct iu_image *img, struct iu_log *log);
void iu_image_free(struct iu_image *img);

/* ---- iu_helpers.c: the kernel helper table ---- */
int iu_helper_index(const char *name);   /* -1 if not a helper */
unsigned long iu_helper_addr(int index);

/* ---- iu_exec_mem.c: executable memory for images ---- */
struct iu_exec_region {
	unsigned long base;     /* address the image is mapped at */
	unsigned int first, npages;
	unsigned int data_first, data_npages;  /* pages made RW+NX, region-relative */
};
int iu_exec_mem_init(void);
void iu_exec_mem_exit(void);
/* Reserves npages and writes them through a temporary writable, never
 * executable alias: fill(ptr, data) gets the alias and must write the
 * whole image. */
int iu_exec_mem_map(unsigned int npages, int (*fill)(void *alias, unsigned long base, void *data),
		    void *data, struct iu_exec_region *out);
/* Turns pages [first, first + n) of a mapped region into writable, never
 * executable data pages (until iu_exec_mem_unmap). */
int iu_exec_mem_make_data(struct iu_exec_region *region, unsigned int first, unsigned int n);
/* Only once no CPU can be running code in the region. */
void iu_exec_mem_unmap(struct iu_exec_region *region);

/* ---- iu_object.c: loaded objects and their file descriptors ---- */
struct iu_object;

enum iu_prog_state_bits {
	IU_PROG_ATTACHED = 0,
	IU_PROG_DEAD = 1,          /* panicked: invocations skip it */
	IU_PROG_DETACH_QUEUED = 2,
};

struct iu_prog {
	struct iu_object *obj;
	unsigned int index;
	struct iu_img_prog desc;
	iu_s64 (*entry)(void *ctx);
	unsigned long state;       /* iu_prog_state_bits */
	u32 attach_flags;
	/* kprobe */
	struct kprobe kp;
	/* syscall tracepoint */
	int syscall_nr;
	struct tracepoint *tp;
	struct work_struct detach_work;
	atomic64_t runs, panics, missed;
};

struct iu_object {
	struct mutex lock;         /* attach/detach */
	struct iu_exec_region region;
	s64 fuel;
	unsigned int nprogs;
	struct iu_prog progs[IU_MAX_PROGS];
	/* records for read() */
	raw_spinlock_t ring_lock;
	u8 *ring;
	u32 ring_size;             /* power of two */
	u64 head, tail;
	u64 lost;
	wait_queue_head_t wq;
	struct irq_work wake;
};

int iu_object_load(const u8 *file, size_t len, struct iu_log *log, unsigned int *nprogs);
/* Appends a record; safe in any context (NMI included). */
void iu_object_emit(struct iu_object *obj, const struct iu_prog *prog, u16 type,
		    const void *data, u32 data_len);
/* A program panicked: report it and, unless it is kept, detach it later
 * (never from inside its own hook). */
void iu_object_prog_panicked(struct iu_prog *prog, const struct iu_run *run);

/* ---- iu_attach.c: kprobes and syscall tracepoints ---- */
int iu_attach_init(void);
int iu_attach(struct iu_prog *prog, struct iu_log *log);
void iu_detach(struct iu_prog *prog);   /* waits until no handler runs */

/* ---- iu_run.c: per-CPU iu stacks and invocation ---- */
int iu_run_init(void);
void iu_run_exit(void);
/* Runs prog on this CPU's next free iu stack. Preemption must be off. */
void iu_run_prog(struct iu_prog *prog, void *ctx);
/* The program running on this CPU's innermost iu stack, for helpers. */
struct iu_prog *iu_run_current(void);

#endif /* IU_INTERNAL_H */
