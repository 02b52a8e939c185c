// libiu's kernel backend: hands the whole signed file to iu.ko, which
// verifies, validates, maps and relocates it again on its own copy
// (docs/kernel.md). Programs are attached by their index in the image's
// program table; their output comes back as records read from the object's
// file descriptor and is printed in the same formats as the user backend's.
// Maps are real BPF maps made before the load (bpf_maps.h), which iu.ko
// takes by fd; user space reads them with the BPF syscall and writes them
// through iu.ko (IU_OBJ_MAP_UPDATE / _DELETE): they are frozen.
#include <bpf/bpf.h>
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

#include <iu/ioctl.h>
#include "backend.h"
#include "bpf_maps.h"
#include "kernel_fields.h"
#include "tracepoint_fields.h"
#include "typed_args.h"
#include "output_format.h"

namespace iu {
namespace {

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

class KernelBackend final : public Backend {
public:
  explicit KernelBackend(const ObjectImage &object)
      : Backend(object), attached_(object.image.programs.size()) {}
  // Closing the kernel object detaches everything and drops iu.ko's map
  // references; the maps themselves (and the events maps' perf buffers)
  // go with maps_ afterwards.
  ~KernelBackend() override {
    if (fd_ >= 0)
      ::close(fd_);
  }

  iu_backend kind() const override { return IU_BACKEND_KERNEL; }
  int load() override;
  int attach(size_t prog) override { return attach_with(prog, 0); }
  int detach(size_t prog) override;
  int run_command(char *const argv[], const iu_run_opts &opts,
                  const std::vector<EventSink> &events) override;
  int test_run(size_t prog, iu_test_run_opts &) override {
    return fail(EOPNOTSUPP, "program '" + program(prog).name +
                                "': a test run runs the program in this process; open the "
                                "object with the user backend");
  }

  int map_lookup(size_t map, const void *key, void *value) override;
  int map_update(size_t map, const void *key, const void *value, uint64_t flags) override;
  int map_delete(size_t map, const void *key) override;
  int map_next_key(size_t map, const void *key, void *next_key) override;
  int map_fd(size_t map) const override {
    return map < maps_.fds().size() ? maps_.fds()[map] : -EINVAL;
  }

  int events_poll(size_t map, int timeout_ms, const EventSink &sink) override;
  // Every record iu.ko could not deliver, counted where it was dropped.
  uint64_t events_lost(size_t map) const override {
    iu_map_info info{};
    info.map = static_cast<uint32_t>(map);
    return ioctl(fd_, IU_OBJ_MAP_INFO, &info) == 0 ? info.dropped : 0;
  }
  int events_fd(size_t map) const override { return maps_.events_fd(map); }
  int object_fd() const override { return fd_ >= 0 ? fd_ : -EBADF; }

private:
  int attach_with(size_t prog, uint32_t flags);
  void print_record(const iu_record &rec, const unsigned char *data, int trace_fd,
                    int report_fd) const;
  bool drain(int trace_fd, int report_fd, pid_t self) const;
  // Hands the records of every events map that has a sink to it; a sink
  // that returns non-zero gets no more in this command (stopped[map]).
  void drain_events(const std::vector<EventSink> &events, std::vector<bool> &stopped);
  // A map call that failed: "map 'NAME': what: reason".
  int map_fail(size_t map, const char *what, int err) const {
    return fail(err, "map '" + map_desc(map).name + "': " + what + ": " + strerror(err));
  }
  int keyed_map(size_t map, const char *what) const;
  // IU_OBJ_MAP_UPDATE or _DELETE: 0 or a negative errno.
  int map_write(unsigned long cmd, size_t map, const void *key, const void *value,
                uint64_t flags) const;

