/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * libiu: open, verify, load and attach iu extension images.
 *
 * The API follows libbpf's shape: opaque objects, noun__verb functions,
 * options structs that begin with their own size, and errors as negative
 * errno (or NULL with errno set). After a failure, iu_last_error() returns
 * a one-line reason that names the file and the problem, and
 * iu_strerror(err) describes the code (iu/error.h, shared with the signer).
 *
 * Options structs: set sz to the struct's size (IU_OPTS does), leave what
 * you do not use zero. A caller built against an older libiu.h passes a
 * smaller struct, and libiu reads (and, for outputs, writes) only its sz
 * bytes; a caller built against a newer one passes a larger struct, which
 * this libiu accepts only if the fields it does not know are zero (else
 * -EINVAL): it never ignores an option silently.
 *
 *   struct iu_object *obj = iu_object__open_file("tracex5.iu", NULL);
 *   iu_object__load(obj);
 *   iu_program__attach(iu_object__find_program_by_name(obj, "bpf_prog1"));
 *   iu_object__run_command(obj, argv, NULL);   // user backend
 *   iu_object__close(obj);
 */
#ifndef IU_LIBIU_H
#define IU_LIBIU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <iu/abi.h>
#include <iu/error.h>
#include <iu/ioctl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Declares an options struct NAME of type struct TYPE with every byte
 * (padding too) zero, sz set, and the given fields, as libbpf's LIBBPF_OPTS
 * (a GNU C / C++ statement expression):
 *
 *   IU_OPTS(iu_run_opts, opts, .keep_on_panic = true);
 */
#define IU_OPTS(TYPE, NAME, ...)                                                 \
	struct TYPE NAME = ({                                                    \
		memset(&NAME, 0, sizeof(struct TYPE));                           \
		_Pragma("GCC diagnostic push")                                   \
		_Pragma("GCC diagnostic ignored \"-Wmissing-field-initializers\"") \
		struct TYPE NAME##__init = {                                     \
			.sz = sizeof(struct TYPE),                               \
			__VA_ARGS__                                              \
		};                                                               \
		_Pragma("GCC diagnostic pop")                                    \
		NAME##__init;                                                    \
	})

/* The opaque types (declared here so that C sees one struct iu_map in every
 * prototype, the iu_run_opts callback's included). */
struct iu_object;
struct iu_program;
struct iu_link;
struct iu_map;

enum iu_backend {
	IU_BACKEND_AUTO = 0,   /* kernel when /dev/iu exists, else user */
	IU_BACKEND_USER = 1,   /* run programs in this process */
	IU_BACKEND_KERNEL = 2, /* iu.ko */
};

struct iu_object_open_opts {
	size_t sz;                          /* sizeof(struct iu_object_open_opts) */
	enum iu_backend backend;
	/* Certificates (PEM files) to trust in addition to the per-user and
	 * system trust directories. */
	const char *const *trusted_certs;
	size_t trusted_cert_cnt;
	/* Trust only trusted_certs, not the default directories. */
	bool no_default_trust;
};
#define iu_object_open_opts__last_field no_default_trust

/* Opens an image: verifies its signature first, then parses and validates
 * only the verified bytes, and picks the backend (AUTO: the kernel when
 * /dev/iu exists). opts may be NULL. Returns NULL and sets errno on failure:
 * EINVAL (bad arguments or options, an unknown backend), the file's errno,
 * ENOKEY (unsigned), EBADMSG (malformed signature), EKEYREJECTED (untrusted
 * or wrong signature), ENOEXEC (a malformed image). */
struct iu_object *iu_object__open_file(const char *path, const struct iu_object_open_opts *opts);

/* Loads the image on the object's backend: the user backend maps it W^X,
 * applies relocations and binds helper imports; the kernel backend hands
 * the signed file to iu.ko, which does the same on its own copy. Returns 0
 * or a negative errno (-EBUSY if already loaded). */
int iu_object__load(struct iu_object *obj);

/* Detaches every program and frees everything. NULL is allowed. */
void iu_object__close(struct iu_object *obj);

const char *iu_object__name(const struct iu_object *obj);
enum iu_backend iu_object__backend(const struct iu_object *obj);

