/* tracex2's key layout, shared by the extension (tracex2.cpp) and its
 * user-space part (tracex2_user.cpp). Plain C: it compiles as C and C++,
 * with GCC and Clang, and with iu-cc. */
#ifndef TRACEX2_H
#define TRACEX2_H
#include <iu/types.h>

#define TRACEX2_COMM_LEN 16

/* my_hist_map's key: one log2 slot of one task's write sizes. */
struct hist_key {
	char comm[TRACEX2_COMM_LEN];
	iu_u64 pid_tgid;
	iu_u64 uid_gid;
	iu_u64 index;
};

#endif
