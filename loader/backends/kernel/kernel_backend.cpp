// libiu's kernel backend: hands the whole signed file to iu.ko, which
// verifies, validates, maps and relocates it again on its own copy
// (docs/kernel.md). Programs are attached by their index in the image's
// program table; their output comes back as records read from the object's
// file descriptor and is printed in the user backend's formats.
#include "kernel_backend.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../../kernel/uapi/iu_ioctl.h"
#include "error.h"
#include "object.h"
#include "program_runner.h"
#include "trace_line.h"

namespace iu::kernel {
namespace {

int program_index(const iu_program *prog) {
  const auto &progs = prog->obj->programs;
  for (size_t i = 0; i < progs.size(); ++i)
    if (progs[i].get() == prog)
      return static_cast<int>(i);
  return -1;
}

void write_all(int fd, const std::string &s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += static_cast<size_t>(n);
  }
}

int attach_with(iu_program *prog, uint32_t flags) {
  iu_object *obj = prog->obj;
  char log[IU_LOG_MAX] = {};
  iu_attach_args args{};
  args.prog = static_cast<uint32_t>(program_index(prog));
  args.flags = flags;
  args.log_buf = reinterpret_cast<uintptr_t>(log);
  args.log_size = sizeof(log);
  if (ioctl(obj->kernel_fd, IU_OBJ_ATTACH, &args) != 0) {
    int e = errno;
    return object_error(obj, e,
                        "program '" + prog->desc.name + "': iu.ko cannot attach it: " +
                            (log[0] ? log : strerror(e)));
  }
  return 0;
}

// Prints a record: trace text as a trace_pipe line on trace_fd, panic and
// loss reports on report_fd, in the user backend's formats.
void print_record(iu_object *obj, const iu_record &rec, const unsigned char *data, int trace_fd,
                  int report_fd) {
  std::string prog_name = rec.prog < obj->programs.size() ? obj->programs[rec.prog]->desc.name
                                                          : std::to_string(rec.prog);
  switch (rec.type) {
  case IU_REC_TRACE: {
    std::string comm(rec.comm, strnlen(rec.comm, sizeof(rec.comm)));
    std::string line = iu::user::trace_line_prefix(comm, rec.pid, rec.cpu, rec.ts_ns);
    line.append(reinterpret_cast<const char *>(data), rec.data_len);
    if (line.back() != '\n')
      line += '\n';
    write_all(trace_fd, line);
    break;
  }
  case IU_REC_PANIC: {
    if (rec.data_len < sizeof(iu_panic_report))
      break;
    iu_panic_report rep;
    memcpy(&rep, data, sizeof(rep));
    rep.file[sizeof(rep.file) - 1] = 0;
    rep.msg[sizeof(rep.msg) - 1] = 0;
    std::string where = rep.file[0] ? rep.file + (":" + std::to_string(rep.line)) : "";
    std::string line = "iu-load: program '" + prog_name + "' " +
                       iu::user::panic_report(rep.status, rep.panic_kind, rep.msg, where);
    line += (rep.flags & IU_REPORT_DETACHED) ? "; detached\n" : "; kept attached\n";
    write_all(report_fd, line);
    break;
  }
  case IU_REC_LOST: {
    uint64_t n = 0;
    if (rec.data_len >= sizeof(n))
      memcpy(&n, data, sizeof(n));
    write_all(report_fd, "iu-load: " + std::to_string(n) + " trace records lost\n");
    break;
  }
  default:
    break;
  }
}

// Reads and prints whatever records are ready. Returns false on EOF/error.
bool drain(iu_object *obj, int trace_fd, int report_fd, pid_t self) {
  alignas(8) static unsigned char buf[64 * 1024];
  for (;;) {
    ssize_t n = read(obj->kernel_fd, buf, sizeof(buf));
    if (n < 0)
      return errno == EAGAIN || errno == EINTR;
    if (n == 0)
      return false;
    size_t off = 0;
    while (off + sizeof(iu_record) <= static_cast<size_t>(n)) {
      iu_record rec;
      memcpy(&rec, buf + off, sizeof(rec));
      if (rec.len < sizeof(rec) || rec.len > static_cast<size_t>(n) - off ||
          rec.data_len > rec.len - sizeof(rec))
        return false;
      // The loader's own writes must not feed a program that traces
      // writes (an endless loop): its records are dropped.
      if (!(rec.type == IU_REC_TRACE && rec.tgid == self))
        print_record(obj, rec, buf + off + sizeof(rec), trace_fd, report_fd);
      off += rec.len;
    }
  }
}

// A seccomp filter that allows everything: it makes the kernel run
// __seccomp_filter on each of the command's system calls (as tracex5_user.c
// does), so kprobe/__seccomp_filter programs see them.
int install_allow_all_seccomp() {
  sock_filter filter[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  sock_fprog prog{};
  prog.len = 1;
  prog.filter = filter;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -errno;
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
    return -errno;
  return 0;
}

} // namespace

int load(iu_object *obj) {
  int dev = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
  if (dev < 0) {
    int e = errno;
    return object_error(obj, e,
                        std::string("cannot open " IU_DEVICE_PATH ": ") + strerror(e) +
                            (e == ENOENT ? " (is iu.ko loaded?)" : ""));
  }
  char log[IU_LOG_MAX] = {};
  iu_load_args args{};
  args.image = reinterpret_cast<uintptr_t>(obj->signed_file.data());
  args.image_len = static_cast<uint32_t>(obj->signed_file.size());
  args.log_buf = reinterpret_cast<uintptr_t>(log);
  args.log_size = sizeof(log);
  int fd = ioctl(dev, IU_IOC_LOAD, &args);
  int e = errno;
  ::close(dev);
  if (fd < 0)
    return object_error(obj, e,
                        std::string("iu.ko refused the image: ") + (log[0] ? log : strerror(e)));
  if (args.nprogs != obj->programs.size()) {
    ::close(fd);
    return object_error(obj, EPROTO, "iu.ko sees a different program table");
  }
  obj->kernel_fd = fd;
  return 0;
}

int attach(iu_program *prog) { return attach_with(prog, 0); }

int detach(iu_program *prog) {
  if (ioctl(prog->obj->kernel_fd, IU_OBJ_DETACH, static_cast<unsigned long>(program_index(prog))) !=
      0) {
    int e = errno;
    return object_error(prog->obj, e, "program '" + prog->desc.name + "': " + strerror(e));
  }
  return 0;
}

int run_command(iu_object *obj, char *const argv[], const iu_run_opts &opts) {
  int trace_fd = opts.trace_fd ? opts.trace_fd : 1;
  int report_fd = opts.report_fd ? opts.report_fd : 2;
  if (opts.keep_on_panic) {
    for (auto &prog : obj->programs) {
      if (!prog->attached)
        continue;
      int rc = detach(prog.get());
      if (rc == 0)
        rc = attach_with(prog.get(), IU_ATTACH_KEEP_ON_PANIC);
      if (rc < 0)
        return rc;
    }
  }
  int flags = fcntl(obj->kernel_fd, F_GETFL);
  fcntl(obj->kernel_fd, F_SETFL, flags | O_NONBLOCK);

  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0)
    return set_error(errno, std::string("pipe: ") + strerror(errno));
  pid_t child = fork();
  if (child < 0) {
    int e = errno;
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    return set_error(e, std::string("fork: ") + strerror(e));
  }
  if (child == 0) {
    ::close(err_pipe[0]);
    int rc = install_allow_all_seccomp();
    if (rc == 0) {
      execvp(argv[0], argv);
      rc = -errno;
    }
    int e = -rc;
    (void)!write(err_pipe[1], &e, sizeof(e));
    _exit(127);
  }
  ::close(err_pipe[1]);
  int child_errno = 0;
  ssize_t got = read(err_pipe[0], &child_errno, sizeof(child_errno));
  ::close(err_pipe[0]);

  pid_t self = getpid();
  int status = 0;
  for (;;) {
    pollfd p{obj->kernel_fd, POLLIN, 0};
    poll(&p, 1, 20);
    drain(obj, trace_fd, report_fd, self);
    pid_t r = waitpid(child, &status, WNOHANG);
    if (r == child)
      break;
    if (r < 0 && errno != EINTR) {
      status = 0;
      break;
    }
  }
  drain(obj, trace_fd, report_fd, self);
  if (got == static_cast<ssize_t>(sizeof(child_errno)) && child_errno)
    return set_error(child_errno, std::string("cannot run '") + argv[0] + "': " +
                                      strerror(child_errno));
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return 0;
}

void close(iu_object *obj) {
  if (obj->kernel_fd >= 0)
    ::close(obj->kernel_fd);
  obj->kernel_fd = -1;
}

} // namespace iu::kernel
