/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The user/kernel ABI of iu.ko (docs/kernel.md).
 *
 * /dev/iu (root only) is the control device:
 *   IU_IOC_LOAD        hand the kernel a signed image; returns a new file
 *                      descriptor for the loaded object
 *   IU_IOC_ADD_CERT    add a DER X.509 certificate to the module's keyring
 *                      (CAP_SYS_ADMIN, refused after IU_IOC_LOCK_TRUST and
 *                      under integrity lockdown)
 *   IU_IOC_LOCK_TRUST  no more certificates until the module is reloaded
 *
 * The object descriptor:
 *   IU_OBJ_ATTACH / IU_OBJ_DETACH   a program, by index in the image's
 *                                   program table
 *   IU_OBJ_PROG_INFO                name, type, target and counters
 *   IU_OBJ_MAP_INFO                 a map's name, type, BPF id and, for an
 *                                   events map, the records it dropped
 *   IU_OBJ_MAP_UPDATE / _DELETE     write a keyed map (its BPF map is frozen:
 *                                   the bpf() system call cannot)
 *   IU_OBJ_PIN                      keep the object loaded (and its
 *                                   programs attached) after every
 *                                   descriptor is closed, under a name
 *   IU_OBJ_INFO                     the object's id, pin name, loader,
 *                                   program ids and maps' BPF ids
 *   read()    whole struct iu_record's: trace_printk output, panic and
 *             termination reports, lost-record notices; blocks unless
 *             O_NONBLOCK; poll() says when one is ready
 *   close()   detaches every program and frees the object
 *
 * The registry, on /dev/iu (docs/kernel.md, "The registry"): every loaded
 * object and each of its programs has an id, as BPF programs and maps do:
 *   IU_IOC_NEXT_ID          the next object or program id after a given one
 *   IU_IOC_OBJ_INFO_BY_ID   struct iu_obj_info of an object
 *   IU_IOC_PROG_INFO_BY_ID  struct iu_prog_entry: a program's state, counters
 *                           and run statistics
 *   IU_IOC_PROG_DETACH      detach a program by id (any loader's); a pinned
 *                           object with no program left attached is unpinned
 *                           and, once no descriptor remains, freed
 *   IU_IOC_OBJ_GET_FD       a new descriptor of an object, by id
 *   IU_IOC_STATS            run statistics on or off (a static key: nothing
 *                           is measured while off)
 *
 * Errors are negative errno; for LOAD and ATTACH the kernel also writes a
 * one-line reason into log_buf (always NUL-terminated when log_size > 0).
 */
#ifndef IU_UAPI_IOCTL_H
#define IU_UAPI_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#include <iu/abi.h>

#define IU_DEVICE_PATH "/dev/iu"
#define IU_IOC_MAGIC 0xb5

#define IU_LOG_MAX 256u               /* longest reason the kernel writes */
#define IU_LOAD_MAX_SIZE IU_FILE_MAX   /* largest signed file accepted (abi.h) */
#define IU_CERT_MAX_SIZE (16u << 10)

struct iu_load_args {
	__u64 image;       /* in: the whole signed file (image + signature) */
	__u32 image_len;   /* in */
	__u32 flags;       /* in: 0 */
	__u64 log_buf;     /* in: where the kernel writes a reason, or 0 */
	__u32 log_size;    /* in */
	__u32 nprogs;      /* out: programs in the image */
	/*
	 * in: one BPF map fd per .maps descriptor, in table order (a __s32
	 * array), made by the loader to match each descriptor. iu.ko holds
	 * each map (bpf_map_get) until the object is freed; an events
	 * channel's perf-event entries stay valid only while the fd that
	 * installed them is open (docs/kernel.md).
	 */
	__u64 map_fds;
	__u32 nmaps;       /* in: must equal the image's number of maps */
	__u32 config_len;  /* in: 0 (the image's defaults) or the size of .iu.config */
	__u64 config;      /* in: new contents of .iu.config (abi.h), or 0 */
};

struct iu_cert_args {
	__u64 der;         /* in: one DER-encoded X.509 certificate */
	__u32 der_len;     /* in */
	__u32 pad;
	__s32 key_serial;  /* out: the key's serial in the keyring */
	__u32 pad2;
};

#define IU_ATTACH_KEEP_ON_PANIC 1u /* keep the program attached after a panic */

struct iu_attach_args {
	__u32 prog;        /* in: index in the program table */
	__u32 flags;       /* in: IU_ATTACH_* */
	__u64 log_buf;     /* in: where the kernel writes a reason, or 0 */
	__u32 log_size;    /* in */
	__u32 pad;
};

struct iu_prog_info {
	__u32 prog;        /* in: index */
	__u32 type;        /* out: enum iu_prog_type */
	char name[IU_PROG_NAME_MAX];     /* out */
	char target[IU_PROG_TARGET_MAX]; /* out */
	__u32 attached;    /* out: 1 while attached */
	__u32 pad;
	__u64 runs;        /* out: invocations */
	__u64 panics;      /* out: invocations that panicked or ran out of fuel */
	__u64 missed;      /* out: not run (iu already running on that CPU, or skipped by the kernel's kprobe code) */
};

struct iu_map_info {
	__u32 map;         /* in: index in the image's map table (.maps order) */
	__u32 type;        /* out: enum iu_map_type */
	char name[IU_MAP_NAME_MAX];      /* out */
	__u32 bpf_id;      /* out: the BPF map's id (bpftool map show id N) */
	__u32 pad;
	/*
	 * out: events maps: records iu_event_output could not deliver (the
	 * CPU's buffer full, or no buffer open for that CPU). Every loss is
	 * here; the perf buffer's own lost-records notice only comes with the
	 * next record that fits, so it may never come.
	 */
	__u64 dropped;
	__u64 reserved[2];
};

/*
 * IU_OBJ_MAP_UPDATE / IU_OBJ_MAP_DELETE (CAP_SYS_ADMIN): user space's
 * writes to a keyed map. iu.ko takes keyed maps only frozen and
 * BPF_F_RDONLY_PROG, so that nothing outside iu can hold their locks where
 * a program runs (docs/kernel.md); lookups and next-key stay on the BPF
 * map's fd. The sizes are the map's: key key_size bytes; value value_size
 * bytes, or for a per-CPU map one slot per possible CPU of value_size
 * rounded up to 8 bytes (libbpf's layout; each online CPU's slot is
 * written). Errors as BPF's: -EEXIST, -ENOENT, -E2BIG (a full hash map, an
 * array index out of range), -EINVAL (flags, an events map, deleting from
 * an array), -EFAULT.
 */
struct iu_map_elem_args {
	__u32 map;         /* in: index in the image's map table */
	__u32 pad;         /* in: 0 */
	__u64 key;         /* in: the key */
	__u64 value;       /* in: UPDATE: the value; DELETE: 0 */
	__u64 flags;       /* in: UPDATE: IU_MAP_ANY / _NOEXIST / _EXIST (abi.h); DELETE: 0 */
};

#define IU_IOC_LOAD        _IOWR(IU_IOC_MAGIC, 1, struct iu_load_args)
#define IU_IOC_ADD_CERT    _IOWR(IU_IOC_MAGIC, 2, struct iu_cert_args)
#define IU_IOC_LOCK_TRUST  _IO(IU_IOC_MAGIC, 3)
#define IU_OBJ_ATTACH      _IOW(IU_IOC_MAGIC, 16, struct iu_attach_args)
#define IU_OBJ_DETACH      _IO(IU_IOC_MAGIC, 17)   /* arg: program index */
#define IU_OBJ_PROG_INFO   _IOWR(IU_IOC_MAGIC, 18, struct iu_prog_info)
#define IU_OBJ_MAP_INFO    _IOWR(IU_IOC_MAGIC, 19, struct iu_map_info)
#define IU_OBJ_MAP_UPDATE  _IOW(IU_IOC_MAGIC, 20, struct iu_map_elem_args)
#define IU_OBJ_MAP_DELETE  _IOW(IU_IOC_MAGIC, 21, struct iu_map_elem_args)

/* ---- Records read() returns on an object descriptor. ---- */

enum iu_record_type {
	IU_REC_TRACE = 1,  /* data: the trace_printk text (no NUL) */
	IU_REC_PANIC = 2,  /* data: struct iu_panic_report */
	IU_REC_LOST = 3,   /* data: __u64 number of records dropped before this */
};

struct iu_record {
	__u16 type;        /* enum iu_record_type */
	__u16 reserved;
	__u32 len;         /* bytes of this record, header included; multiple of 8 */
	__u32 prog;        /* program index */
	__u32 cpu;
	__u64 ts_ns;       /* CLOCK_MONOTONIC */
	__s32 pid;         /* thread id of the current task */
	__s32 tgid;
	char comm[IU_COMM_LEN];
	__u32 data_len;    /* bytes of data after the header */
	__u32 pad;
	/* data follows */
};

#define IU_REPORT_DETACHED 1u

struct iu_panic_report {
	__u32 status;      /* enum iu_run_status: IU_RUN_PANIC or IU_RUN_FUEL */
	__u32 panic_kind;  /* enum iu_panic_kind */
	__u32 line;
	__u32 flags;       /* IU_REPORT_* */
	char file[IU_RUN_FILE_MAX]; /* NUL-terminated */
	char msg[IU_RUN_MSG_MAX];   /* NUL-terminated */
};

/* Largest record: a read() buffer of this size always makes progress. */
#define IU_RECORD_MAX 512u

/* ---- The registry (docs/kernel.md, "The registry") ---- */

#define IU_PIN_NAME_MAX 32u  /* with the NUL; [A-Za-z0-9_.-], not "." or ".." */

struct iu_pin_args {
	char name[IU_PIN_NAME_MAX]; /* in: unique among pinned objects */
	__u32 obj_id;      /* out: the object's id */
	__u32 pad;         /* in: 0 */
};

enum iu_id_kind {
	IU_ID_OBJ = 1,
	IU_ID_PROG = 2,
};

struct iu_next_id_args {
	__u32 kind;        /* in: enum iu_id_kind */
	__u32 start_id;    /* in: 0 for the first */
	__u32 next_id;     /* out: the smallest id above start_id; -ENOENT: none */
	__u32 pad;
};

#define IU_OBJ_F_PINNED 1u
#define IU_OBJ_PROGS_MAX 64u         /* programs per object (iu.ko's limit) */

struct iu_obj_info {
	__u32 id;          /* in (by id) / out */
	__u32 flags;       /* out: IU_OBJ_F_* */
	__u32 nprogs;      /* out */
	__u32 nmaps;       /* out */
	__s32 loader_tgid; /* out: the process that loaded it */
	__u32 pad;
	char loader_comm[IU_COMM_LEN];    /* out */
	__u64 load_time_ns;               /* out: CLOCK_BOOTTIME */
	char pin_name[IU_PIN_NAME_MAX];   /* out: "" unless pinned */
	__u32 prog_ids[IU_OBJ_PROGS_MAX]; /* out: by program index */
	__u32 map_bpf_ids[IU_MAPS_MAX];   /* out: by map index (.maps order) */
	__u64 reserved[4];
};

#define IU_PROG_F_DEAD 1u            /* panicked: no longer run, detach pending or done */
#define IU_PROG_F_KEEP_ON_PANIC 2u   /* attached with IU_ATTACH_KEEP_ON_PANIC */

struct iu_prog_entry {
	__u32 id;          /* in */
	__u32 obj_id;      /* out */
	__u32 prog;        /* out: index in its image's program table */
	__u32 type;        /* out: enum iu_prog_type */
	char name[IU_PROG_NAME_MAX];     /* out */
	char target[IU_PROG_TARGET_MAX]; /* out */
	__u32 attached;    /* out: 1 while attached */
	__u32 flags;       /* out: IU_PROG_F_* */
	__u64 runs;        /* out: invocations (always counted) */
	__u64 panics;      /* out: invocations that panicked or ran out of fuel */
	__u64 fuel_exhausted; /* out: of those, ran out of fuel (or time) */
	__u64 missed;      /* out: not run (iu already running on that CPU, or skipped by the kernel's kprobe code) */
	/* out: invocations measured while statistics were on, and their total
	 * run time in ns (sched_clock) */
	__u64 run_cnt;
	__u64 run_time_ns;
	/* out: the last panic or termination (status 0: none yet) */
	struct iu_panic_report last_panic;
	__u64 reserved[4];
};

enum iu_stats_op {
	IU_STATS_QUERY = 0,
	IU_STATS_ENABLE = 1,
	IU_STATS_DISABLE = 2,
};

struct iu_stats_args {
	__u32 op;          /* in: enum iu_stats_op */
	__u32 enabled;     /* out: 1 if statistics are on (after op) */
};

struct iu_obj_fd_args {
	__u32 obj_id;      /* in */
	__u32 flags;       /* in: 0 */
	__s32 fd;          /* out: a new descriptor (close-on-exec) */
	__u32 pad;
};

#define IU_OBJ_PIN              _IOWR(IU_IOC_MAGIC, 22, struct iu_pin_args)
#define IU_OBJ_INFO             _IOWR(IU_IOC_MAGIC, 23, struct iu_obj_info)
#define IU_IOC_NEXT_ID          _IOWR(IU_IOC_MAGIC, 32, struct iu_next_id_args)
#define IU_IOC_OBJ_INFO_BY_ID   _IOWR(IU_IOC_MAGIC, 33, struct iu_obj_info)
#define IU_IOC_PROG_INFO_BY_ID  _IOWR(IU_IOC_MAGIC, 34, struct iu_prog_entry)
/* arg: program id. -ENOENT: no such program; -EALREADY: not attached. */
#define IU_IOC_PROG_DETACH      _IO(IU_IOC_MAGIC, 35)
#define IU_IOC_OBJ_GET_FD       _IOWR(IU_IOC_MAGIC, 36, struct iu_obj_fd_args)
#define IU_IOC_STATS            _IOWR(IU_IOC_MAGIC, 37, struct iu_stats_args)

#endif /* IU_UAPI_IOCTL_H */
