// IU_TRACEPOINT takes syscall-entry tracepoints only: any other event would
// be handed a record of another layout.
// RUN: %iucc -fsyntax-only -DGOOD %s
// RUN: not %iucc -fsyntax-only -DOTHER_CATEGORY %s 2>&1 | FileCheck %s
// RUN: not %iucc -fsyntax-only -DSYS_EXIT %s 2>&1 | FileCheck %s
// RUN: not %iucc -fsyntax-only -DBARE_PREFIX %s 2>&1 | FileCheck %s
// CHECK: IU_TRACEPOINT supports syscalls/sys_enter_<name> tracepoints only
#include <iu/iu.h>

static int prog(const iu::syscall_tp_ctx &) { return 0; }
#if defined(GOOD)
IU_TRACEPOINT(syscalls, sys_enter_openat, prog);
#elif defined(OTHER_CATEGORY)
IU_TRACEPOINT(sched, sched_switch, prog);
#elif defined(SYS_EXIT)
IU_TRACEPOINT(syscalls, sys_exit_write, prog);
#elif defined(BARE_PREFIX)
IU_TRACEPOINT(syscalls, sys_enter_, prog);
#endif
