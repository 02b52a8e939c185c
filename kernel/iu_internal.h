/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iu.ko's internal interfaces: one section per file, each file one job.
 */
#ifndef IU_INTERNAL_H
#define IU_INTERNAL_H

#include <linux/ftrace.h>
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <iu/abi.h>
#include <iu/ioctl.h>

#include "iu_image.h"

/*
 * The time one invocation may take, measured from its first helper call
 * and checked by every helper (iu_helpers.c): past it the helper ends the
 * invocation with a fuel report. A second line of defence behind the fuel
 * (docs/kernel.md).
 */
#define IU_INVOCATION_MAX_NS (10ull * NSEC_PER_MSEC)

/* What iu.ko keeps in struct iu_run's host[] words. */
#define IU_RUN_HOST_START 0       /* sched_clock() at the first helper call, 0 before */
#define IU_RUN_HOST_TIMED_OUT 1   /* != 0: the time bound ended it after that many ns */
#define IU_RUN_HOST_CALLS 2       /* helper calls so far (the clock is read every 16th) */

/* The code arena one process may hold (iu_exec_mem.c), in pages. */
#define IU_ARENA_PER_PROCESS_PAGES (IU_ARENA_SIZE / PAGE_SIZE / 4)

/* ---- iu_verify.c: the dedicated keyring and signature checks ---- */
int iu_verify_init(void);
void iu_verify_exit(void);
int iu_verify_add_cert(const void *der, size_t len, s32 *serial);
void iu_verify_lock(void);
/* Checks the appended signature of file[0..len); on success *image_len is
 * the length of the signed image at the start of file. */
int iu_verify_signed_file(const u8 *file, size_t len, size_t *image_len, struct iu_log *log);

/* ---- iu_helpers.c: the kernel helper table ---- */
unsigned long iu_helper_addr(int index);
/* Seeds the per-CPU state of iu_get_prandom_u32; before any load. */
void iu_helpers_init(void);
/* Charges the running invocation for a helper's work of `bytes` (abi.h
 * iu_fuel_cost); false when the helper must do nothing and fail. May end
 * the invocation on the spot (the time bound): call it first, before
 * taking anything. */
bool iu_charge(u64 bytes);

/* ---- iu_exec_mem.c: executable memory for images ---- */
struct iu_exec_region {
	unsigned long base;     /* address the image is mapped at */
	unsigned int first, npages;
	unsigned int data_first, data_npages;  /* pages made RW+NX, region-relative */
	struct pid *owner;      /* the loading process (IU_ARENA_PER_PROCESS_PAGES) */
	struct list_head node;  /* in the arena's list of regions */
};
int iu_exec_mem_init(void);
void iu_exec_mem_exit(void);
/* Reserves npages for the current process (-ENOSPC when the arena is full,
 * -EDQUOT when the process already holds IU_ARENA_PER_PROCESS_PAGES) and
 * writes them through a temporary writable, never executable alias:
 * fill(ptr, data) gets the alias and must write the whole image. */
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
	/* kprobe, or kretprobe (whose entry kprobe is rp.kp; fexit is one
	 * too), or fentry's ftrace_ops with a disabled kprobe on the same
	 * function that stays registered while attached: the kprobe code
	 * marks it gone when the function's module goes away, and the
	 * callback then runs nothing (a module loaded later at the same
	 * address would otherwise run the program in a function it never
	 * named). */
	union {
		struct kprobe kp;
		struct kretprobe rp;
		struct {
			struct ftrace_ops fops;
			struct kprobe fentry_guard;
		};
	};

	/* perf_event: one event per CPU (nr_cpu_ids slots, NULL where none) */
	struct perf_event **pevents;
	/* syscall tracepoint */
	int syscall_nr;
	struct tracepoint *tp;
	struct work_struct detach_work;
	atomic64_t runs, panics, missed;
	/* iu_registry.c, iu_stats.c */
	u32 id;                    /* in the registry; 0 until registered */
	struct iu_prog_stat __percpu *stat;  /* measured while statistics are on */
	atomic64_t fuel_exhausted;
	unsigned long last_panic_lock;       /* bit 0 */
	struct iu_panic_report last_panic;
};

