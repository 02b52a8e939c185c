// User-space helpers. Each keeps the kernel helper's contract: copy in or
// out of the image's own buffers with explicit sizes, never fail by
// crashing, negative errno on error. Each charges the invocation's fuel for
// its work before doing it (abi.h iu_fuel_cost).
#include "helper_table.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "output_format.h"
#include "user_maps.h"
#include "user_task.h"

namespace iu::user {

bool read_proc_file(pid_t tid, const char *file, char *buf, size_t size) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/%d/%s", tid, file);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n <= 0)
    return false;
  buf[n] = 0;
  return true;
}

namespace {

thread_local const TaskState *g_task = nullptr;
thread_local const TraceSink *g_sink = nullptr;
thread_local iu_run *g_run = nullptr;
thread_local const MapTable *g_maps = nullptr;

// Charges the current invocation iu_fuel_cost(bytes) before a helper does
// its work. False when that leaves the fuel negative: the helper then does
// no work and returns -E2BIG (zeroing its output), and the image's next fuel
// check ends the invocation. Fuel already spent is not charged again, so it
// cannot wrap around. Outside an invocation (host code) nothing is charged.
bool charge(iu_u64 bytes) {
  iu_run *run = g_run;
  if (!run)
    return true;
  if (run->fuel < 0)
    return false;
  run->fuel -= static_cast<iu_s64>(iu_fuel_cost(bytes)); // at most 2^28 + 1
  return run->fuel >= 0;
}

template <size_t N> bool read_task_file(pid_t tid, const char *file, char (&buf)[N]) {
  return read_proc_file(tid, file, buf, N);
}

// The CPU the traced task last ran on (field 39 of /proc/<tid>/stat).
int task_cpu(pid_t tid) {
  char buf[1024];
  if (!read_task_file(tid, "stat", buf))
    return 0;
  const char *p = strrchr(buf, ')'); // comm may contain spaces
  if (!p)
    return 0;
  int field = 2;
  for (; *p && field < 39; ++p)
    if (*p == ' ')
      ++field;
  return atoi(p);
}

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t boot_ns() {
  timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

// Reads len bytes at addr in the traced task's memory (never iu-load's
// own): process_vm_readv on the task's tid, which the kernel allows only
// to a process that may ptrace it, as iu-load, its tracer, may. The task
// is stopped at its hook while its program runs. The number of bytes read
// (a partial read stops at the first page that cannot be read), or -1; -1
// always when no traced task is current (a test run, whose task is
// iu-load itself).
ssize_t read_task(void *dst, size_t len, iu_u64 addr) {
  if (!g_task || !g_task->traced || g_task->tid <= 0)
    return -1;
  iovec local{dst, len};
  iovec remote{reinterpret_cast<void *>(static_cast<uintptr_t>(addr)), len};
  return process_vm_readv(g_task->tid, &local, 1, &remote, 1, 0);
}

// The real uid and gid of the traced task (the first field of the Uid: and
// Gid: lines of /proc/<tid>/status), as its user namespace sees them, like
// the kernel's from_kuid_munged(current_user_ns(), ...): iu-load and the
// command it runs share a user namespace. 0 when unknown.
uint64_t task_uid_gid(pid_t tid) {
  char buf[4096];
  if (!read_task_file(tid, "status", buf))
    return 0;
  const char *u = strstr(buf, "\nUid:");
  const char *g = strstr(buf, "\nGid:");
  if (!u || !g)
    return 0;
  uint64_t uid = strtoull(u + 5, nullptr, 10);
  uint64_t gid = strtoull(g + 5, nullptr, 10);
  return (gid << 32) | static_cast<uint32_t>(uid);
}

// The cgroup2 mount as this process sees it (its mount point and the
// hierarchy path it shows, mountinfo's fields 5 and 4), read once: the
// traced tasks share iu-load's mount namespace. Empty when there is none.
struct Cgroup2Mount {
  std::string point, root;
};

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_mount_field(const char *p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == '\\' && i + 3 < n && p[i + 1] >= '0' && p[i + 1] <= '3') {
      out += static_cast<char>((p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0'));
      i += 3;
    } else {
      out += p[i];
    }
  }
  return out;
}

const Cgroup2Mount &cgroup2_mount() {
  static const Cgroup2Mount mount = [] {
    Cgroup2Mount m;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
      return m;
    char *line = nullptr;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
      // id parent major:minor root point options [optional...] - fstype ...
      const char *sep = strstr(line, " - ");
      if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
        continue;
      const char *f4 = line;
      for (int i = 0; i < 3 && f4; ++i) {
        f4 = strchr(f4, ' ');
        if (f4)
          ++f4;
      }
      const char *f5 = f4 ? strchr(f4, ' ') : nullptr;
      const char *end5 = f5 ? strchr(f5 + 1, ' ') : nullptr;
      if (!end5)
        continue;
      m.root = unescape_mount_field(f4, static_cast<size_t>(f5 - f4));
      m.point = unescape_mount_field(f5 + 1, static_cast<size_t>(end5 - f5 - 1));
      break;
    }
    free(line);
    fclose(f);
    return m;
  }();
  return mount;
}

// The kernel's cgroup id of tid's cgroup v2 on 64-bit: the inode number of
// its directory (kernfs gives each node its id as the inode number). The
// path is the "0::" line of /proc/<tid>/cgroup, under the cgroup2 mount;
// 0 when there is no cgroup2 mount or the path is not below it.
uint64_t task_cgroup_id(pid_t tid) {
  const Cgroup2Mount &m = cgroup2_mount();
  if (m.point.empty())
    return 0;
  char buf[8192];
  if (!read_task_file(tid, "cgroup", buf))
    return 0;
  const char *line = buf;
  while (strncmp(line, "0::", 3) != 0) {
    line = strchr(line, '\n');
    if (!line)
      return 0;
    ++line;
  }
  std::string path(line + 3, strcspn(line + 3, "\n"));
  if (path.empty() || path[0] != '/')
    return 0; // "/.." or such: outside this namespace's view
  // The mount shows the hierarchy from m.root down.
  if (m.root != "/") {
    if (path.compare(0, m.root.size(), m.root) != 0 ||
        (path.size() > m.root.size() && path[m.root.size()] != '/'))
      return 0;
    path.erase(0, m.root.size());
  }
  std::string dir = m.point + path;
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return 0;
  return st.st_ino;
}

// The CPU of the current task, looked up once per event.
uint32_t current_cpu() {
  if (!g_task)
    return 0;
  auto *task = const_cast<TaskState *>(g_task);
  if (task->cpu < 0)
    task->cpu = task_cpu(task->tid);
  return static_cast<uint32_t>(task->cpu);
}

// The map whose descriptor is at desc (the image's own address of it; the
// descriptor itself is never read: the table is the validated copy), if it
// is a keyed map whose key is key_size bytes at a non-null key.
UserMap *keyed_map(const void *desc, const void *key, iu_u32 key_size) {
  if (!g_maps || !key)
    return nullptr;
  size_t i = g_maps->from_address(desc);
  if (i == MapTable::npos)
    return nullptr;
  UserMap *m = g_maps->keyed(i);
  return m && m->desc().key_size == key_size ? m : nullptr;
}

EventQueue *events_map(const void *desc) {
  if (!g_maps)
    return nullptr;
  size_t i = g_maps->from_address(desc);
  return i == MapTable::npos ? nullptr : g_maps->events(i);
}

} // namespace