/* Iterates programs in table order: pass NULL to get the first. */
struct iu_program *iu_object__next_program(const struct iu_object *obj, struct iu_program *prev);
struct iu_program *iu_object__find_program_by_name(const struct iu_object *obj, const char *name);

const char *iu_program__name(const struct iu_program *prog);
/* libbpf-style section name, e.g. "kprobe/__seccomp_filter". */
const char *iu_program__section_name(const struct iu_program *prog);
const char *iu_program__attach_target(const struct iu_program *prog);
/* enum iu_prog_type of abi.h */
unsigned int iu_program__type(const struct iu_program *prog);
/* The size of the context the program takes, in bytes: struct pt_regs
 * (IU_PT_REGS_SIZE) for kprobes and kretprobes, struct iu_fentry_ctx
 * (IU_FENTRY_CTX_SIZE) for fentry, struct iu_fexit_ctx
 * (IU_FEXIT_CTX_SIZE) for fexit, struct iu_perf_event_ctx
 * (IU_PERF_EVENT_CTX_SIZE) for perf_event, struct iu_syscall_enter_record
 * (IU_SYSCALL_ENTER_RECORD_SIZE) for syscalls/sys_enter_* tracepoints,
 * struct iu_syscall_exit_record (IU_SYSCALL_EXIT_RECORD_SIZE) for
 * syscalls/sys_exit_*, struct iu_tracepoint_ctx (IU_TRACEPOINT_CTX_SIZE)
 * for any other tracepoint (which a test run refuses: its context points
 * at a record the kernel made), struct iu_raw_tracepoint_ctx
 * (IU_RAW_TRACEPOINT_CTX_SIZE) for raw tracepoints. */
size_t iu_program__ctx_size(const struct iu_program *prog);
/* Name of enum iu_prog_type: "kprobe", "tracepoint", "kretprobe",
 * "fentry", "fexit", "perf_event", "raw_tracepoint", or "unknown". */
const char *iu_prog_type_str(unsigned int type);

/* Whether the code that attaches every program of an object (iu-load, a
 * skeleton's attach()) attaches this one, like libbpf's
 * bpf_program__set_autoload: on by default. iu_program__attach still
 * attaches a program whose autoload is off. Only before iu_object__load:
 * returns 0 or a negative errno (-EINVAL: no program, -EBUSY: loaded). */
int iu_program__set_autoload(struct iu_program *prog, bool autoload);
/* false for NULL. */
bool iu_program__autoload(const struct iu_program *prog);

/* Attaches a loaded program to its hook. Returns NULL and sets errno on
 * failure. */
struct iu_link *iu_program__attach(struct iu_program *prog);
/* Detaches and frees. Returns 0 or a negative errno. */
int iu_link__destroy(struct iu_link *link);

struct iu_run_opts {
	size_t sz;            /* sizeof(struct iu_run_opts) */
	int trace_fd;         /* trace_printk lines; 0 means stdout */
	int report_fd;        /* panic and termination reports; 0 means stderr */
	bool keep_on_panic;   /* keep a program attached after it panics */
	/* Called for each record of each events map while the command runs
	 * (and for those left when it exits), with the map as ctx's
	 * companion: fn(event_ctx, map, cpu, data, size). NULL: records stay
	 * queued for iu_map__poll_events. */
	int (*event_fn)(void *event_ctx, struct iu_map *map, int cpu, const void *data,
			size_t size);
	void *event_ctx;
};
#define iu_run_opts__last_field event_ctx

/* Runs argv[0] with argv while the attached programs fire, streaming their
 * trace lines to trace_fd and their panic reports to report_fd until the
 * command exits. User backend: the command runs under a tracer, and
 * syscall-shaped programs (kprobe/__seccomp_filter, tracepoint/syscalls/
 * sys_enter_*) fire at each system call of the command and its children,
 * and tracepoint/syscalls/sys_exit_* ones at its exit.
 * Kernel backend: the programs fire in the kernel; the command runs with an
 * allow-all seccomp filter so __seccomp_filter sees its system calls. opts
 * may be NULL. Returns the command's exit status (128 + signal number if it
 * was killed) or a negative errno if it could not run (-EINVAL: bad
 * arguments or options, object not loaded). */
