// The user backend's helpers: user-space implementations of abi.h's helper
// list with the kernel's semantics, and the per-event state they read.
#pragma once
#include <cstdint>
#include <string>
#include <sys/types.h>

#include <iu/abi.h>

namespace iu::user {

class MapTable;

// What the current hook invocation is about: the task that made the
// system call. Set by the runner around each program invocation.
struct TaskState {
  pid_t tid = 0;
  pid_t tgid = 0;
  std::string comm;
  bool has_user_regs = false;
  unsigned char user_regs[IU_PT_REGS_SIZE] = {}; // pt_regs layout
  int cpu = -1;                                  // -1: look up lazily
  // The task is a traced one, stopped at its hook: probe_read_user reads
  // its memory. False in a test run (tid is iu-load's own): every user
  // read fails, so no program reads iu-load's memory.
  bool traced = false;
};

// Where trace_printk lines go.
struct TraceSink {
  int fd = 1;
};

void set_current_task(const TaskState *task);
void set_trace_sink(const TraceSink *sink);
// The maps the map helpers act on (the object whose programs run on this
// thread), or nullptr: then every map helper fails with -EINVAL.
void set_current_maps(const MapTable *maps);
// The invocation whose fuel helpers charge (abi.h iu_fuel_cost), or nullptr
// outside an invocation. Set by the runner around each program invocation;
// returns the previous one.
iu_run *set_current_run(iu_run *run);

// Reads /proc/<tid>/<file> into buf (NUL-terminated, cut to size - 1
// bytes); false when it cannot be read.
bool read_proc_file(pid_t tid, const char *file, char *buf, size_t size);

// The address of the helper called name, or nullptr.
void *find_helper(const std::string &name);

} // namespace iu::user