struct bpf_map;

/* One of an object's maps: the BPF map user space made for a .maps
 * descriptor, held (bpf_map_get) until the object is freed. */
struct iu_map {
	struct bpf_map *map;
	struct iu_img_map desc;
	atomic64_t dropped;        /* events: outputs that failed */
};

struct iu_object {
	struct mutex lock;         /* attach/detach */
	struct iu_exec_region region;
	s64 fuel;
	unsigned int nprogs;
	/* maps, in .maps order; the image names map i by the address
	 * region.base + maps_addr + i * sizeof(struct iu_map_desc) */
	u64 maps_addr;
	unsigned int nmaps;
	struct iu_map maps[IU_MAPS_MAX];
	/* records for read() */
	raw_spinlock_t ring_lock;
	u8 *ring;
	u32 ring_size;             /* power of two */
	u64 head, tail;
	u64 lost;                  /* records dropped: buffer full */
	atomic64_t busy_lost;      /* records dropped: buffer lock busy */
	wait_queue_head_t wq;
	struct irq_work wake;
	/* iu_registry.c: the object's id, its file (the registry never holds
	 * a reference on it but while pinned), and who loaded it */
	u32 id;
	struct file *file;
	struct file *pin;          /* the registry's reference while pinned */
	char pin_name[IU_PIN_NAME_MAX];
	pid_t loader_tgid;
	char loader_comm[IU_COMM_LEN];
	u64 load_time_ns;
	struct iu_prog_stat __percpu *stats;  /* nprogs of them */
	/* last: only the image's programs are allocated (a full table of
	 * IU_MAX_PROGS would make every object some 50 KiB to zero) */
	struct iu_prog progs[];
};

/* What IU_IOC_LOAD hands over besides the file, copied into the kernel. */
struct iu_load_in {
	const s32 *map_fds;        /* nmaps BPF map fds, in .maps order */
	unsigned int nmaps;
	const u8 *config;          /* new .iu.config bytes, or NULL */
	size_t config_len;
};

int iu_object_load(const u8 *file, size_t len, const struct iu_load_in *in, struct iu_log *log,
		   unsigned int *nprogs);
/* Appends a record; safe in any context (NMI included). */
void iu_object_emit(struct iu_object *obj, const struct iu_prog *prog, u16 type,
		    const void *data, u32 data_len);
/* A program panicked: report it and, unless it is kept, detach it later
 * (never from inside its own hook). */
void iu_object_prog_panicked(struct iu_prog *prog, const struct iu_run *run);

/* ---- iu_maps.c: BPF maps (the map and event helpers are there too) ---- */
/* Takes a reference on each of the nfds maps (bpf_map_get) and checks it
 * against img's descriptor of the same index; on failure holds nothing and
 * says in log which map is wrong and why. */
int iu_maps_take(struct iu_object *obj, const struct iu_image *img, const s32 *fds,
		 unsigned int nfds, struct iu_log *log);
/* Drops them; only once no program of obj can run. */
void iu_maps_put(struct iu_object *obj);
/* Where an array map's value 0 is (the descriptor's values field), or 0. */
u64 iu_map_values_addr(const struct iu_map *m);
/* Module init/exit: the per-CPU scratch iu_map_update pads values in. */
int iu_maps_init(void);
void iu_maps_exit(void);
/* IU_OBJ_MAP_INFO. */
long iu_maps_info(struct iu_object *obj, void __user *uarg);
/* IU_OBJ_MAP_UPDATE / IU_OBJ_MAP_DELETE: the map's own operation with this
 * CPU marked inside iu (per-CPU updates: on every online CPU). */
