// The user backend's run modes: a traced command whose system calls fire
// the attached programs, and a single test run on a given context.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include "error.h"
#include "helper_table.h"
#include "kernel_backend.h"
#include "object.h"
#include "program_runner.h"
#include "seccomp_tracer.h"

namespace iu {
// pt_regs in the kernel's layout (runtime/include/iu/kernel_types.h);
// user_regs_struct begins with the same 21 fields.
struct pt_regs_raw {
  uint64_t r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs,
      flags, sp, ss;
};
static_assert(sizeof(pt_regs_raw) == IU_PT_REGS_SIZE);
static_assert(sizeof(user_regs_struct) >= IU_PT_REGS_SIZE);
} // namespace iu

namespace {

// Like the kernel's hook: __seccomp_filter(int this_syscall,
// const struct seccomp_data *sd, bool recheck_after_trace). On x86-64 the
// kernel passes sd == NULL; so does this backend, so extensions are tested
// on the path they will take in the kernel.
constexpr uint64_t kSeccompFilterAddr = 0xffffffff81234560ull; // a kernel-text-like ip
constexpr uint64_t kKernelStackAddr = 0xffffc90000a3fe00ull;

void report(int fd, const iu_program *prog, const iu::user::Outcome &o, bool detached) {
  std::string line = "iu-load: program '" + prog->desc.name + "' " + iu::user::panic_report(o);
  line += detached ? "; detached\n" : "; kept attached\n";
  (void)!write(fd, line.data(), line.size());
}

} // namespace

