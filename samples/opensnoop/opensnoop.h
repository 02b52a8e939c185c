/* opensnoop's event layout, shared by the extension (opensnoop.cpp) and its
 * user-space part (opensnoop_user.cpp); plain C, as bcc's libbpf-tools
 * opensnoop.h (without the callers and the full path). */
#ifndef OPENSNOOP_H
#define OPENSNOOP_H
#include <iu/types.h>

#define TASK_COMM_LEN 16
#define NAME_MAX 255
#define INVALID_UID 0xffffffffu

/* open(2)'s flags that make the mode meaningful (x86-64's values). */
#define OPENSNOOP_O_CREAT 0100
#define OPENSNOOP_O_TMPFILE 020200000

struct event {
	iu_u64 ts;
	/* user terminology for pid: the process id */
	iu_s32 pid;
	iu_u32 uid;
	/* a descriptor, or -errno */
	iu_s32 ret;
	iu_s32 flags;
	/* 0 unless flags have O_CREAT or O_TMPFILE */
	iu_u32 mode;
	char comm[TASK_COMM_LEN];
	char fname[NAME_MAX];
};

#endif
