/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The image ABI: the one definition of every layout that the runtime (inside
 * an image), iu-cc, libiu and iu.ko must agree on. Plain C so the kernel
 * module includes it too. Change a layout here and bump IU_ABI_VERSION.
 */
#ifndef IU_ABI_H
#define IU_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
typedef __u8 iu_u8;
typedef __s8 iu_s8;
typedef __u16 iu_u16;
typedef __s16 iu_s16;
typedef __u32 iu_u32;
typedef __s32 iu_s32;
typedef __u64 iu_u64;
typedef __s64 iu_s64;
#else
typedef unsigned char iu_u8;
typedef signed char iu_s8;
typedef unsigned short iu_u16;
typedef short iu_s16;
typedef unsigned int iu_u32;
typedef int iu_s32;
typedef unsigned long long iu_u64;
typedef long long iu_s64;
#endif

#define IU_ABI_VERSION 2u

/* Limits every reader of an image applies (iu-cc, libiu, iu.ko). */
#define IU_FILE_MAX (16u << 20)          /* largest signed file, signature included */
#define IU_IMAGE_SPAN_MAX (64ull << 20)  /* largest address range an image maps */

/* ---- Program table: section ".iu.progs", an array of iu_prog_desc. ---- */

/* A reader refuses a type it does not know, naming the ones it knows
 * (kernel/iu_image.c), so a new type needs no new IU_ABI_VERSION. */
enum iu_prog_type {
	IU_PROG_KPROBE = 1,        /* target: kernel function name */
	IU_PROG_TRACEPOINT = 2,    /* target: "<category>/<event>": a trace event;
				    * "syscalls/sys_{enter,exit}_<name>" get the
				    * syscall records, any other the event's own */
	IU_PROG_KRETPROBE = 3,     /* target: kernel function name; runs at its return */
	IU_PROG_FENTRY = 4,        /* target: kernel function name; ftrace at its entry */
	IU_PROG_FEXIT = 5,         /* target: kernel function name; runs at its return,
				    * with the arguments it was called with */
	IU_PROG_PERF_EVENT = 6,    /* target: "cpu_clock/<hz>"; runs at that frequency
				    * on every CPU, in the interrupt */
	IU_PROG_RAW_TRACEPOINT = 7, /* target: a tracepoint's name ("sched_switch");
				    * gets its arguments, not a trace event record */
};

/* The frequencies a perf_event program may ask for, in Hz. The target is
 * "cpu_clock/" and the frequency in decimal (no sign, no leading zero).
 * The kernel throttles beyond kernel.perf_event_max_sample_rate too. */
#define IU_PERF_EVENT_HZ_MIN 1u
#define IU_PERF_EVENT_HZ_MAX 10000u

#define IU_PROG_NAME_MAX 64
#define IU_PROG_TARGET_MAX 128
#define IU_PROG_MAGIC 0x50554955u /* "IUP\0"-ish, catches a misplaced table */

struct iu_prog_desc {
	iu_u32 magic;                      /* IU_PROG_MAGIC */
	iu_u32 type;                       /* enum iu_prog_type */
	char name[IU_PROG_NAME_MAX];       /* NUL-terminated */
	char target[IU_PROG_TARGET_MAX];   /* NUL-terminated */
	/*
	 * Address of the program's entry trampoline, as a link-time address
	 * that an R_X86_64_RELATIVE relocation turns into a run-time one.
	 * Signature: iu_s64 entry(void *ctx), called on an iu stack (below).
	 */
	iu_u64 entry;
	iu_u64 reserved[2];
};

/* ---- Maps: section ".maps", an array of iu_map_desc (read-only data). ----
 *
 * Each IU_MAP global of an extension is one descriptor, and its address in
 * the image is how the image names the map to the map helpers below: a
 * host turns the address into an index into its own validated copy of the
 * table and never reads a descriptor from image memory again. The kernel
 * backend creates one BPF map per descriptor (bpf_map_create; BPF keeps
 * the first IU_BPF_NAME_MAX - 1 characters of the name); the user backend
 * keeps the same maps in process (docs/maps.md).
 */
enum iu_map_type {
	IU_MAP_ARRAY = 1,          /* key: u32 index < max_entries */
	IU_MAP_HASH = 2,
	IU_MAP_PERCPU_ARRAY = 3,   /* one value per CPU */
	IU_MAP_PERCPU_HASH = 4,
	IU_MAP_LRU_HASH = 5,       /* a full map evicts the least recently used entry */
	IU_MAP_EVENTS = 6,         /* records to user space: no keys, no lookups */
};

