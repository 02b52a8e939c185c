// The user backend: runs an image in this process. load maps it W^X and
// binds the helpers; a traced command's system calls fire the attached
// syscall-shaped programs; a test run invokes one program on a given
// context.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "backend.h"
#include "helper_table.h"
#include "image_mapping.h"
#include "output_format.h"
#include "program_runner.h"
#include "seccomp_tracer.h"
#include "user_maps.h"
#include "user_task.h"

namespace iu {
namespace {

// A kprobe's context: pt_regs in the kernel's layout (abi.h);
// user_regs_struct begins with the same 21 fields.
static_assert(sizeof(iu_pt_regs) == IU_PT_REGS_SIZE);
static_assert(sizeof(user_regs_struct) >= IU_PT_REGS_SIZE);

using SyscallRecord = iu_syscall_enter_record;
static_assert(sizeof(SyscallRecord) == IU_SYSCALL_ENTER_RECORD_SIZE);
using SyscallExitRecord = iu_syscall_exit_record;
static_assert(sizeof(SyscallExitRecord) == IU_SYSCALL_EXIT_RECORD_SIZE);

// Like the kernel's hook: __seccomp_filter(int this_syscall,
// const struct seccomp_data *sd, bool recheck_after_trace). On x86-64 the
// kernel passes sd == NULL; so does this backend, so extensions are tested
// on the path they will take in the kernel.
constexpr uint64_t kSeccompFilterAddr = 0xffffffff81234560ull; // a kernel-text-like ip
constexpr uint64_t kKernelStackAddr = 0xffffc90000a3fe00ull;

void fill_kprobe_regs(const user::SyscallStop &stop, iu_pt_regs *regs) {
  *regs = {};
  regs->di = stop.regs.orig_rax; // this_syscall
  regs->si = 0;                  // sd == NULL on x86-64
  regs->dx = 0;                  // recheck_after_trace
  regs->ip = kSeccompFilterAddr;
  regs->sp = kKernelStackAddr;
  regs->cs = 0x10;
  regs->ss = 0x18;
  regs->flags = 0x46;
}

int syscall_number(const std::string &name) {
#define X(n, nr)                                                                           \
  if (name == #n)                                                                          \
    return nr;
#include "syscall_table.inc"
#undef X
  return -1;
}

std::string report(const user::Outcome &o) {
  return panic_report(o.status, o.panic_kind, o.message, o.where);
}

class UserBackend final : public Backend {
public:
  explicit UserBackend(const ObjectImage &object)
      : Backend(object), progs_(object.image.programs.size()) {
    for (size_t i = 0; i < progs_.size(); ++i) {
      const Program &p = program(i);
      constexpr std::string_view kSysEnter = "syscalls/sys_enter_", kSysExit = "syscalls/sys_exit_";
      if (p.type == IU_PROG_TRACEPOINT && p.target.starts_with(kSysEnter))
        progs_[i].syscall_nr = syscall_number(p.target.substr(kSysEnter.size()));
      if (p.type == IU_PROG_TRACEPOINT && p.target.starts_with(kSysExit)) {
        progs_[i].syscall_nr = syscall_number(p.target.substr(kSysExit.size()));
        progs_[i].at_exit = true;
      }
    }
  }

  iu_backend kind() const override { return IU_BACKEND_USER; }

  int load() override {
    // The validator (image/) already held the note's fuel budget to
    // 1..IU_FUEL_MAX, as iu.ko does.
    std::string err;
    // Kernel type fields: offsets in the stand-in task (user_task.cpp).
    std::vector<uint8_t> config = object().config;
    if (int rc = user::resolve_user_fields(object().image.core_fields, &config, &err))
      return fail(-rc, err);
    int cpus = num_cpus();
    if (cpus <= 0)
      return fail(cpus < 0 ? -cpus : EINVAL, "cannot count the possible CPUs");
    int rc = maps_.create(object().image, static_cast<unsigned>(cpus), &err);
    if (rc < 0)
      return fail(-rc, err);
    rc = mapping_.map(object().bytes, object().image, config, &err);
    if (rc < 0)
      return fail(-rc, err.empty() ? strerror(-rc) : err);
    maps_.set_base(mapping_.base(), object().image);
    for (size_t i = 0; i < progs_.size(); ++i)
      progs_[i].entry = mapping_.base() + program(i).entry;
    return 0;
  }

  // A hook the user backend does not have: "cannot attach WHAT to 'TARGET'
  // (WHY); WHO needs the kernel backend".
  int kernel_only(const Program &p, const std::string &what, const std::string &why,
                  const std::string &who = "") const {
    return fail(ENOTSUP, "program '" + p.name + "': the user backend cannot attach " + what +
                             " to '" + p.target + "' (" + why + "); " +
                             (who.empty() ? what : who) +
                             " needs the kernel backend (iu.ko: --backend kernel)");
  }

  int attach(size_t prog) override {
    // The user backend sees system calls only: it provides the syscall-
    // shaped hooks and says so for anything else.
    const Program &p = program(prog);
    if (p.type == IU_PROG_KPROBE && p.target != "__seccomp_filter")
      return kernel_only(p, "a kprobe",
                         "it runs kprobes on only __seccomp_filter, at the command's system calls",
                         "a kprobe on any other kernel function");
    if (p.type == IU_PROG_KRETPROBE)
      return kernel_only(p, "a kretprobe", "it sees system calls, not kernel functions returning");
    if (p.type == IU_PROG_FENTRY)
      return kernel_only(p, "an fentry program", "it sees system calls, not kernel functions");
    if (p.type == IU_PROG_FEXIT)
      return kernel_only(p, "an fexit program", "it sees system calls, not kernel functions");
    if (p.type == IU_PROG_PERF_EVENT)
      return kernel_only(p, "a perf_event program", "it sees system calls, not CPU clock samples");
    if (p.type == IU_PROG_RAW_TRACEPOINT)
      return kernel_only(p, "a raw tracepoint program",
                         "it sees system calls, not the kernel's tracepoints");
    if (p.type == IU_PROG_TRACEPOINT && progs_[prog].syscall_nr < 0 &&
        (p.target.starts_with("syscalls/sys_enter_") || p.target.starts_with("syscalls/sys_exit_")))
      return fail(ENOENT, "program '" + p.name + "': no tracepoint '" + p.target +
                              "': no such x86-64 system call");
    if (p.type == IU_PROG_TRACEPOINT && progs_[prog].syscall_nr < 0)
      return kernel_only(p, "a tracepoint program",
                         "it sees system calls: syscalls/sys_enter_<syscall> and "
                         "syscalls/sys_exit_<syscall> only",
                         "any other tracepoint");
    progs_[prog].firing = true;
    return 0;
  }

  int detach(size_t prog) override {
    progs_[prog].firing = false;
    return 0;
  }

  int run_command(char *const argv[], const iu_run_opts &opts,
                  const std::vector<EventSink> &events) override;
  int test_run(size_t prog, iu_test_run_opts &opts) override;

  // ---- Maps: the in-process tables of user_maps.h. ----
  int map_lookup(size_t map, const void *key, void *value) override {
    return map_result(map, maps_.keyed(map)->lookup_all(key, value));
  }
  int map_update(size_t map, const void *key, const void *value, uint64_t flags) override {
    return map_result(map, maps_.keyed(map)->update_all(key, value, flags), key);
  }
  int map_delete(size_t map, const void *key) override {
    return map_result(map, maps_.keyed(map)->erase(key));
  }
  int map_next_key(size_t map, const void *key, void *next_key) override {
    return map_result(map, maps_.keyed(map)->next_key(key, next_key));
  }
  int map_fd(size_t map) const override {
    return fail(EOPNOTSUPP, "map '" + map_desc(map).name +
                                "': the user backend keeps its maps in process (no BPF map fd)");
  }

  int events_poll(size_t map, int timeout_ms, const EventSink &sink) override {
    int rc = maps_.events(map)->poll(timeout_ms, sink.fn, sink.ctx);
    if (rc < 0)
      return fail(-rc, "map '" + map_desc(map).name + "': poll: " + strerror(-rc));
    return rc;
  }
  uint64_t events_lost(size_t map) const override { return maps_.events(map)->lost(); }
  int events_fd(size_t map) const override { return maps_.events(map)->fd(); }

private:
  struct ProgramState {
    uintptr_t entry = 0;  // run-time address once loaded
    int syscall_nr = -1;  // tracepoint/syscalls/sys_{enter,exit}_<name>
    bool at_exit = false; // sys_exit_<name>: fires at the system call's exit
    bool firing = false;  // attached and not detached after a panic
  };
  int64_t fuel() const { return static_cast<int64_t>(object().image.note.fuel_budget); }

  // The reason for a map operation's error (-ENOENT for an absent key has
  // none, as backend.h says).
  int map_result(size_t map, int rc, const void *key = nullptr) const {
    if (rc >= 0 || rc == -ENOENT)
      return rc;
    const Map &m = map_desc(map);
    std::string what = "map '" + m.name + "': ";
    switch (-rc) {
    case E2BIG:
      if (m.type == IU_MAP_ARRAY || m.type == IU_MAP_PERCPU_ARRAY) {
        uint32_t index = 0;
        memcpy(&index, key, sizeof(index));
        return fail(E2BIG, what + "index " + std::to_string(index) + " is past the last entry (" +
                               std::to_string(m.max_entries) + " entries)");
      }
      return fail(E2BIG, what + "full (" + std::to_string(m.max_entries) + " entries)");
    case EEXIST:
      return fail(EEXIST, what + "the key exists (IU_MAP_NOEXIST)");
    case EINVAL:
      if (m.type == IU_MAP_ARRAY || m.type == IU_MAP_PERCPU_ARRAY)
        return fail(EINVAL, what + "entries of an array map cannot be deleted");
      return fail(EINVAL, what + "invalid flags");
    default:
      return fail(-rc, what + strerror(-rc));
    }
  }
  // Delivers the queued records of the events maps that have a sink, in
  // order; a sink's non-zero return ends its map's delivery for now (the
  // rest stay queued for the next one), as on the kernel backend.
  void deliver(const std::vector<EventSink> &events);

  user::ImageMapping mapping_;
  user::MapTable maps_;
  std::vector<ProgramState> progs_;
};

void UserBackend::deliver(const std::vector<EventSink> &events) {
  for (size_t i = 0; i < events.size() && i < maps_.size(); ++i) {
    user::EventQueue *q = maps_.events(i);
    if (q && events[i].fn && !q->empty())
      q->poll(0, events[i].fn, events[i].ctx);
  }
}

int UserBackend::run_command(char *const argv[], const iu_run_opts &opts,
                              const std::vector<EventSink> &events) {
  user::ProgramRunner runner;
  if (!runner.ok())
    return fail(ENOMEM, "cannot allocate an iu stack");
  user::TraceSink sink{opts.trace_fd};
  user::set_trace_sink(&sink);
  user::set_current_maps(&maps_);

  auto hook = [&](const user::SyscallStop &stop) {
    user::TaskState task;
    task.tid = stop.tid;
    task.tgid = stop.tgid;
    task.comm = *stop.comm;
    task.has_user_regs = true;
    task.traced = true;
    memcpy(task.user_regs, &stop.regs, IU_PT_REGS_SIZE);
    user::set_current_task(&task);
    bool want_exit = false;
    for (size_t i = 0; i < progs_.size(); ++i) {
      ProgramState &prog = progs_[i];
      if (!prog.firing)
        continue;
      user::Outcome out;
      bool this_syscall = static_cast<long long>(stop.regs.orig_rax) == prog.syscall_nr;
      if (program(i).type == IU_PROG_KPROBE) {
        if (stop.at_exit)
          continue;
        iu_pt_regs regs;
        fill_kprobe_regs(stop, &regs);
        out = runner.invoke(prog.entry, &regs, fuel());
      } else if (this_syscall && prog.at_exit && !stop.at_exit) {
        want_exit = true; // fires at this system call's exit
        continue;
      } else if (this_syscall && prog.at_exit) {
        SyscallExitRecord rec{};
        rec.common_pid = stop.tid;
        rec.syscall_nr = static_cast<int32_t>(stop.regs.orig_rax);
        rec.ret = static_cast<int64_t>(stop.regs.rax);
        out = runner.invoke(prog.entry, &rec, fuel());
      } else if (this_syscall && !stop.at_exit) {
        SyscallRecord rec{};
        rec.common_pid = stop.tid;
        rec.syscall_nr = static_cast<int32_t>(stop.regs.orig_rax);
        const uint64_t args[6] = {stop.regs.rdi, stop.regs.rsi, stop.regs.rdx,
                                  stop.regs.r10, stop.regs.r8,  stop.regs.r9};
        memcpy(rec.args, args, sizeof(args));
        out = runner.invoke(prog.entry, &rec, fuel());
      } else {
        continue;
      }
      if (out.status != IU_RUN_OK) {
        std::string line = program_report_line(program(i).name, report(out), !opts.keep_on_panic);
        (void)!write(opts.report_fd, line.data(), line.size());
        if (!opts.keep_on_panic)
          prog.firing = false;
      }
    }
    user::set_current_task(nullptr);
    // The records of this stop, while the task still waits.
    deliver(events);
    return want_exit;
  };

  std::string err;
  int rc = user::run_traced(argv, hook, &err);
  deliver(events);
  user::set_current_maps(nullptr);
  user::set_trace_sink(nullptr);
  if (rc < 0)
    return set_last_error(-rc, err);
  return rc;
}

int UserBackend::test_run(size_t prog, iu_test_run_opts &opts) {
  user::ProgramRunner runner;
  if (!runner.ok())
    return fail(ENOMEM, "cannot allocate an iu stack");
  user::TraceSink sink{opts.trace_fd};
  user::set_trace_sink(&sink);
  user::set_current_maps(&maps_);
  user::TaskState task;
  task.tid = task.tgid = getpid();
  task.comm = "iu-load";
  user::set_current_task(&task);
  user::Outcome out;
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < opts.repeat; ++i) {
    out = runner.invoke(progs_[prog].entry, opts.ctx_in, fuel());
    if (out.status != IU_RUN_OK)
      break;
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  user::set_current_task(nullptr);
  user::set_current_maps(nullptr);
  user::set_trace_sink(nullptr);
  opts.retval = out.retval;
  opts.duration_ns = static_cast<uint64_t>(ns) / opts.repeat;
  opts.status = out.status;
  opts.panic_kind = out.panic_kind;
  std::string msg = out.status != IU_RUN_OK ? report(out) : std::string();
  snprintf(opts.panic_msg, sizeof(opts.panic_msg), "%s", msg.c_str());
  return 0;
}

} // namespace

std::unique_ptr<Backend> make_user_backend(const ObjectImage &object) {
  return std::make_unique<UserBackend>(object);
}

} // namespace iu
