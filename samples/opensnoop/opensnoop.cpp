// opensnoop: bcc's libbpf-tools opensnoop in iu. Reports each open,
// openat and openat2 with the caller's pid and comm, the path, the flags
// (and the mode when they create a file) and the result: a descriptor or
// -errno.
//
// At syscalls/sys_enter_* the path is read from the caller's memory and
// kept with the flags in a map keyed by the thread id (the original keeps
// the path's address and reads it at the exit); syscalls/sys_exit_* sends
// the event with the return value. Filters, set by user space before load:
// the process and thread ids, the uid, a substring of the comm (the
// original filters names in user space) and failed opens only.
// Not ported: the callers' addresses and the full path (-F).
#include <iu/iu.h>

#include "opensnoop.h"

IU_LICENSE("GPL");

namespace {

struct args_t {
  iu::array<char, NAME_MAX> fname;
  iu::s32 flags;
  iu::u32 mode;
};

// openat2's how argument (include/uapi/linux/openat2.h).
struct open_how {
  iu::u64 flags;
  iu::u64 mode;
  iu::u64 resolve;
};

} // namespace

IU_MAP(start, iu::hash_map<iu::u32, args_t, 10240>);
IU_MAP(events, iu::events<event>);

using comm16 = iu::array<char, TASK_COMM_LEN>;
IU_CONFIG(iu::u32, targ_tgid, 0);
IU_CONFIG(iu::u32, targ_pid, 0);
IU_CONFIG(iu::u32, targ_uid, INVALID_UID);
IU_CONFIG(bool, targ_failed, false);
IU_CONFIG(comm16, targ_name, "");

namespace {

// Whether the comm contains targ_name (any comm when it is empty).
bool name_allowed() {
  comm16 name = targ_name;
  unsigned n = 0;
  while (n < TASK_COMM_LEN - 1 && name[n] != 0)
    ++n;
  if (n == 0)
    return true;
  iu::comm_t comm = iu::current_comm();
  for (unsigned s = 0; s + n < TASK_COMM_LEN; ++s) {
    unsigned k = 0;
    while (k < n && comm.chars[s + k] == name[k])
      ++k;
    if (k == n)
      return true;
  }
  return false;
}

bool trace_allowed() {
  if (targ_tgid != 0 && targ_tgid != iu::current_tgid())
    return false;
  if (targ_pid != 0 && targ_pid != iu::current_pid())
    return false;
  if (targ_uid != INVALID_UID && targ_uid != static_cast<iu::u32>(iu::current_uid_gid()))
    return false;
  return name_allowed();
}

void record(iu::u64 path, iu::u64 flags, iu::u64 mode) {
  if (!trace_allowed())
    return;
  args_t a{};
  // An unreadable path is still an open: reported with an empty path.
  iu::probe_read_user_str(iu::uptr<char>(path), a.fname);
  a.flags = static_cast<iu::s32>(flags);
  a.mode = static_cast<iu::u32>(mode);
  start.update(iu::current_pid(), a);
}

// open(path, flags, mode)
int enter_open(const iu::syscall_enter_ctx &ctx) {
  record(ctx.arg(0), ctx.arg(1), ctx.arg(2));
  return 0;
}

// openat(dirfd, path, flags, mode)
int enter_openat(const iu::syscall_enter_ctx &ctx) {
  record(ctx.arg(1), ctx.arg(2), ctx.arg(3));
  return 0;
}

// openat2(dirfd, path, how, size)
int enter_openat2(const iu::syscall_enter_ctx &ctx) {
  open_how how = iu::probe_read_user<open_how>(iu::uptr<open_how>(ctx.arg(2))).value_or(open_how{});
  record(ctx.arg(1), how.flags, how.mode);
  return 0;
}

int trace_exit(const iu::syscall_exit_ctx &ctx) {
  iu::u32 tid = iu::current_pid();
  iu::optional<args_t> found = start.lookup(tid);
  if (!found)
    return 0; // missed the entry (attached in between, or filtered)
  start.erase(tid);
  iu::s32 ret = static_cast<iu::s32>(ctx.ret());
  if (targ_failed && ret >= 0)
    return 0;
  args_t a = found.value();
  event e{};
  e.ts = iu::ktime_get_ns();
  e.pid = static_cast<iu::s32>(iu::current_tgid());
  e.uid = static_cast<iu::u32>(iu::current_uid_gid());
  e.ret = ret;
  e.flags = a.flags;
  bool creates = (a.flags & OPENSNOOP_O_CREAT) != 0 ||
                 (a.flags & OPENSNOOP_O_TMPFILE) == OPENSNOOP_O_TMPFILE;
  e.mode = creates ? a.mode : 0;
  iu::comm_t comm = iu::current_comm();
  for (unsigned i = 0; i < TASK_COMM_LEN; ++i)
    e.comm[i] = comm.chars[i];
  for (unsigned i = 0; i < NAME_MAX && a.fname[i] != 0; ++i)
    e.fname[i] = a.fname[i];
  events.output(e);
  return 0;
}

int exit_open(const iu::syscall_exit_ctx &ctx) { return trace_exit(ctx); }
int exit_openat(const iu::syscall_exit_ctx &ctx) { return trace_exit(ctx); }
int exit_openat2(const iu::syscall_exit_ctx &ctx) { return trace_exit(ctx); }

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_open, enter_open);
IU_TRACEPOINT(syscalls, sys_enter_openat, enter_openat);
IU_TRACEPOINT(syscalls, sys_enter_openat2, enter_openat2);
IU_TRACEPOINT(syscalls, sys_exit_open, exit_open);
IU_TRACEPOINT(syscalls, sys_exit_openat, exit_openat);
IU_TRACEPOINT(syscalls, sys_exit_openat2, exit_openat2);