  BpfMaps maps_;               // one per .maps descriptor, from load() on
  int fd_ = -1;                // the loaded object in iu.ko
  std::vector<bool> attached_; // by program index
};

int KernelBackend::attach_with(size_t prog, uint32_t flags) {
  char log[IU_LOG_MAX] = {};
  iu_attach_args args{};
  args.prog = static_cast<uint32_t>(prog);
  args.flags = flags;
  args.log_buf = reinterpret_cast<uintptr_t>(log);
  args.log_size = sizeof(log);
  if (ioctl(fd_, IU_OBJ_ATTACH, &args) != 0) {
    int e = errno;
    return fail(e, "program '" + program(prog).name + "': iu.ko cannot attach it: " +
                       (log[0] ? log : strerror(e)));
  }
  attached_[prog] = true;
  return 0;
}

// Prints a record: trace text as a trace_pipe line on trace_fd, panic and
// loss reports on report_fd, in the user backend's formats.
void KernelBackend::print_record(const iu_record &rec, const unsigned char *data, int trace_fd,
                                 int report_fd) const {
  const auto &progs = object().image.programs;
  std::string prog_name =
      rec.prog < progs.size() ? progs[rec.prog].name : std::to_string(rec.prog);
  switch (rec.type) {
  case IU_REC_TRACE: {
    std::string comm(rec.comm, strnlen(rec.comm, sizeof(rec.comm)));
    std::string line = trace_line_prefix(comm, rec.pid, rec.cpu, rec.ts_ns);
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
    write_all(report_fd,
              program_report_line(prog_name,
                                  panic_report(rep.status, rep.panic_kind, rep.msg, where),
                                  rep.flags & IU_REPORT_DETACHED));
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
bool KernelBackend::drain(int trace_fd, int report_fd, pid_t self) const {
  alignas(8) static unsigned char buf[64 * 1024];
  // Bounded: a program can produce records as fast as they are printed
  // (one hooked on what reading and printing themselves do), and the
  // command's exit must still be noticed. So at most what one record buffer
  // holds (256 KiB) per call, and no more once a read found it emptied.
  bool more = true;
  for (int reads = 0; reads < 4 && more; ++reads) {
    ssize_t n = read(fd_, buf, sizeof(buf));
    if (n < 0)
      return errno == EAGAIN || errno == EINTR;
    if (n == 0)
      return false;
    more = static_cast<size_t>(n) + IU_RECORD_MAX > sizeof(buf);
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
        print_record(rec, buf + off + sizeof(rec), trace_fd, report_fd);
      off += rec.len;
    }
  }
  return true;
}

int KernelBackend::load() {
  int dev = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
  if (dev < 0) {
    int e = errno;
    return fail(e, std::string("cannot open " IU_DEVICE_PATH ": ") + strerror(e) +
                       (e == ENOENT ? " (is iu.ko loaded?)" : ""));
  }
  // Typed programs' parameters against their functions' prototypes in
  // this kernel's BTF, before anything is made for the image.
  std::string error;
  int rc = check_typed_args(object().image, &error);
  if (rc < 0) {
    ::close(dev);
    return fail(-rc, error);
  }
  // The maps first (iu.ko takes them by fd), each events map with its
  // perf buffers open, so that a record can be written from the first
  // invocation on.
  rc = maps_.create(object().image.maps, &error);
  if (rc < 0) {
    ::close(dev);
    return fail(-rc, error);
  }
  // The configuration as user space set it, with the offsets of the
  // kernel type fields the image reads, from this kernel's BTF, and of the
  // trace event fields, from the events' formats.
  std::vector<uint8_t> config = object().config;
  rc = resolve_kernel_fields(object().image.core_fields, &config, &error);
  if (rc == 0)
    rc = resolve_tracepoint_fields(object().image.tp_fields, &config, &error);
  if (rc < 0) {
    ::close(dev);
    return fail(-rc, error);
  }
  char log[IU_LOG_MAX] = {};
  iu_load_args args{};
  args.image = reinterpret_cast<uintptr_t>(object().signed_file.data());
  args.image_len = static_cast<uint32_t>(object().signed_file.size());
  args.log_buf = reinterpret_cast<uintptr_t>(log);
  args.log_size = sizeof(log);
  args.map_fds = reinterpret_cast<uintptr_t>(maps_.fds().data());
  args.nmaps = static_cast<uint32_t>(maps_.fds().size());
  args.config = reinterpret_cast<uintptr_t>(config.data());
  args.config_len = static_cast<uint32_t>(config.size());
  int fd = ioctl(dev, IU_IOC_LOAD, &args);
  int e = errno;
  ::close(dev);
  if (fd < 0)
    return fail(e, std::string("iu.ko refused the image: ") + (log[0] ? log : strerror(e)));
  if (args.nprogs != attached_.size()) {
    ::close(fd);
    return fail(EPROTO, "iu.ko sees a different program table");
  }
  fd_ = fd;
  return 0;
}

int KernelBackend::detach(size_t prog) {
  if (ioctl(fd_, IU_OBJ_DETACH, static_cast<unsigned long>(prog)) != 0) {
    int e = errno;
    return fail(e, "program '" + program(prog).name + "': " + strerror(e));
  }
  attached_[prog] = false;
  return 0;
}

int KernelBackend::keyed_map(size_t map, const char *what) const {
  if (map >= maps_.fds().size())
    return set_last_error(EINVAL, "no map " + std::to_string(map));
  if (maps_.is_events(map))
    return fail(EINVAL, "map '" + map_desc(map).name + "': " + what +
                            ": an events map has no entries (poll it)");
  return 0;
}

int KernelBackend::map_lookup(size_t map, const void *key, void *value) {
  if (int rc = keyed_map(map, "lookup"))
    return rc;
  int rc = bpf_map_lookup_elem(maps_.fds()[map], key, value);
  if (rc < 0)
    return errno == ENOENT ? -ENOENT : map_fail(map, "lookup", errno);
  return 0;
}

// Writes go through iu.ko, which runs the map's operation with the CPU
// marked inside iu (the BPF map is frozen; docs/kernel.md). A per-CPU
// value is libbpf's layout, one slot per possible CPU.
int KernelBackend::map_write(unsigned long cmd, size_t map, const void *key, const void *value,
                             uint64_t flags) const {
  iu_map_elem_args args{};
  args.map = static_cast<uint32_t>(map);
  args.key = reinterpret_cast<uintptr_t>(key);
  args.value = reinterpret_cast<uintptr_t>(value);
  args.flags = flags;
  return ioctl(fd_, cmd, &args) == 0 ? 0 : -errno;
}

int KernelBackend::map_update(size_t map, const void *key, const void *value, uint64_t flags) {
  if (int rc = keyed_map(map, "update"))
    return rc;
  if (int rc = map_write(IU_OBJ_MAP_UPDATE, map, key, value, flags))
    return map_fail(map, "update", -rc);
  return 0;
}

int KernelBackend::map_delete(size_t map, const void *key) {
  if (int rc = keyed_map(map, "delete"))
    return rc;
  if (int rc = map_write(IU_OBJ_MAP_DELETE, map, key, nullptr, 0))
    return rc == -ENOENT ? -ENOENT : map_fail(map, "delete", -rc);
  return 0;
}

int KernelBackend::map_next_key(size_t map, const void *key, void *next_key) {
  if (int rc = keyed_map(map, "next key"))
    return rc;
  if (bpf_map_get_next_key(maps_.fds()[map], key, next_key) < 0)
    return errno == ENOENT ? -ENOENT : map_fail(map, "next key", errno);
  return 0;
}

int KernelBackend::events_poll(size_t map, int timeout_ms, const EventSink &sink) {
  if (!maps_.is_events(map))
    return set_last_error(EINVAL, object().path + ": map " + std::to_string(map) +
                                      " is not an events map");
  int rc = maps_.poll(map, timeout_ms, sink);
  if (rc < 0)
    return map_fail(map, "poll", -rc);
  return rc;
}

void KernelBackend::drain_events(const std::vector<EventSink> &events,
                                 std::vector<bool> &stopped) {
  for (size_t i = 0; i < events.size(); ++i) {
    bool stop = false;
    if (events[i].fn && maps_.is_events(i) && !stopped[i]) {
      maps_.consume(i, events[i], &stop);
      stopped[i] = stop;
    }
  }
}

int KernelBackend::run_command(char *const argv[], const iu_run_opts &opts,
                               const std::vector<EventSink> &events) {
  if (opts.keep_on_panic) {
    for (size_t i = 0; i < attached_.size(); ++i) {
      if (!attached_[i])
        continue;
      int rc = detach(i);
      if (rc == 0)
        rc = attach_with(i, IU_ATTACH_KEEP_ON_PANIC);
      if (rc < 0)
        return rc;
    }
  }
  int flags = fcntl(fd_, F_GETFL);
  fcntl(fd_, F_SETFL, flags | O_NONBLOCK);

  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0)
    return set_last_error(errno, std::string("pipe: ") + strerror(errno));
  pid_t child = fork();
  if (child < 0) {
    int e = errno;
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    return set_last_error(e, std::string("fork: ") + strerror(e));
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
  // Wake for records and for events of the maps whose sink takes them.
  std::vector<bool> stopped(events.size());
  std::vector<pollfd> wait_fds;
  for (;;) {
    wait_fds.assign(1, pollfd{fd_, POLLIN, 0});
    for (size_t i = 0; i < events.size(); ++i)
      if (events[i].fn && maps_.is_events(i) && !stopped[i])
        wait_fds.push_back({maps_.events_fd(i), POLLIN, 0});
    poll(wait_fds.data(), wait_fds.size(), 20);
    drain(opts.trace_fd, opts.report_fd, self);
    drain_events(events, stopped);
    pid_t r = waitpid(child, &status, WNOHANG);
    if (r == child)
      break;
    if (r < 0 && errno != EINTR) {
      status = 0;
      break;
    }
  }
  drain(opts.trace_fd, opts.report_fd, self);
  drain_events(events, stopped);
  // Hits iu.ko did not run because iu was already running on that CPU
  // (re-entry is refused, never waited for), and those the kernel's kprobe
  // code skipped: counted, and said.
  for (size_t i = 0; i < attached_.size(); ++i) {
    iu_prog_info info{};
    info.prog = static_cast<uint32_t>(i);
    if (ioctl(fd_, IU_OBJ_PROG_INFO, &info) == 0 && info.missed)
      write_all(opts.report_fd, "iu-load: program '" + program(i).name + "' missed " +
                                    std::to_string(info.missed) +
                                    " hits (iu was already running on that CPU, or the "
                                    "kernel's probe did not run it)\n");
  }
  if (got == static_cast<ssize_t>(sizeof(child_errno)) && child_errno)
    return set_last_error(child_errno, std::string("cannot run '") + argv[0] + "': " +
                                           strerror(child_errno));
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return 0;
}

} // namespace

bool kernel_backend_available() { return access(IU_DEVICE_PATH, F_OK) == 0; }

std::unique_ptr<Backend> make_kernel_backend(const ObjectImage &object) {
  return std::make_unique<KernelBackend>(object);
}

} // namespace iu