#define IU_MAP_MAGIC 0x4d554955u      /* "IUM\0"-ish */
#define IU_MAP_NAME_MAX 64
#define IU_BPF_NAME_MAX 16            /* BPF_OBJ_NAME_LEN */
#define IU_MAPS_MAX 64                /* maps per image */
#define IU_MAP_KEY_MAX 512u           /* BPF's limit (MAX_BPF_STACK) */
#define IU_MAP_VALUE_MAX 16384u       /* a value is copied onto the iu stack */
#define IU_MAP_ENTRIES_MAX (1u << 24)
#define IU_MAP_BYTES_MAX (256ull << 20) /* (key + value) * entries, per CPU */

/* Flags of iu_map_update: BPF_ANY, BPF_NOEXIST, BPF_EXIST. */
#define IU_MAP_ANY 0ull
#define IU_MAP_NOEXIST 1ull
#define IU_MAP_EXIST 2ull

/* Bits of iu_map_desc.flags. */
#define IU_MAP_F_INTEGER_VALUE 1u    /* value is a 4- or 8-byte integer: add() works */

struct iu_map_desc {
	iu_u32 magic;                      /* IU_MAP_MAGIC */
	iu_u32 type;                       /* enum iu_map_type */
	iu_u32 key_size;                   /* 4 for arrays, 0 for events */
	iu_u32 value_size;                 /* events: the record's size */
	iu_u32 max_entries;                /* events: 0 (one buffer per CPU) */
	iu_u32 flags;                      /* IU_MAP_F_* */
	char name[IU_MAP_NAME_MAX];        /* the C++ variable's name, NUL-terminated */
	/* 0 in the file. Before the image runs, the host may write here the
	 * address of an IU_MAP_ARRAY's value 0 (values IU_MAP_ARRAY_STRIDE
	 * apart, as in a BPF array), and the image then reads and writes
	 * values in place; 0 means "use the map helpers". */
	iu_u64 values;
	iu_u64 reserved;                   /* 0 */
};

/* Bytes from one array value to the next: BPF's elem_size. */
#define IU_MAP_ARRAY_STRIDE(value_size) (((value_size) + 7u) & ~7u)

/* ---- Configuration: section ".iu.config" (read-only after relocation). ----
 *
 * A sequence of records, one per IU_CONFIG global, each an iu_config_desc
 * immediately followed by the value's size bytes and padded to 8 bytes.
 * The image reads the value in place. User space may replace the values
 * (never the headers) before the image runs: the host copies the section
 * it is given at load over the image's own (after checking that every
 * header is unchanged), then makes it read-only like the rest of RELRO.
 */
enum iu_config_kind {
	IU_CONFIG_INT = 1,         /* signed integer of size 1, 2, 4 or 8 */
	IU_CONFIG_UINT = 2,        /* unsigned integer */
	IU_CONFIG_BOOL = 3,        /* one byte, 0 or 1 (the image reads != 0) */
	IU_CONFIG_CHARS = 4,       /* iu::array<char, N>: a string, NUL-padded */
	IU_CONFIG_BYTES = 5,       /* any other plain data */
	IU_CONFIG_CORE = 6,        /* struct iu_core_value: a kernel type's member,
				    * named "struct.member[.member...]", whose
				    * offset the loader sets from BTF */
	IU_CONFIG_TP_FIELD = 7,    /* struct iu_tp_field_value: a field of a trace
				    * event's record, whose offset, size and sign
				    * the loader sets from the event's format */
	IU_CONFIG_ARGS = 8,        /* struct iu_args_value: the typed arguments a
				    * kprobe, fentry or fexit program declares,
				    * named as the program; the loader checks them
				    * against the function's BTF prototype */
};

/* Records of these kinds are the runtime's, not IU_CONFIG globals: the
 * note's config_count does not count them, and any value is safe. */
static inline int iu_config_kind_is_runtime(iu_u32 kind)
{
	return kind == IU_CONFIG_CORE || kind == IU_CONFIG_TP_FIELD || kind == IU_CONFIG_ARGS;
}

/* The value of an IU_CONFIG_CORE record (docs/kernel-types.md). In the
 * file offset is -1; the loader writes the member's byte offset in the
 * running kernel's struct, or -1 when it has no such member. Any value is
 * safe: the image only reads kernel memory through fault-tolerant copies. */
