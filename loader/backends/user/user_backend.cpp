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

namespace iu {
namespace {

// A kprobe's context: pt_regs in the kernel's layout (abi.h);
// user_regs_struct begins with the same 21 fields.
static_assert(sizeof(iu_pt_regs) == IU_PT_REGS_SIZE);
static_assert(sizeof(user_regs_struct) >= IU_PT_REGS_SIZE);

using SyscallRecord = iu_syscall_enter_record;
static_assert(sizeof(SyscallRecord) == IU_SYSCALL_ENTER_RECORD_SIZE);

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
      constexpr std::string_view kSysEnter = "syscalls/sys_enter_";
      if (p.type == IU_PROG_TRACEPOINT && p.target.starts_with(kSysEnter))
        progs_[i].syscall_nr = syscall_number(p.target.substr(kSysEnter.size()));
    }
  }

  iu_backend kind() const override { return IU_BACKEND_USER; }

  int load() override {
    // The validator (image/) already held the note's fuel budget to
    // 1..IU_FUEL_MAX, as iu.ko does.
    std::string err;
    int rc = mapping_.map(object().bytes, object().image, &err);
    if (rc < 0)
      return fail(-rc, err.empty() ? strerror(-rc) : err);
    for (size_t i = 0; i < progs_.size(); ++i)
      progs_[i].entry = mapping_.base() + program(i).entry;
    return 0;
  }

  int attach(size_t prog) override {
    // The user backend sees system calls only: it provides the syscall-
    // shaped hooks and says so for anything else.
    const Program &p = program(prog);
    if (p.type == IU_PROG_KPROBE && p.target != "__seccomp_filter")
      return fail(ENOTSUP, "program '" + p.name + "': the user backend cannot attach a kprobe to '" +
                               p.target + "' (only __seccomp_filter); use the kernel backend");
    if (p.type == IU_PROG_TRACEPOINT && progs_[prog].syscall_nr < 0)
      return fail(ENOTSUP, "program '" + p.name +
                               "': the user backend cannot attach to tracepoint '" + p.target +
                               "' (only syscalls/sys_enter_<syscall>)");
    progs_[prog].firing = true;
    return 0;
  }

  int detach(size_t prog) override {
    progs_[prog].firing = false;
    return 0;
  }

  int run_command(char *const argv[], const iu_run_opts &opts) override;
  int test_run(size_t prog, iu_test_run_opts &opts) override;

private:
  struct ProgramState {
    uintptr_t entry = 0;  // run-time address once loaded
    int syscall_nr = -1;  // tracepoint/syscalls/sys_enter_<name>
    bool firing = false;  // attached and not detached after a panic
  };
  int64_t fuel() const { return static_cast<int64_t>(object().image.note.fuel_budget); }

  user::ImageMapping mapping_;
  std::vector<ProgramState> progs_;
};

int UserBackend::run_command(char *const argv[], const iu_run_opts &opts) {
  user::ProgramRunner runner;
  if (!runner.ok())
    return fail(ENOMEM, "cannot allocate an iu stack");
  user::TraceSink sink{opts.trace_fd};
  user::set_trace_sink(&sink);

  auto hook = [&](const user::SyscallStop &stop) {
    user::TaskState task;
    task.tid = stop.tid;
    task.tgid = stop.tgid;
    task.comm = *stop.comm;
    task.has_user_regs = true;
    memcpy(task.user_regs, &stop.regs, IU_PT_REGS_SIZE);
    user::set_current_task(&task);
    for (size_t i = 0; i < progs_.size(); ++i) {
      ProgramState &prog = progs_[i];
      if (!prog.firing)
        continue;
      user::Outcome out;
      if (program(i).type == IU_PROG_KPROBE) {
        iu_pt_regs regs;
        fill_kprobe_regs(stop, &regs);
        out = runner.invoke(prog.entry, &regs, fuel());
      } else if (static_cast<long long>(stop.regs.orig_rax) == prog.syscall_nr) {
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
  };

  std::string err;
  int rc = user::run_traced(argv, hook, &err);
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