void set_current_task(const TaskState *task) { g_task = task; }
void set_current_maps(const MapTable *maps) { g_maps = maps; }
void set_trace_sink(const TraceSink *sink) { g_sink = sink; }
iu_run *set_current_run(iu_run *run) {
  iu_run *prev = g_run;
  g_run = run;
  return prev;
}

} // namespace iu::user

using iu::user::charge;
using iu::user::g_sink;
using iu::user::g_task;
using iu::user::current_cpu;
using iu::user::events_map;
using iu::user::keyed_map;

extern "C" {

// The integer-returning helpers have no error value: out of fuel they do
// no work and return 0.
iu_u64 iu_get_current_pid_tgid(void) {
  if (!charge(0) || !g_task)
    return 0;
  return (static_cast<iu_u64>(g_task->tgid) << 32) | static_cast<iu_u32>(g_task->tid);
}

iu_s64 iu_get_current_comm(char *buf, iu_u32 size) {
  if (!buf || size == 0 || size > IU_STACK_SIZE)
    return -EINVAL;
  if (!charge(size)) {
    memset(buf, 0, size);
    return -E2BIG;
  }
  const char *comm = g_task ? g_task->comm.c_str() : "";
  size_t n = strnlen(comm, IU_COMM_LEN - 1);
  if (n >= size)
    n = size - 1;
  memcpy(buf, comm, n);
  memset(buf + n, 0, size - n);
  return 0;
}

iu_u64 iu_ktime_get_ns(void) {
  if (!charge(0))
    return 0;
  return iu::user::now_ns();
}

iu_u32 iu_get_smp_processor_id(void) {
  if (!charge(0))
    return 0;
  return current_cpu();
}

// Like bpf_probe_read_kernel, which copies with copy_from_kernel_nofault:
// fault-tolerant, and on failure the destination is zeroed. In user space
// there is no kernel memory, so every address fails with -EFAULT. Safe: the
// helper never reads memory at src, so an extension cannot read iu-load's
// own memory (its heap, its stack, other images, keys) whatever address it
// passes; it only zeroes size bytes of its own buffer.
iu_s64 iu_probe_read_kernel(void *dst, iu_u32 size, iu_u64 src) {
  if (!dst || size > IU_STACK_SIZE)
    return -EINVAL;
  if (!charge(size)) {
    memset(dst, 0, size);
    return -E2BIG;
  }
  // The only kernel memory here: the stand-in tasks of iu_get_current_task.
  if (iu::user::read_user_task(dst, size, src))
    return 0;
  memset(dst, 0, size);
  return -EFAULT;
}

// Like bpf_probe_read_user: the traced task's memory, never iu-load's
// (read_task). Safe: at most size bytes into the image's buffer; a bad
// address, an unreadable page or a short read is -EFAULT with the buffer
// zeroed.
iu_s64 iu_probe_read_user(void *dst, iu_u32 size, iu_u64 src) {
  if (!dst || size > IU_STACK_SIZE)
    return -EINVAL;
  if (!charge(size)) {
    memset(dst, 0, size);
    return -E2BIG;
  }
  if (size == 0)
    return 0;
  if (iu::user::read_task(dst, size, src) != static_cast<ssize_t>(size)) {
    memset(dst, 0, size);
    return -EFAULT;
  }
  return 0;
}

// Like bpf_probe_read_user_str (the kernel's strncpy_from_user_nofault):
// the length copied including the NUL, size with dst[size - 1] = 0 for a
// longer string, or -EFAULT with dst zeroed. It reads in pieces that end
// at page boundaries, so a string that ends before an unmapped page reads,
// and never more than size bytes into dst.
iu_s64 iu_probe_read_user_str(char *dst, iu_u32 size, iu_u64 src) {
  if (!dst || size == 0 || size > IU_STACK_SIZE)
    return -EINVAL;
  if (!charge(size)) {
    memset(dst, 0, size);
    return -E2BIG;
  }
  const iu_u64 page = static_cast<iu_u64>(sysconf(_SC_PAGESIZE));
  iu_u32 done = 0;
  while (done < size) {
    iu_u64 addr = src + done;
    iu_u32 chunk = static_cast<iu_u32>(std::min<iu_u64>(size - done, page - addr % page));
    if (iu::user::read_task(dst + done, chunk, addr) != static_cast<ssize_t>(chunk)) {
      memset(dst, 0, size);
      return -EFAULT;
    }
    size_t n = strnlen(dst + done, chunk);
    if (n < chunk) {
      memset(dst + done + n, 0, size - done - n);
      return static_cast<iu_s64>(done + n + 1);
    }
    done += chunk;
  }
  dst[size - 1] = 0;
  return size;
}

// Like probe_read_kernel: there is no kernel memory here, so every read
// fails with -EFAULT and dst is zeroed (NUL-terminated). Safe: never reads
// memory at src.
iu_s64 iu_probe_read_kernel_str(char *dst, iu_u32 size, iu_u64 src) {
  (void)src;
  if (!dst || size == 0 || size > IU_STACK_SIZE)
    return -EINVAL;
  bool fueled = charge(size);
  memset(dst, 0, size);
  return fueled ? -EFAULT : -E2BIG;
}

iu_u64 iu_get_current_uid_gid(void) {
  if (!charge(0) || !g_task)
    return 0;
  return iu::user::task_uid_gid(g_task->tid);
}

// getrandom(2) from the kernel's pool; never blocks once the pool is
// initialised (GRND_NONBLOCK: 0 if it is not yet, or on any failure).
iu_u32 iu_get_prandom_u32(void) {
  if (!charge(0))
    return 0;
  iu_u32 v = 0;
  if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v))
    return 0;
  return v;
}

