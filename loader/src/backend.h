// Where an object's programs run: the one interface between libiu's C API
// (object.cpp) and its two backends, chosen once when the object is opened.
//
//   user    backends/user/user_backend.cpp: in this process, the image
//           mapped W^X here, syscall-shaped hooks fired from a ptrace
//           tracer, helpers implemented in user space.
//   kernel  backends/kernel/kernel_backend.cpp: iu.ko through /dev/iu,
//           which verifies, maps and runs its own copy.
//
// object.cpp does what is the same for both (arguments, options, the
// object's state: loaded, which programs have a link) and calls a backend
// only in a state where the call makes sense; a backend does what differs.
// A backend sees the object only as an ObjectImage and its programs only
// as indices into image.programs.
#pragma once
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <iu/error.h>
#include <iu/image.h>
#include <iu/libiu.h>

namespace iu {

// What a backend works on: the opened file and its parsed image. The
// object owns it, fills it before it makes its backend, never changes it
// afterwards, and destroys the backend first.
struct ObjectImage {
  std::string path;                 // the file, for messages
  std::vector<uint8_t> signed_file; // the whole file, as iu.ko wants it
  std::vector<uint8_t> bytes;       // the verified image bytes only
  Image image;                      // parsed from bytes
  // .iu.config as the backend must install it: the image's defaults with
  // the values user space set (iu_object__set_config) before load.
  std::vector<uint8_t> config;
};

// Where a backend hands the records of an events map: returns non-zero to
// stop.
struct EventSink {
  int (*fn)(void *ctx, int cpu, const void *data, size_t size) = nullptr;
  void *ctx = nullptr;
};

class Backend {
public:
  explicit Backend(const ObjectImage &object) : object_(object) {}
  Backend(const Backend &) = delete;
  Backend &operator=(const Backend &) = delete;
  // Close: detaches whatever is still attached and frees everything the
  // backend holds (the mapping, the kernel object).
  virtual ~Backend() = default;

  virtual iu_backend kind() const = 0;

  // Makes the image's programs runnable. Called once, before anything
  // below. Returns 0 or a negative errno with the reason set (fail()).
  virtual int load() = 0;

  // Attaches program prog (an index into image.programs) to its hook /
  // detaches it. attach is called only for a detached program, detach only
  // for an attached one (a program the backend already detached after a
  // panic included: then it returns 0).
  virtual int attach(size_t prog) = 0;
  virtual int detach(size_t prog) = 0;

  // Runs argv while the attached programs fire, writing their trace lines
  // to opts.trace_fd and panic reports to opts.report_fd (both already
  // resolved: never 0), until the command exits. Returns its exit status
  // (128 + signal) or a negative errno.
  // While it runs (and once more after it exits), records of events maps
  // go to events[map] when that sink has a fn (events has one entry per
  // map); others stay queued for events_poll.
  virtual int run_command(char *const argv[], const iu_run_opts &opts,
                          const std::vector<EventSink> &events) = 0;

  // Runs program prog opts.repeat times (>= 1) on opts.ctx_in (never NULL,
  // exactly the program's context size, suitably aligned) with trace lines
  // to opts.trace_fd (never 0), and fills opts' out fields. Returns 0 or a
  // negative errno.
  virtual int test_run(size_t prog, iu_test_run_opts &opts) = 0;

  // ---- Maps, by index into image.maps; only after a successful load()
  // (which creates them: real BPF maps, or the user backend's own). Sizes
  // are already checked: key is key_size bytes; value is value_size bytes,
  // or for per-CPU maps value_stride(value_size) * num_cpus() bytes (one
  // slot per CPU, libbpf's layout). Return 0 or a negative errno with the
  // reason set, -ENOENT without one for an absent key.
  virtual int map_lookup(size_t map, const void *key, void *value) = 0;
  virtual int map_update(size_t map, const void *key, const void *value, uint64_t flags) = 0;
  virtual int map_delete(size_t map, const void *key) = 0;
  // key NULL: the first key.
  virtual int map_next_key(size_t map, const void *key, void *next_key) = 0;
  // The BPF map's fd, or -EOPNOTSUPP.
  virtual int map_fd(size_t map) const = 0;

  // ---- Events maps (type IU_MAP_EVENTS), by index into image.maps. Their
  // buffers exist from load() on. poll waits up to timeout_ms (-1: no
  // limit) and hands every ready record to sink in order per CPU;
  // returns the number handled, the sink's non-zero return, or a negative
  // errno.
  virtual int events_poll(size_t map, int timeout_ms, const EventSink &sink) = 0;
  virtual uint64_t events_lost(size_t map) const = 0;
  // Readable when events_poll(map, 0, ...) has work.
  virtual int events_fd(size_t map) const = 0;

  // The loaded object's descriptor in iu.ko (the registry's IU_OBJ_PIN
  // and IU_OBJ_INFO), or -EOPNOTSUPP.
  virtual int object_fd() const { return -EOPNOTSUPP; }

protected:
  const ObjectImage &object() const { return object_; }
  const Program &program(size_t prog) const { return object_.image.programs[prog]; }
  const Map &map_desc(size_t map) const { return object_.image.maps[map]; }
  // Records "PATH: msg" as the last error and returns -err.
  int fail(int err, const std::string &msg) const {
    return set_last_error(err, object_.path + ": " + msg);
  }

private:
  const ObjectImage &object_;
};

// The bytes of one per-CPU slot of a value (libbpf: rounded up to 8), and
// the number of slots (possible CPUs) on both backends.
inline size_t value_stride(uint32_t value_size) { return (value_size + 7u) & ~size_t{7}; }
int num_cpus();

// The backend IU_BACKEND_AUTO picks: the kernel's when iu.ko's device
// exists.
bool kernel_backend_available();
std::unique_ptr<Backend> make_user_backend(const ObjectImage &object);
std::unique_ptr<Backend> make_kernel_backend(const ObjectImage &object);

} // namespace iu