struct iu_core_value {
	iu_s64 offset;
	iu_u32 member_size;                /* bytes the image reads; 0: an embedded struct */
	iu_u32 flags;                      /* 0 */
};

/* The value of an IU_CONFIG_TP_FIELD record (docs/kernel-types.md). In the
 * file: offset -1, size the most bytes the image's accessor takes, flags
 * the kind of field it expects (IU_TP_FIELD_INT, _CHARS or _STRING), path
 * "<category>/<event>/<field>". The loader writes the field's offset in
 * the record, its size and, for an integer, IU_TP_FIELD_SIGNED when the
 * format says signed; a field the event lacks, of another kind, or wider
 * than the accessor is a load error. Any value is safe: the image reads
 * the record only within the size the kernel hands it (struct
 * iu_tracepoint_ctx), and only as plain bytes. */
#define IU_TP_FIELD_PATH_MAX 112
#define IU_TP_FIELD_INT 1u         /* an integer of 1, 2, 4 or 8 bytes */
#define IU_TP_FIELD_CHARS 2u       /* char[N]: a fixed array of characters */
#define IU_TP_FIELD_STRING 4u      /* __data_loc char[]: a string elsewhere in the record */
#define IU_TP_FIELD_SIGNED 8u      /* set by the loader: the integer is signed */
#define IU_TP_FIELD_RELATIVE 16u   /* set by the loader: a __rel_loc string, its
				    * offset counted from the end of the field */
struct iu_tp_field_value {
	iu_s64 offset;
	iu_u32 size;
	iu_u32 flags;
	char path[IU_TP_FIELD_PATH_MAX];   /* NUL-terminated */
};

/* The value of an IU_CONFIG_ARGS record (docs/kernel-types.md): the
 * parameters a program declares for its function's arguments, in order
 * (an IU_PROG_FEXIT program's last one is the return value). The image
 * never reads it; the loader refuses a load whose function's BTF prototype
 * differs. Any value is safe: a typed program converts the argument
 * registers into plain integers and addresses, valid for any bits. */
#define IU_ARGS_MAX 7                 /* six argument registers, fexit's return value */
#define IU_ARGS_TYPE_MAX 56
enum iu_arg_kind {
	IU_ARG_INT = 1,            /* signed integer of size bytes (1, 2, 4, 8) */
	IU_ARG_UINT = 2,           /* unsigned integer, bool (size 1) */
	IU_ARG_KPTR = 3,           /* iu::kptr: to struct or union `type`, or to
				    * anything when type is "" (size 8) */
	IU_ARG_UPTR = 4,           /* iu::uptr: a user address (size 8) */
};
struct iu_arg_desc {
	iu_u32 kind;                       /* enum iu_arg_kind */
	iu_u32 size;                       /* bytes */
	char type[IU_ARGS_TYPE_MAX];       /* IU_ARG_KPTR: the C++ name, NUL-padded */
};
struct iu_args_value {
	iu_u32 count;                      /* parameters declared, at most IU_ARGS_MAX */
	iu_u32 flags;                      /* 0 */
	struct iu_arg_desc args[IU_ARGS_MAX]; /* count used, the rest 0 */
};

#define IU_CONFIG_MAGIC 0x43554955u   /* "IUC\0"-ish */
#define IU_CONFIG_NAME_MAX 48
#define IU_CONFIG_VALUE_MAX 4096u
#define IU_CONFIG_SECTION_MAX (64u << 10)

struct iu_config_desc {
	iu_u32 magic;                      /* IU_CONFIG_MAGIC */
	iu_u32 kind;                       /* enum iu_config_kind */
	iu_u32 size;                       /* bytes of the value that follows */
	iu_u32 reserved;                   /* 0 */
	char name[IU_CONFIG_NAME_MAX];     /* NUL-terminated */
};

/* The bytes one record takes: header, value, padding to 8. */
static inline iu_u64 iu_config_record_size(iu_u32 value_size)
{
	return sizeof(struct iu_config_desc) + (((iu_u64)value_size + 7) & ~7ull);
}

/* ---- Note: section ".note.iu", ELF note name "iu", type IU_NOTE_META. ---- */

#define IU_NOTE_NAME "iu"
#define IU_NOTE_META 1u
#define IU_TOOLCHAIN_MAX 48
#define IU_LICENSE_MAX 32

