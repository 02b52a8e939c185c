// hooks (iu): the hook matrix's iu programs (bench/run, "kernel"). One
// empty program per hook kind, all on what one getppid call runs: the
// kernel function __do_sys_getppid (its BTF name; __x64_sys_getppid is an
// alias of it), the syscall tracepoints of getppid, and raw_syscalls/
// sys_enter, a tracepoint of another category (iu: a perf tracepoint
// event, as eBPF's tracepoint programs), which every system call hits,
// and the raw tracepoint sys_enter under it (as eBPF's raw_tp).
// kbench attaches one at a time; what syscall_loop's calls cost more than
// with nothing attached is the hook's cost and an empty program's.
// bench/programs/hooks.bpf.c is the same in eBPF.
#include <iu/iu.h>
#include <iu/tp/raw_syscalls.h>

IU_LICENSE("GPL");

namespace {

int kprobe_empty(const iu::kprobe_ctx &) { return 0; }
int kretprobe_empty(const iu::kretprobe_ctx &) { return 0; }
int fentry_empty(const iu::fentry_ctx &) { return 0; }
int fexit_empty(const iu::fexit_ctx &) { return 0; }
int sys_enter_empty(const iu::syscall_enter_ctx &) { return 0; }
int sys_exit_empty(const iu::syscall_exit_ctx &) { return 0; }
int raw_syscalls_enter_empty(const iu::tp::raw_syscalls::sys_enter &) { return 0; }
int raw_sys_enter_empty(const iu::raw_tracepoint_ctx &) { return 0; }

} // namespace

IU_KPROBE(__do_sys_getppid, kprobe_empty);
IU_KRETPROBE(__do_sys_getppid, kretprobe_empty);
IU_FENTRY(__do_sys_getppid, fentry_empty);
IU_FEXIT(__do_sys_getppid, fexit_empty);
IU_TRACEPOINT(syscalls, sys_enter_getppid, sys_enter_empty);
IU_TRACEPOINT(syscalls, sys_exit_getppid, sys_exit_empty);
IU_TRACEPOINT(raw_syscalls, sys_enter, raw_syscalls_enter_empty);
IU_RAW_TRACEPOINT(sys_enter, raw_sys_enter_empty);
