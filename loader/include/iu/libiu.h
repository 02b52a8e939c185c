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

#include <iu/error.h>

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
 * (IU_PT_REGS_SIZE) for kprobes, struct iu_syscall_enter_record
 * (IU_SYSCALL_ENTER_RECORD_SIZE) for syscall tracepoints. */
size_t iu_program__ctx_size(const struct iu_program *prog);
/* Name of enum iu_prog_type: "kprobe", "tracepoint", or "unknown". */
const char *iu_prog_type_str(unsigned int type);

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
};
#define iu_run_opts__last_field keep_on_panic

/* Runs argv[0] with argv while the attached programs fire, streaming their
 * trace lines to trace_fd and their panic reports to report_fd until the
 * command exits. User backend: the command runs under a tracer, and
 * syscall-shaped programs (kprobe/__seccomp_filter, tracepoint/syscalls/
 * sys_enter_*) fire at each system call of the command and its children.
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

/* Human-readable name of enum iu_panic_kind: "fuel exhausted", ... */
const char *iu_panic_kind_str(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif /* IU_LIBIU_H */