struct iu_note_meta {
	iu_u32 abi_version;                /* IU_ABI_VERSION */
	iu_u32 ruleset_version;            /* version of the checker's rule set */
	iu_u32 helper_abi_version;         /* IU_HELPER_ABI_VERSION */
	iu_u32 stack_bound;                /* worst-case program stack, bytes */
	iu_u64 fuel_budget;                /* back-edges per invocation */
	char toolchain[IU_TOOLCHAIN_MAX];  /* "iu-cc 0.1.0 (clang 19.1.7)" */
	char license[IU_LICENSE_MAX];      /* "GPL", "Dual MIT/GPL", ... */
	iu_u32 map_count;                  /* descriptors in .maps */
	iu_u32 config_count;               /* records in .iu.config */
};

/* ---- Execution: the iu stack and the per-invocation run state. ----
 *
 * A host (user backend or iu.ko) runs an entry on a dedicated stack of
 * IU_STACK_SIZE bytes aligned to IU_STACK_SIZE. Its lowest bytes hold a
 * struct iu_run, so image code finds its invocation state from the stack
 * pointer alone (rsp & ~(IU_STACK_SIZE - 1)) in any context, per CPU,
 * without a helper call. Programs may use at most IU_STACK_LIMIT bytes;
 * the rest is headroom for helpers the program calls.
 */
#define IU_STACK_SIZE (64u * 1024u)
#define IU_STACK_LIMIT_DEFAULT (16u * 1024u)
#define IU_FUEL_DEFAULT 1000000ull

enum iu_run_status {
	IU_RUN_OK = 0,
	IU_RUN_PANIC = 1,        /* explicit panic or failed run-time check */
	IU_RUN_FUEL = 2,         /* fuel exhausted */
};

enum iu_panic_kind {
	IU_PANIC_NONE = 0,
	IU_PANIC_EXPLICIT,
	IU_PANIC_FUEL,
	IU_PANIC_INDEX_OOB,
	IU_PANIC_DIV_ZERO,
	IU_PANIC_OVERFLOW,
	IU_PANIC_SHIFT,
	IU_PANIC_BOOL_ENUM,
	IU_PANIC_UNREACHABLE,
	IU_PANIC_MISSING_RETURN,
	IU_PANIC_BUILTIN,
	IU_PANIC_KIND_MAX,
};

#define IU_RUN_FILE_MAX 96
#define IU_RUN_MSG_MAX 96

struct iu_run {
	iu_s64 fuel;             /* set by the host; image code decrements */
	iu_u64 landing[5];       /* __builtin_setjmp buffer of the trampoline */
	iu_u32 status;           /* enum iu_run_status, written by the image */
	iu_u32 panic_kind;       /* enum iu_panic_kind */
	iu_u32 line;
	iu_u32 column;
	char file[IU_RUN_FILE_MAX];
	char msg[IU_RUN_MSG_MAX];
	iu_u64 host[4];          /* opaque to the image: the host's bookkeeping */
};

/*
 * Fuel is charged for work, not only for control flow: a back-edge or a
 * function entry costs one unit, and a helper costs IU_FUEL_HELPER_CALL plus
 * one unit per IU_FUEL_BYTES_PER_UNIT bytes it copies or formats. A helper
 * charges before it works; when the charge leaves the fuel negative it does
 * no work (zeroing any output) and returns -E2BIG, or 0 if it returns an
 * integer that has no error value (pid, time, CPU), and the next charge
 * point ends the invocation. IU_FUEL_MAX is the largest budget any host accepts, so one
 * invocation's work is bounded (docs/runtime-safety.md states the time).
 */
#define IU_FUEL_HELPER_CALL 1ull
#define IU_FUEL_BYTES_PER_UNIT 16u
#define IU_FUEL_MAX 10000000ull

static inline iu_u64 iu_fuel_cost(iu_u64 bytes)
{
	return IU_FUEL_HELPER_CALL + bytes / IU_FUEL_BYTES_PER_UNIT;
}

/* Return value a program gives its hook after a panic or termination. */
#define IU_PANIC_RETURN 0

/* ---- Helpers: imported by name through the GOT. ---- */

#define IU_HELPER_ABI_VERSION 6u

/* The list of helper names an image may import, in one place for every
 * component. X(name) */