int iu_object__run_command(struct iu_object *obj, char *const argv[],
			   const struct iu_run_opts *opts);

struct iu_test_run_opts {
	size_t sz;            /* sizeof(struct iu_test_run_opts) */
	const void *ctx_in;   /* context bytes; NULL means zeroed */
	size_t ctx_size_in;
	unsigned int repeat;  /* 0 means 1 */
	int trace_fd;         /* 0 means stdout */
	/* out */
	int64_t retval;       /* of the last run */
	uint64_t duration_ns; /* mean per run */
	uint32_t status;      /* enum iu_run_status of the last run */
	uint32_t panic_kind;  /* enum iu_panic_kind */
	/* The report attached runs print, e.g. "panicked: panic (bad state)
	 * at prog.cpp:12" or "terminated: fuel exhausted at prog.cpp:7". */
	char panic_msg[256];
};
#define iu_test_run_opts__last_field panic_msg

/* Runs one program on a given context in this process, like
 * BPF_PROG_TEST_RUN, and fills the out fields (only within opts->sz).
 * Returns 0 or a negative errno: -EINVAL (bad arguments or options, object
 * not loaded, a context of the wrong size), -EOPNOTSUPP on the kernel
 * backend. */
int iu_program__test_run(struct iu_program *prog, struct iu_test_run_opts *opts);

/* ---- Configuration (IU_CONFIG), set before load ----
 *
 * Sets configuration `name` to size bytes of value (the exact size of its
 * type: 1/2/4/8 for integers, 1 for bool, N for iu::array<char, N>).
 * Only before iu_object__load. Returns 0 or a negative errno: -ENOENT (no
 * such configuration), -EINVAL (wrong size, a bool that is not 0 or 1),
 * -EBUSY (already loaded). */
int iu_object__set_config(struct iu_object *obj, const char *name, const void *value,
			  size_t size);
/* Parses text as iu-load --set does (decimal or 0x integers, true/false,
 * a string for a char array) and sets it. Same errors, -ERANGE when the
 * number does not fit. */
int iu_object__set_config_str(struct iu_object *obj, const char *name, const char *text);
/* Copies the current value (the default until set) into value; returns
 * its size, or a negative errno. */
int iu_object__get_config(const struct iu_object *obj, const char *name, void *value,
			  size_t size);
/* Iterates configurations: name, enum iu_config_kind and size of the i-th;
 * -ENOENT past the last. */
int iu_object__config_info(const struct iu_object *obj, size_t i, const char **name,
			   unsigned int *kind, size_t *size);

/* ---- Maps (IU_MAP) ----
 *
 * The object's maps exist from load until close. Keys and values are raw
 * bytes of the extension's types (a shared header gives both sides the
 * same struct). For per-CPU maps a value is iu_num_cpus() values of
 * value_size bytes, each rounded up to 8 bytes, as in libbpf. The calls
 * mirror libbpf's bpf_map__*_elem: the sizes must be the map's (-EINVAL
 * otherwise) and the same calls work on both backends. */
struct iu_map *iu_object__next_map(const struct iu_object *obj, struct iu_map *prev);
struct iu_map *iu_object__find_map_by_name(const struct iu_object *obj, const char *name);
const char *iu_map__name(const struct iu_map *map);
unsigned int iu_map__type(const struct iu_map *map);   /* enum iu_map_type */
/* "array", "hash", "percpu_array", "percpu_hash", "lru_hash", "events" */
const char *iu_map_type_str(unsigned int type);
uint32_t iu_map__key_size(const struct iu_map *map);
uint32_t iu_map__value_size(const struct iu_map *map);
uint32_t iu_map__max_entries(const struct iu_map *map);
/* The BPF map's fd on the kernel backend (for bpftool or libbpf), after
 * load; -EOPNOTSUPP on the user backend. */
int iu_map__fd(const struct iu_map *map);
/* Number of per-CPU slots per-CPU maps have (the possible CPUs, as
 * libbpf_num_possible_cpus()), on either backend. */
