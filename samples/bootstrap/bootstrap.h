/* bootstrap's event layout, shared by the extension (bootstrap.cpp) and
 * its user-space part (bootstrap_user.cpp); plain C, as libbpf-bootstrap's
 * bootstrap.h (bool becomes a byte so that C needs no <stdbool.h>). */
#ifndef BOOTSTRAP_H
#define BOOTSTRAP_H
#include <iu/types.h>

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 127

struct event {
	iu_s32 pid;
	iu_s32 ppid;
	iu_u32 exit_code;
	iu_u64 duration_ns;
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
	iu_u8 exit_event;
};

#endif