#define IU_HELPER_LIST(X)          \
	X(iu_trace_printk)         \
	X(iu_probe_read_kernel)    \
	X(iu_get_current_pid_tgid) \
	X(iu_get_current_comm)     \
	X(iu_ktime_get_ns)         \
	X(iu_get_smp_processor_id) \
	X(iu_get_current_task_regs) \
	X(iu_map_lookup)           \
	X(iu_map_lookup_ref)       \
	X(iu_map_update)           \
	X(iu_map_delete)           \
	X(iu_map_add)              \
	X(iu_event_output)         \
	X(iu_probe_read_user)      \
	X(iu_probe_read_user_str)  \
	X(iu_probe_read_kernel_str) \
	X(iu_get_current_uid_gid)  \
	X(iu_get_prandom_u32)      \
	X(iu_ktime_get_boot_ns)    \
	X(iu_get_current_task)     \
	X(iu_get_stack)            \
	X(iu_get_current_cgroup_id)

#define IU_TRACE_PRINTK_MAX 256
#define IU_COMM_LEN 16
#define IU_PT_REGS_SIZE 168 /* struct pt_regs on x86-64: a kprobe's context */

/* A kprobe program's context: struct pt_regs of x86-64
 * (arch/x86/include/asm/ptrace.h), as every backend builds it. */
struct iu_pt_regs {
	iu_u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	iu_u64 ax, cx, dx, si, di;
	iu_u64 orig_ax;
	iu_u64 ip, cs, flags, sp, ss;
};

/*
 * An fentry program's context (IU_PROG_FENTRY): the traced function's
 * argument registers at its entry (System V: rdi, rsi, rdx, rcx, r8, r9;
 * a function with fewer arguments leaves the rest meaningless), the
 * address ftrace traced it at (the function's first instruction, after
 * its endbr64 on kernels built with IBT) and the return address in its
 * caller.
 */
struct iu_fentry_ctx {
	iu_u64 args[6];                    /* 0 */
	iu_u64 ip;                         /* 48 */
	iu_u64 ret_ip;                     /* 56 */
};
#define IU_FENTRY_CTX_SIZE 64

/*
 * An fexit program's context (IU_PROG_FEXIT): struct iu_fentry_ctx as it
 * was at the function's entry (the argument registers saved then, since
 * the function may overwrite them), followed by the return value (rax,
 * all 64 bits) at its return. ip and ret_ip as for fentry.
 */
struct iu_fexit_ctx {
	iu_u64 args[6];                    /* 0 */
	iu_u64 ip;                         /* 48 */
	iu_u64 ret_ip;                     /* 56 */
	iu_u64 ret;                        /* 64 */
};
#define IU_FEXIT_CTX_SIZE 72

/*
 * A perf_event program's context (IU_PROG_PERF_EVENT): one sample of the
 * CPU clock. regs are the interrupted registers: the kernel's when the
 * sample interrupted the kernel, the task's user registers when it
 * interrupted user mode (user_mode 1). cpu is the sampled CPU, pid and
 * tgid the interrupted task's thread and process ids (0 for the idle
 * task).
 */
struct iu_perf_event_ctx {
	struct iu_pt_regs regs;            /* 0 */
	iu_u32 cpu;                        /* 168 */
	iu_u32 pid;                        /* 172 */
	iu_u32 tgid;                       /* 176 */
	iu_u32 user_mode;                  /* 180: 0 or 1 */
};
#define IU_PERF_EVENT_CTX_SIZE 184

/* The most return addresses iu_get_stack writes (perf's default
 * kernel.perf_event_max_stack). */
#define IU_STACK_DEPTH_MAX 127u

/*
 * A syscalls/sys_enter_<name> tracepoint program's context: that trace
 * event's record (/sys/kernel/tracing/events/syscalls/sys_enter_<name>/
 * format), which every backend builds the same way.
 */
struct iu_syscall_enter_record {
	iu_u16 common_type;
	iu_u8 common_flags;
	iu_u8 common_preempt_count;
	iu_s32 common_pid;
	iu_s32 syscall_nr;
	iu_u32 pad;
	iu_u64 args[6];
};
#define IU_SYSCALL_ENTER_RECORD_SIZE 64

/*
 * A syscalls/sys_exit_<name> tracepoint program's context: that trace
 * event's record (events/syscalls/sys_exit_<name>/format: the common
 * fields, "int __syscall_nr" at 8, "long ret" at 16), which every backend
 * builds the same way. ret is the system call's return value (a negative
 * errno on failure).
 */
