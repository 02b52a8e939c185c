/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * libiu: open, verify, load and attach iu extension images.
 *
 * The API follows libbpf's shape: opaque objects, noun__verb functions,
 * options structs that begin with their own size, and errors as negative
 * errno (or NULL with errno set). After a failure, iu_last_error() returns
 * a one-line reason that names the file and the problem.
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

#ifdef __cplusplus
extern "C" {
#endif

struct iu_object;
struct iu_program;
struct iu_link;

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

/* Opens an image: verifies its signature first, then parses and validates
 * only the verified bytes. Returns NULL and sets errno on failure. */
struct iu_object *iu_object__open_file(const char *path, const struct iu_object_open_opts *opts);

/* Maps the image W^X, applies relocations and binds helper imports.
 * Returns 0 or a negative errno. */
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

/* User backend: runs argv[0] with argv under a tracer and fires attached
 * syscall-shaped programs (kprobe/__seccomp_filter, tracepoint/syscalls/
 * sys_enter_*) at each system call of the command and its children.
 * Returns the command's exit status (128 + signal number if it was killed)
 * or a negative errno if it could not run. */
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

/* Runs one program on a given context in this process, like
 * BPF_PROG_TEST_RUN. Returns 0 or a negative errno. */
int iu_program__test_run(struct iu_program *prog, struct iu_test_run_opts *opts);

/* The reason for the last failure in this thread. */
const char *iu_last_error(void);

/* Human-readable name of enum iu_panic_kind: "fuel exhausted", ... */
const char *iu_panic_kind_str(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif /* IU_LIBIU_H */
