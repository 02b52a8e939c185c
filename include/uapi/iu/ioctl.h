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
 *   read()    whole struct iu_record's: trace_printk output, panic and
 *             termination reports, lost-record notices; blocks unless
 *             O_NONBLOCK; poll() says when one is ready
 *   close()   detaches every program and frees the object
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
	__u64 missed;      /* out: not run (nesting too deep) */
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

#define IU_IOC_LOAD        _IOWR(IU_IOC_MAGIC, 1, struct iu_load_args)
#define IU_IOC_ADD_CERT    _IOWR(IU_IOC_MAGIC, 2, struct iu_cert_args)
#define IU_IOC_LOCK_TRUST  _IO(IU_IOC_MAGIC, 3)
#define IU_OBJ_ATTACH      _IOW(IU_IOC_MAGIC, 16, struct iu_attach_args)
#define IU_OBJ_DETACH      _IO(IU_IOC_MAGIC, 17)   /* arg: program index */
#define IU_OBJ_PROG_INFO   _IOWR(IU_IOC_MAGIC, 18, struct iu_prog_info)
#define IU_OBJ_MAP_INFO    _IOWR(IU_IOC_MAGIC, 19, struct iu_map_info)

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

#endif /* IU_UAPI_IOCTL_H */