struct iu_syscall_exit_record {
	iu_u16 common_type;
	iu_u8 common_flags;
	iu_u8 common_preempt_count;
	iu_s32 common_pid;
	iu_s32 syscall_nr;
	iu_u32 pad;
	iu_s64 ret;
};
#define IU_SYSCALL_EXIT_RECORD_SIZE 24

/*
 * A raw tracepoint program's context (IU_PROG_RAW_TRACEPOINT): the
 * tracepoint's first five arguments (its TP_PROTO, e.g. sched_switch's
 * preempt, prev, next, prev_state), each as the register that passed it;
 * those past the tracepoint's own count are meaningless.
 */
#define IU_RAW_TRACEPOINT_ARGS 5
struct iu_raw_tracepoint_ctx {
	iu_u64 args[IU_RAW_TRACEPOINT_ARGS];  /* 0 */
};
#define IU_RAW_TRACEPOINT_CTX_SIZE 40

/*
 * A tracepoint program's context for any trace event but the syscalls'
 * (IU_PROG_TRACEPOINT, target "<category>/<event>"): the event's record,
 * as the kernel's perf path builds it (events/<category>/<event>/format:
 * the common fields, then the event's), size bytes at record, readable
 * for the program's run.
 */
struct iu_tracepoint_ctx {
	iu_u64 record;                     /* 0: the record's address */
	iu_u32 size;                       /* 8: its bytes */
	iu_u32 reserved;                   /* 12: 0 */
};
#define IU_TRACEPOINT_CTX_SIZE 16

/*
 * Helper prototypes. Every helper copies in or out through a buffer the
 * image owns, with an explicit size; none hands the image a pointer.
 */