namespace {

void fill_kprobe_regs(const iu::user::SyscallStop &stop, iu::pt_regs_raw *regs) {
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

using SyscallRecord = iu_syscall_enter_record;
static_assert(sizeof(SyscallRecord) == IU_SYSCALL_ENTER_RECORD_SIZE);

} // namespace

extern "C" {

int iu_object__run_command(struct iu_object *obj, char *const argv[],
                           const struct iu_run_opts *opts) {
  if (!obj || !argv || !argv[0])
    return iu::set_error(EINVAL, "iu_object__run_command: no command");
  if (!obj->loaded)
    return iu::object_error(obj, EINVAL, "run_command needs a loaded object");
  iu_run_opts o{};
  if (opts)
    memcpy(&o, opts, std::min(opts->sz, sizeof(o)));
  if (obj->backend == IU_BACKEND_KERNEL)
    return iu::kernel::run_command(obj, argv, o);
  int trace_fd = o.trace_fd ? o.trace_fd : 1;
  int report_fd = o.report_fd ? o.report_fd : 2;

  iu::user::ProgramRunner runner;
  if (!runner.ok())
    return iu::object_error(obj, ENOMEM, "cannot allocate an iu stack");
  iu::user::TraceSink sink{trace_fd};
  iu::user::set_trace_sink(&sink);
  int64_t fuel = static_cast<int64_t>(obj->image.note.fuel_budget);

  auto hook = [&](const iu::user::SyscallStop &stop) {
    iu::user::TaskState task;
    task.tid = stop.tid;
    task.tgid = stop.tgid;
    task.comm = *stop.comm;
    task.has_user_regs = true;
    memcpy(task.user_regs, &stop.regs, IU_PT_REGS_SIZE);
    iu::user::set_current_task(&task);
    for (auto &prog : obj->programs) {
      if (!prog->attached)
        continue;
      iu::user::Outcome out;
      if (prog->desc.type == IU_PROG_KPROBE) {
        iu::pt_regs_raw regs;
        fill_kprobe_regs(stop, &regs);
        out = runner.invoke(prog->entry, &regs, fuel);
      } else if (static_cast<long long>(stop.regs.orig_rax) == prog->syscall_nr) {
        SyscallRecord rec{};
        rec.common_pid = stop.tid;
        rec.syscall_nr = static_cast<int32_t>(stop.regs.orig_rax);
        const uint64_t args[6] = {stop.regs.rdi, stop.regs.rsi, stop.regs.rdx,
                                  stop.regs.r10, stop.regs.r8,  stop.regs.r9};
        memcpy(rec.args, args, sizeof(args));
        out = runner.invoke(prog->entry, &rec, fuel);
      } else {
        continue;
      }
      if (out.status != IU_RUN_OK) {
        report(report_fd, prog.get(), out, !o.keep_on_panic);
        if (!o.keep_on_panic)
          prog->attached = false;
      }
    }
    iu::user::set_current_task(nullptr);
  };

  std::string err;
  int rc = iu::user::run_traced(argv, hook, &err);
  iu::user::set_trace_sink(nullptr);
  if (rc < 0)
    return iu::set_error(-rc, err);
  return rc;
}

int iu_program__test_run(struct iu_program *prog, struct iu_test_run_opts *user_opts) {
  if (!prog || !user_opts || user_opts->sz < sizeof(size_t))
    return iu::set_error(EINVAL, "iu_program__test_run: invalid arguments");
  // Work on a full-size copy; only the caller's sz bytes are written back.
  iu_test_run_opts t{};
  size_t opts_sz = std::min(user_opts->sz, sizeof(t));
  memcpy(&t, user_opts, opts_sz);
  iu_test_run_opts *opts = &t;
  iu_object *obj = prog->obj;
  if (!obj->loaded || obj->backend != IU_BACKEND_USER)
    return iu::object_error(obj, EINVAL, "test_run needs an object loaded on the user backend");
  size_t want = iu_program__ctx_size(prog);
  if (opts->ctx_in && opts->ctx_size_in != want)
    return iu::object_error(obj, EINVAL,
                            "context for program '" + prog->desc.name + "' must be " +
                                std::to_string(want) + " bytes, not " +
                                std::to_string(opts->ctx_size_in));
  alignas(16) unsigned char ctx[sizeof(SyscallRecord) > IU_PT_REGS_SIZE ? sizeof(SyscallRecord)
                                                                        : IU_PT_REGS_SIZE] = {};
  if (opts->ctx_in)
    memcpy(ctx, opts->ctx_in, want);

  iu::user::ProgramRunner runner;
  if (!runner.ok())
    return iu::object_error(obj, ENOMEM, "cannot allocate an iu stack");
  iu::user::TraceSink sink{opts->trace_fd ? opts->trace_fd : 1};
  iu::user::set_trace_sink(&sink);
  iu::user::TaskState task;
  task.tid = task.tgid = getpid();
  task.comm = "iu-load";
  iu::user::set_current_task(&task);
  unsigned repeat = opts->repeat ? opts->repeat : 1;
  int64_t fuel = static_cast<int64_t>(obj->image.note.fuel_budget);
  iu::user::Outcome out;
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < repeat; ++i) {
    out = runner.invoke(prog->entry, ctx, fuel);
    if (out.status != IU_RUN_OK)
      break;
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  iu::user::set_current_task(nullptr);
  iu::user::set_trace_sink(nullptr);
  opts->retval = out.retval;
  opts->duration_ns = static_cast<uint64_t>(ns) / repeat;
  opts->status = out.status;
  opts->panic_kind = out.panic_kind;
  std::string msg = out.status != IU_RUN_OK ? iu::user::panic_report(out) : std::string();
  snprintf(opts->panic_msg, sizeof(opts->panic_msg), "%s", msg.c_str());
  memcpy(user_opts, &t, opts_sz);
  // A caller built with a shorter panic_msg still gets a terminated string.
  if (opts_sz < sizeof(t) && opts_sz > offsetof(iu_test_run_opts, panic_msg))
    reinterpret_cast<char *>(user_opts)[opts_sz - 1] = 0;
  return 0;
}

const char *iu_panic_kind_str(uint32_t kind) { return iu::user::panic_kind_name(kind); }

} // extern "C"