int iu_num_cpus(void);

/* 0, or -ENOENT when absent. flags: 0. */
int iu_map__lookup_elem(const struct iu_map *map, const void *key, size_t key_sz, void *value,
			size_t value_sz, uint64_t flags);
/* flags: IU_MAP_ANY / IU_MAP_NOEXIST / IU_MAP_EXIST (abi.h). */
int iu_map__update_elem(const struct iu_map *map, const void *key, size_t key_sz,
			const void *value, size_t value_sz, uint64_t flags);
int iu_map__delete_elem(const struct iu_map *map, const void *key, size_t key_sz, uint64_t flags);
/* The key after cur_key (the first if cur_key is NULL): 0, or -ENOENT
 * after the last. */
int iu_map__get_next_key(const struct iu_map *map, const void *cur_key, void *next_key,
			 size_t key_sz);

/* ---- Events (iu::events<T>) ----
 *
 * Each loaded events map has its buffers open from load until close (per
 * CPU perf buffers on the kernel backend, an in-process queue on the user
 * backend). fn is called once per record, in order per CPU; a non-zero
 * return stops the poll and is returned. */
typedef int (*iu_event_fn)(void *ctx, int cpu, const void *data, size_t size);
/* Waits up to timeout_ms (0: do not wait, -1: forever) for records and
 * handles all that are ready. Returns the number handled, or a negative
 * errno. */
int iu_map__poll_events(struct iu_map *map, int timeout_ms, iu_event_fn fn, void *ctx);
/* Records dropped because a buffer was full, so far. */
uint64_t iu_map__events_lost(const struct iu_map *map);
/* An fd that becomes readable when poll_events has work (for epoll). */
int iu_map__events_fd(const struct iu_map *map);

/* ---- iu.ko's registry (docs/kernel.md, "The registry") ----
 *
 * Every object loaded into iu.ko, by any process, and each of its programs
 * has an id; these calls list them, read their counters and statistics,
 * detach a program by id and pin an object, as bpftool does with libbpf's
 * bpf_prog_get_next_id and friends. They open /dev/iu (CAP_SYS_ADMIN) and
 * return 0 or a negative errno with a reason (iu_last_error): -ENOENT for
 * an id that does not exist (or no more ids), -ENODEV when /dev/iu does
 * not exist ("cannot open /dev/iu: ... (is iu.ko loaded?)"), and the
 * device's other errors. */

/* Keeps a loaded kernel-backend object in iu.ko, its programs attached as
 * they are, after every descriptor is closed (the loader exits), under
 * name: [A-Za-z0-9_.-], at most IU_PIN_NAME_MAX - 1 characters, unique
 * (-EEXIST), once per object (-EBUSY). Detaching its last attached
 * program (iu_kernel_prog_detach) unpins and frees it. *obj_id (may be
 * NULL) gets the object's id. -EOPNOTSUPP on the user backend. */
int iu_object__pin(struct iu_object *obj, const char *name, uint32_t *obj_id);

/* The smallest id of kind IU_ID_OBJ or IU_ID_PROG above start (0: the
 * first); -ENOENT when there is none. */
int iu_kernel_next_id(enum iu_id_kind kind, uint32_t start, uint32_t *next);
int iu_kernel_obj_info(uint32_t id, struct iu_obj_info *info);
int iu_kernel_prog_info(uint32_t id, struct iu_prog_entry *info);
/* Detaches program id, whoever loaded it; a pinned object left without an
 * attached program is unpinned. -ENOENT: no such program; -EALREADY: it is
 * not attached. */
int iu_kernel_prog_detach(uint32_t id);
/* A new descriptor of object id (close it when done): IU_OBJ_* requests
 * on it, or read() for its records. Returns the fd or a negative errno. */
int iu_kernel_obj_fd(uint32_t id);
/* enum iu_stats_op; *enabled (may be NULL) says whether statistics are on
 * afterwards. */
int iu_kernel_stats(enum iu_stats_op op, bool *enabled);

/* Human-readable name of enum iu_panic_kind: "fuel exhausted", ... */
const char *iu_panic_kind_str(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif /* IU_LIBIU_H */