#if defined(__KERNEL__) || !defined(__clang__)
#define IU_HELPER_DECL
#else
/* Imported by the image even though it is built with -fvisibility=hidden. */
#define IU_HELPER_DECL __attribute__((visibility("default")))
#endif
#ifdef __cplusplus
extern "C" {
#endif
IU_HELPER_DECL iu_s64 iu_trace_printk(const char *buf, iu_u32 len);
IU_HELPER_DECL iu_s64 iu_probe_read_kernel(void *dst, iu_u32 size, iu_u64 src);
IU_HELPER_DECL iu_u64 iu_get_current_pid_tgid(void);
IU_HELPER_DECL iu_s64 iu_get_current_comm(char *buf, iu_u32 size);
IU_HELPER_DECL iu_u64 iu_ktime_get_ns(void);
IU_HELPER_DECL iu_u32 iu_get_smp_processor_id(void);
IU_HELPER_DECL iu_s64 iu_get_current_task_regs(void *out, iu_u32 size);
/*
 * Map helpers. map is the address of one of the image's .maps descriptors;
 * any other address is -EINVAL. key and value sizes must be the map's
 * (-EINVAL otherwise). Per-CPU maps act on the current CPU's value.
 *   lookup      copies the value out: 0, or -ENOENT
 *   lookup_ref  the value in place, valid until the invocation ends (the
 *               host holds the RCU read lock around every invocation), or
 *               NULL: only the runtime's update_with uses it, and lends it
 *               to the program for the duration of one call
 *   update      IU_MAP_ANY / _NOEXIST / _EXIST: 0, -EEXIST, -ENOENT,
 *               -E2BIG (full), -ENOMEM
 *   delete      0 or -ENOENT (-EINVAL for arrays, as in BPF)
 *   add         atomically adds delta to an IU_MAP_F_INTEGER_VALUE value:
 *               0, or -ENOENT
 *   event_output  copies size bytes into the channel: 0, or -ENOSPC when
 *               the buffer is full (the record is dropped and counted)
 */
IU_HELPER_DECL iu_s64 iu_map_lookup(const void *map, const void *key, iu_u32 key_size,
				    void *value, iu_u32 value_size);
IU_HELPER_DECL void *iu_map_lookup_ref(const void *map, const void *key, iu_u32 key_size,
				       iu_u32 value_size);
IU_HELPER_DECL iu_s64 iu_map_update(const void *map, const void *key, iu_u32 key_size,
				    const void *value, iu_u32 value_size, iu_u64 flags);
IU_HELPER_DECL iu_s64 iu_map_delete(const void *map, const void *key, iu_u32 key_size);
IU_HELPER_DECL iu_s64 iu_map_add(const void *map, const void *key, iu_u32 key_size,
				 iu_u64 delta);
IU_HELPER_DECL iu_s64 iu_event_output(const void *map, const void *data, iu_u32 size);
/*
 * Reads of the current task's user memory and of kernel strings, like
 * bpf_probe_read_user, bpf_probe_read_user_str and bpf_probe_read_kernel_str.
 * All charge iu_fuel_cost(size) before they read and never read more than
 * size bytes into dst; on failure dst is zeroed.
 *   probe_read_user        0, or -EFAULT (the user backend reads the traced
 *                          task's memory, never its own)
 *   probe_read_*_str       the length copied including the NUL (at most
 *                          size; a longer string is cut and NUL-terminated),
 *                          or a negative errno; size must be at least 1
 *   probe_read_kernel_str  also -EPERM under lockdown, as probe_read_kernel
 */
IU_HELPER_DECL iu_s64 iu_probe_read_user(void *dst, iu_u32 size, iu_u64 src);
IU_HELPER_DECL iu_s64 iu_probe_read_user_str(char *dst, iu_u32 size, iu_u64 src);
IU_HELPER_DECL iu_s64 iu_probe_read_kernel_str(char *dst, iu_u32 size, iu_u64 src);
/* gid << 32 | uid of the current task, as seen from its own user namespace
 * (bpf_get_current_uid_gid). */
IU_HELPER_DECL iu_u64 iu_get_current_uid_gid(void);
/* A pseudo-random number (bpf_get_prandom_u32): not for secrets. */
IU_HELPER_DECL iu_u32 iu_get_prandom_u32(void);
/* Nanoseconds since boot, suspend included (bpf_ktime_get_boot_ns). */
IU_HELPER_DECL iu_u64 iu_ktime_get_boot_ns(void);
/* The current task's address (bpf_get_current_task): only ever read
 * through iu_probe_read_kernel; 0 in the user backend. */
IU_HELPER_DECL iu_u64 iu_get_current_task(void);
/*
 * The kernel stack where the hook fired, innermost first (bpf_get_stack
 * without BPF_F_USER_STACK): for a perf_event program the interrupted
 * code's, for kprobe, kretprobe, fentry and fexit programs the probed
 * function's. Writes return addresses into buf, size bytes (a multiple of
 * 8, at most IU_STACK_DEPTH_MAX entries), zero-filling the rest, and
 * returns how many it wrote: 0 when the hook interrupted user mode or has
 * no kernel context (syscall tracepoints). Charges iu_fuel_cost(size * 8):
 * one step of the unwinder costs about what copying 64 bytes does.
 * -EINVAL for a bad size, -E2BIG out of fuel, -EPERM under lockdown
 * (kernel addresses), -EOPNOTSUPP on the user backend (it has no kernel
 * stack); buf is all zeros on every error.
 */
IU_HELPER_DECL iu_s64 iu_get_stack(void *buf, iu_u32 size);
/* The id of the current task's cgroup v2 (bpf_get_current_cgroup_id): the
 * inode number of its directory under the cgroup2 mount, 1 for the root;
 * 0 when unknown (the user backend without cgroup2, a test run). */
IU_HELPER_DECL iu_u64 iu_get_current_cgroup_id(void);
#ifdef __cplusplus
}
#endif

/* ---- Signature: appended in the Linux module-signing layout. ----
 *
 *   [image bytes][CMS SignedData, DER][struct iu_sig_trailer][IU_SIG_MAGIC]
 *
 * The CMS blob is a detached SHA-256 signature over the image bytes, with
 * no certificates and no signed attributes. The trailer has the shape of
 * the kernel's struct module_signature.
 */
#define IU_SIG_MAGIC "~iu signature appended~\n"
#define IU_SIG_MAGIC_LEN 24u
#define IU_SIG_ID_PKCS7 2u /* PKEY_ID_PKCS7 */

struct iu_sig_trailer {
	iu_u8 algo;          /* 0: unused, as in module_signature */
	iu_u8 hash;          /* 0 */
	iu_u8 id_type;       /* IU_SIG_ID_PKCS7 */
	iu_u8 signer_len;    /* 0 */
	iu_u8 key_id_len;    /* 0 */
	iu_u8 pad[3];
	iu_u32 sig_len;      /* big-endian length of the CMS blob */
};

#endif /* IU_ABI_H */
