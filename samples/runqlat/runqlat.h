/* runqlat's histogram layout, shared by the extension (runqlat.cpp) and its
 * user-space part (runqlat_user.cpp); plain C, as bcc's libbpf-tools
 * runqlat.h. */
#ifndef RUNQLAT_H
#define RUNQLAT_H
#include <iu/types.h>

#define TASK_COMM_LEN 16
#define MAX_SLOTS 26

/* One thread's histogram (-L): slot i counts latencies in
 * [2^i, 2^(i+1) - 1] units (slot 0: 0 and 1). */
struct hist {
	iu_u32 slots[MAX_SLOTS];
	char comm[TASK_COMM_LEN];
};

#endif