long iu_maps_update(struct iu_object *obj, void __user *uarg);
long iu_maps_delete(struct iu_object *obj, void __user *uarg);

/* ---- iu_attach.c: kprobes, kretprobes, fentry/fexit, perf events and syscall tracepoints ---- */
int iu_attach_init(void);
int iu_attach(struct iu_prog *prog, struct iu_log *log);
void iu_detach(struct iu_prog *prog);   /* waits until no handler runs */
/* Hits of prog not run: prog->missed plus those the kernel's kprobe code
 * skipped (kp.nmissed; a kretprobe's returns without a free instance,
 * rp.nmissed). */
u64 iu_prog_missed(struct iu_prog *prog);

/* ---- iu_run.c: per-CPU iu stacks, the re-entry guard, invocation ---- */
int iu_run_init(void);
void iu_run_exit(void);
/*
 * Runs prog on this CPU's iu stack. Preemption must be off. Programs never
 * run re-entrantly: a hit while this CPU is inside iu (running a program,
 * or holding a record buffer's lock) is counted as missed, not run.
 */
void iu_run_prog(struct iu_prog *prog, void *ctx);
/* The same for a hook that has the kernel's registers where it fired
 * (regs stays valid during the run): iu_get_stack walks the stack from
 * them. */
void iu_run_prog_regs(struct iu_prog *prog, void *ctx, struct pt_regs *regs);
/* Marks this CPU as inside iu around work that must not be interrupted by
 * a program on the same CPU (taking a record buffer's lock, a map operation
 * for user space). Preemption must be off between the two. */
void iu_run_hold(void);
void iu_run_release(void);
/* For helpers: the program running on this CPU and its run state (NULL
 * outside a program). */
struct iu_prog *iu_run_current(void);
struct pt_regs *iu_run_regs(void);
struct iu_run *iu_run_state(void);

/* ---- iu_registry.c: ids, enumeration, pinning (docs/kernel.md) ---- */
/* Gives obj and its programs ids; file is the object's. */
int iu_registry_add(struct iu_object *obj, struct file *file);
/* First thing when the object is freed: no lookup finds it afterwards. */
void iu_registry_del(struct iu_object *obj);
/* The /dev/iu requests (IU_IOC_NEXT_ID ... IU_IOC_STATS); -ENOTTY for
 * others. */
long iu_registry_ioctl(unsigned int cmd, unsigned long arg);
/* IU_OBJ_PIN and IU_OBJ_INFO on an object's descriptor. */
long iu_registry_pin(struct iu_object *obj, struct file *file, void __user *uarg);
long iu_registry_obj_info(struct iu_object *obj, void __user *uarg);
/* iu_object.c's IU_OBJ_DETACH, for IU_IOC_PROG_DETACH. */
long iu_object_detach(struct iu_object *obj, unsigned long index);

/* ---- iu_stats.c: run statistics (iu_stats.h has the hot path) ---- */
struct iu_prog_stat {
	u64 cnt, nsecs;
};
int iu_stats_alloc(struct iu_object *obj);
void iu_stats_free(struct iu_object *obj);
/* A program's invocation ended abnormally: count it, keep the report. */
void iu_stats_panic(struct iu_prog *prog, const struct iu_panic_report *rep);
/* Sums and copies a program's statistics into entry. */
void iu_stats_read(struct iu_prog *prog, struct iu_prog_entry *entry);
/* IU_IOC_STATS. */
long iu_stats_ioctl(void __user *uarg);

/* ---- lockdown (iu_main.c) ---- */
/* 0, or -EPERM when the kernel is locked down against reading kernel
 * memory (LOCKDOWN_BPF_READ_KERNEL, the confidentiality level). Callable
 * in any context; remembers a refusal (lockdown only ever rises). */
int iu_lockdown_kernel_read(void);

#endif /* IU_INTERNAL_H */