iu_u64 iu_ktime_get_boot_ns(void) {
  if (!charge(0))
    return 0;
  return iu::user::boot_ns();
}

// A stand-in of the traced task, built from /proc (user_task.cpp); 0 in a
// test run, which has no traced task.
iu_u64 iu_get_current_task(void) {
  if (!charge(0) || !g_task || !g_task->traced)
    return 0;
  return iu::user::user_task(g_task->tid, g_task->tgid);
}

// The traced task's cgroup v2 id from /proc and the cgroup2 mount
// (task_cgroup_id); 0 in a test run, which has no traced task. Safe:
// returns an integer.
iu_u64 iu_get_current_cgroup_id(void) {
  if (!charge(0) || !g_task || !g_task->traced)
    return 0;
  return iu::user::task_cgroup_id(g_task->tid);
}

// The programs here run at system call stops, in iu-load, with no kernel
// context whose stack could be walked: always -EOPNOTSUPP with buf zeroed
// (after the same size check and fuel charge as iu.ko's). Safe: writes at
// most size bytes of buf, the image's array.
iu_s64 iu_get_stack(void *buf, iu_u32 size) {
  if (!buf || size == 0 || size % sizeof(iu_u64) || size / sizeof(iu_u64) > IU_STACK_DEPTH_MAX)
    return -EINVAL;
  bool fueled = charge(static_cast<iu_u64>(size) * 8);
  memset(buf, 0, size);
  return fueled ? -EOPNOTSUPP : -E2BIG;
}

