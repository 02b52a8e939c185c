// User-space helpers. Each keeps the kernel helper's contract: copy in or
// out of the image's own buffers with explicit sizes, never fail by
// crashing, negative errno on error.
#include "helper_table.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "trace_line.h"

namespace iu::user {
namespace {

thread_local const TaskState *g_task = nullptr;
thread_local const TraceSink *g_sink = nullptr;

// The CPU the traced task last ran on (field 39 of /proc/<tid>/stat).
int task_cpu(pid_t tid) {
  char path[64], buf[1024];
  snprintf(path, sizeof(path), "/proc/%d/stat", tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0)
    return 0;
  buf[n] = 0;
  const char *p = strrchr(buf, ')'); // comm may contain spaces
  if (!p)
    return 0;
  int field = 2;
  for (; *p && field < 39; ++p)
    if (*p == ' ')
      ++field;
  return atoi(p);
}

} // namespace

void set_current_task(const TaskState *task) { g_task = task; }
void set_trace_sink(const TraceSink *sink) { g_sink = sink; }

} // namespace iu::user

using iu::user::g_sink;
using iu::user::g_task;

extern "C" {

iu_u64 iu_get_current_pid_tgid(void) {
  if (!g_task)
    return 0;
  return (static_cast<iu_u64>(g_task->tgid) << 32) | static_cast<iu_u32>(g_task->tid);
}

iu_s64 iu_get_current_comm(char *buf, iu_u32 size) {
  if (!buf || size == 0)
    return -EINVAL;
  const char *comm = g_task ? g_task->comm.c_str() : "";
  size_t n = strnlen(comm, IU_COMM_LEN - 1);
  if (n >= size)
    n = size - 1;
  memcpy(buf, comm, n);
  memset(buf + n, 0, size - n);
  return 0;
}

iu_u64 iu_ktime_get_ns(void) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<iu_u64>(ts.tv_sec) * 1000000000ull + static_cast<iu_u64>(ts.tv_nsec);
}

iu_u32 iu_get_smp_processor_id(void) {
  if (!g_task)
    return 0;
  auto *task = const_cast<iu::user::TaskState *>(g_task);
  if (task->cpu < 0)
    task->cpu = iu::user::task_cpu(task->tid);
  return static_cast<iu_u32>(task->cpu);
}

// Like bpf_probe_read_kernel: "kernel memory" in the user backend is this
// process's memory, read through process_vm_readv so a bad address is
// -EFAULT, not a crash. On failure the destination is zeroed, as in the
// kernel.
iu_s64 iu_probe_read_kernel(void *dst, iu_u32 size, iu_u64 src) {
  if (!dst)
    return -EINVAL;
  iovec local{dst, size};
  iovec remote{reinterpret_cast<void *>(src), size};
  ssize_t n = size ? process_vm_readv(getpid(), &local, 1, &remote, 1, 0) : 0;
  if (n != static_cast<ssize_t>(size)) {
    memset(dst, 0, size);
    return -EFAULT;
  }
  return 0;
}

iu_s64 iu_get_current_task_regs(void *out, iu_u32 size) {
  if (!out || size != IU_PT_REGS_SIZE)
    return -EINVAL;
  if (!g_task || !g_task->has_user_regs) {
    memset(out, 0, size);
    return -ENOENT;
  }
  memcpy(out, g_task->user_regs, size);
  return 0;
}

iu_s64 iu_trace_printk(const char *buf, iu_u32 len) {
  if (!buf)
    return -EINVAL;
  if (len >= IU_TRACE_PRINTK_MAX)
    len = IU_TRACE_PRINTK_MAX - 1;
  std::string line;
  if (g_task)
    line = iu::user::trace_line_prefix(g_task->comm, g_task->tid, iu_get_smp_processor_id(),
                                       iu_ktime_get_ns());
  else
    line = iu::user::trace_line_prefix("<idle>", 0, 0, iu_ktime_get_ns());
  line.append(buf, strnlen(buf, len));
  if (line.empty() || line.back() != '\n')
    line += '\n';
  int fd = g_sink ? g_sink->fd : 1;
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -EIO;
    done += static_cast<size_t>(n);
  }
  return static_cast<iu_s64>(len);
}

} // extern "C"

namespace iu::user {

void *find_helper(const std::string &name) {
#define IU_X(helper)                                                                       \
  if (name == #helper)                                                                     \
    return reinterpret_cast<void *>(&helper);
  IU_HELPER_LIST(IU_X)
#undef IU_X
  return nullptr;
}

} // namespace iu::user
