/* execsnoop's event layout, shared by the extension (execsnoop.cpp) and its
 * user-space part (execsnoop_user.cpp); plain C, as bcc's libbpf-tools
 * execsnoop.h. The arguments are packed: each NUL-terminated, one after
 * the other, args_size bytes in all. */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H
#include <iu/types.h>

#define ARGSIZE 128
#define TASK_COMM_LEN 16
#define TOTAL_MAX_ARGS 60
#define DEFAULT_MAXARGS 20
#define FULL_MAX_ARGS_ARR (TOTAL_MAX_ARGS * ARGSIZE)
/* The last offset at which one more argument of ARGSIZE bytes still fits. */
#define LAST_ARG (FULL_MAX_ARGS_ARR - ARGSIZE)
#define INVALID_UID 0xffffffffu

struct event {
	iu_s32 pid;
	iu_s32 ppid;
	iu_u32 uid;
	iu_s32 retval;
	/* Arguments stored, plus one when more followed than --max-args. */
	iu_s32 args_count;
	iu_u32 args_size;
	char comm[TASK_COMM_LEN];
	char args[FULL_MAX_ARGS_ARR];
};

#endif