iu_s64 iu_get_current_task_regs(void *out, iu_u32 size) {
  if (!out || size != IU_PT_REGS_SIZE)
    return -EINVAL;
  if (!charge(size)) {
    memset(out, 0, size);
    return -E2BIG;
  }
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
  if (!charge(len))
    return -E2BIG;
  std::string line;
  if (g_task)
    line = iu::trace_line_prefix(g_task->comm, g_task->tid, iu::user::current_cpu(),
                                       iu::user::now_ns());
  else
    line = iu::trace_line_prefix("<idle>", 0, 0, iu::user::now_ns());
  line.append(buf, strnlen(buf, len));
  if (line.empty() || line.back() != '\n')
    line += '\n';
  if (!iu::write_all(g_sink ? g_sink->fd : 1, line))
    return -EIO;
  return static_cast<iu_s64>(len);
}

// The map helpers (abi.h): the map is named by its descriptor's address,
// sizes must be the map's (-EINVAL otherwise, nothing touched), and each
// charges the key and value bytes it copies before it acts. Per-CPU maps
// act on the slot of the CPU the traced task is on.
iu_s64 iu_map_lookup(const void *map, const void *key, iu_u32 key_size, void *value,
                     iu_u32 value_size) {
  iu::user::UserMap *m = keyed_map(map, key, key_size);
  if (!m || !value || value_size != m->desc().value_size)
    return -EINVAL;
  if (!charge(static_cast<iu_u64>(key_size) + value_size)) {
    memset(value, 0, value_size);
    return -E2BIG;
  }
  return m->lookup(key, value, current_cpu());
}

void *iu_map_lookup_ref(const void *map, const void *key, iu_u32 key_size, iu_u32 value_size) {
  iu::user::UserMap *m = keyed_map(map, key, key_size);
  if (!m || value_size != m->desc().value_size)
    return nullptr;
  if (!charge(static_cast<iu_u64>(key_size) + value_size))
    return nullptr;
  return m->lookup_ref(key, current_cpu());
}

iu_s64 iu_map_update(const void *map, const void *key, iu_u32 key_size, const void *value,
                     iu_u32 value_size, iu_u64 flags) {
  iu::user::UserMap *m = keyed_map(map, key, key_size);
  if (!m || !value || value_size != m->desc().value_size || flags > IU_MAP_EXIST)
    return -EINVAL;
  if (!charge(static_cast<iu_u64>(key_size) + value_size))
    return -E2BIG;
  return m->update(key, value, flags, current_cpu());
}

iu_s64 iu_map_delete(const void *map, const void *key, iu_u32 key_size) {
  iu::user::UserMap *m = keyed_map(map, key, key_size);
  if (!m)
    return -EINVAL;
  if (!charge(key_size))
    return -E2BIG;
  return m->erase(key);
}

iu_s64 iu_map_add(const void *map, const void *key, iu_u32 key_size, iu_u64 delta) {
  iu::user::UserMap *m = keyed_map(map, key, key_size);
  if (!m || !(m->desc().flags & IU_MAP_F_INTEGER_VALUE) ||
      (m->desc().value_size != 4 && m->desc().value_size != 8))
    return -EINVAL;
  if (!charge(static_cast<iu_u64>(key_size) + m->desc().value_size))
    return -E2BIG;
  return m->add(key, delta, current_cpu());
}

iu_s64 iu_event_output(const void *map, const void *data, iu_u32 size) {
  iu::user::EventQueue *q = events_map(map);
  if (!q || !data || size != q->desc().value_size)
    return -EINVAL;
  if (!charge(size))
    return -E2BIG;
  return q->output(data, size, current_cpu());
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
