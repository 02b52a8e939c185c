// A stand-in task_struct for kernel type reads in the user backend. The
// program reads it with the same iu::read calls as a kernel task: the
// loader resolves each member path to an offset in this layout instead of
// the kernel's, and iu_probe_read_kernel copies from these objects only.
#include "user_task.h"

#include "helper_table.h"

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include <iu/abi.h>

namespace iu::user {
namespace {

// The members the user backend can answer as the kernel would at a system
// call: exit_code is 0 until the task has exited, as in the kernel.
struct StandInTask {
  int32_t pid;           // the thread's id
  int32_t tgid;          // its process's
  uint64_t real_parent;  // the parent process's stand-in, or 0
  char comm[16];
  int32_t exit_code;
  int32_t pad;
};

struct Member {
  const char *path;
  uint32_t offset, size;
};
constexpr Member kMembers[] = {
    {"task_struct.pid", offsetof(StandInTask, pid), 4},
    {"task_struct.tgid", offsetof(StandInTask, tgid), 4},
    {"task_struct.real_parent", offsetof(StandInTask, real_parent), 8},
    {"task_struct.comm", offsetof(StandInTask, comm), 16},
    {"task_struct.exit_code", offsetof(StandInTask, exit_code), 4},
};

thread_local StandInTask g_tasks[2];  // the task, its parent

// A "Key:\t<number>" line of /proc/<pid>/status, or -1.
long status_field(const char *status, const char *key) {
  const char *p = strstr(status, key);
  return p ? strtol(p + strlen(key), nullptr, 10) : -1;
}

void fill(StandInTask *t, pid_t tid, pid_t tgid) {
  memset(t, 0, sizeof(*t));
  t->pid = tid;
  t->tgid = tgid;
  char comm[32];
  if (read_proc_file(tid, "comm", comm, sizeof(comm))) {
    comm[strcspn(comm, "\n")] = 0;
    strncpy(t->comm, comm, sizeof(t->comm) - 1);
  }
}

} // namespace

int resolve_user_fields(const std::vector<CoreField> &fields, std::vector<uint8_t> *config,
                        std::string *error) {
  for (const CoreField &f : fields) {
    const Member *m = nullptr;
    for (const Member &k : kMembers)
      if (f.path == k.path)
        m = &k;
    if (!m || (f.member_size && f.member_size != m->size)) {
      *error = "the image reads kernel type field '" + f.path +
               "', which the user backend does not answer (it has task_struct's pid, tgid, "
               "real_parent, comm and exit_code, from /proc); run it with --backend kernel";
      return -EOPNOTSUPP;
    }
    if (f.offset + sizeof(iu_core_value) > config->size()) {
      *error = "kernel field '" + f.path + "': its record is outside .iu.config";
      return -EINVAL;
    }
    int64_t off = m->offset;
    memcpy(config->data() + f.offset + offsetof(iu_core_value, offset), &off, sizeof(off));
  }
  return 0;
}

uint64_t user_task(pid_t tid, pid_t tgid) {
  if (tid <= 0)
    return 0;
  fill(&g_tasks[0], tid, tgid);
  char status[4096];
  long ppid = read_proc_file(tgid, "status", status, sizeof(status)) ? status_field(status, "PPid:")
                                                                 : -1;
  if (ppid > 0) {
    fill(&g_tasks[1], static_cast<pid_t>(ppid), static_cast<pid_t>(ppid));
    g_tasks[0].real_parent = reinterpret_cast<uintptr_t>(&g_tasks[1]);
  }
  return reinterpret_cast<uintptr_t>(&g_tasks[0]);
}

bool read_user_task(void *dst, size_t size, uint64_t addr) {
  for (const StandInTask &t : g_tasks) {
    auto base = reinterpret_cast<uintptr_t>(&t);
    if (addr >= base && size <= sizeof(t) && addr - base <= sizeof(t) - size) {
      memcpy(dst, reinterpret_cast<const void *>(static_cast<uintptr_t>(addr)), size);
      return true;
    }
  }
  return false;
}

} // namespace iu::user
