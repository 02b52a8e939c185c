// The libiu C API: opening (verify, then parse, then pick the backend),
// loading, programs, links, running. Everything here is the same for both
// backends; what differs is behind iu::Backend (backend.h).
#include "object.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

#include <iu/error.h>

#include "opts.h"
#include "output_format.h"
#include "signature_check.h"

namespace iu {
namespace {

constexpr size_t kMaxImageSize = IU_FILE_MAX; // what iu.ko accepts too

// Reason prefixed with the object's file name; returns -err.
int object_error(const iu_object *obj, int err, const std::string &msg) {
  return set_last_error(err, (obj ? obj->file.path + ": " : std::string()) + msg);
}

// For the functions that return a pointer: NULL with errno set.
template <class T> T *fail_null(int err) {
  errno = err;
  return nullptr;
}

} // namespace

// run_command's adapter from a backend's EventSink to iu_run_opts.event_fn,
// which is also told the map.
struct RunEventTarget {
  int (*fn)(void *, iu_map *, int, const void *, size_t) = nullptr;
  void *ctx = nullptr;
  iu_map *map = nullptr;
  static int deliver(void *self, int cpu, const void *data, size_t size) {
    auto *t = static_cast<RunEventTarget *>(self);
    return t->fn(t->ctx, t->map, cpu, data, size);
  }
};

} // namespace iu

using iu::object_error;
using iu::set_last_error;

extern "C" {

struct iu_object *iu_object__open_file(const char *path, const struct iu_object_open_opts *opts) {
  iu_object_open_opts o;
  if (int err = iu::opts_read(opts, &o, "iu_object__open_file"))
    return iu::fail_null<iu_object>(-err);
  if (!path) {
    set_last_error(EINVAL, "iu_object__open_file: no path");
    return iu::fail_null<iu_object>(EINVAL);
  }
  if (o.backend != IU_BACKEND_AUTO && o.backend != IU_BACKEND_USER &&
      o.backend != IU_BACKEND_KERNEL) {
    set_last_error(EINVAL, "iu_object__open_file: unknown backend " +
                               std::to_string(static_cast<int>(o.backend)));
    return iu::fail_null<iu_object>(EINVAL);
  }
  auto obj = std::make_unique<iu_object>();
  obj->file.path = path;
  std::string base = obj->file.path.substr(obj->file.path.rfind('/') + 1);
  obj->name = base.substr(0, base.rfind('.'));
  auto fail = [&](int e, const std::string &msg) {
    object_error(obj.get(), e, msg);
    return iu::fail_null<iu_object>(e);
  };

  std::ifstream in(path, std::ios::binary);
  struct stat st;
  if (!in || stat(path, &st) != 0) {
    int e = errno ? errno : ENOENT;
    return fail(e, strerror(e));
  }
  if (!S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) > iu::kMaxImageSize)
    return fail(EINVAL, S_ISREG(st.st_mode) ? "file is too large" : "not a regular file");
  std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  // The signature is checked before a single byte is parsed; from here on
  // only the signed bytes exist.
  std::string err;
  size_t payload = 0;
  int rc = iu::check_signature(file, o, &payload, &err);
  if (rc < 0)
    return fail(-rc, err);
  obj->file.bytes.assign(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(payload));
  obj->file.signed_file = std::move(file);

  if (!iu::parse_image(obj->file.bytes, &obj->file.image, &err))
    return fail(ENOEXEC, err);
  for (size_t i = 0; i < obj->file.image.programs.size(); ++i) {
    auto prog = std::make_unique<iu_program>();
    prog->obj = obj.get();
    prog->index = i;
    obj->programs.push_back(std::move(prog));
  }
  for (size_t i = 0; i < obj->file.image.maps.size(); ++i) {
    auto map = std::make_unique<iu_map>();
    map->obj = obj.get();
    map->index = i;
    obj->maps.push_back(std::move(map));
  }
  obj->file.config = obj->file.image.config_defaults;

  iu_backend kind = o.backend;
  if (kind == IU_BACKEND_AUTO)
    kind = iu::kernel_backend_available() ? IU_BACKEND_KERNEL : IU_BACKEND_USER;
  obj->backend = kind == IU_BACKEND_KERNEL ? iu::make_kernel_backend(obj->file)
                                           : iu::make_user_backend(obj->file);
  return obj.release();
}

int iu_object__load(struct iu_object *obj) {
  if (!obj)
    return set_last_error(EINVAL, "iu_object__load: no object");
  if (obj->loaded)
    return object_error(obj, EBUSY, "already loaded");
  int rc = obj->backend->load();
  if (rc == 0)
    obj->loaded = true;
  return rc;
}

void iu_object__close(struct iu_object *obj) { delete obj; }

const char *iu_object__name(const struct iu_object *obj) { return obj ? obj->name.c_str() : nullptr; }

enum iu_backend iu_object__backend(const struct iu_object *obj) {
  return obj ? obj->backend->kind() : IU_BACKEND_AUTO;
}

struct iu_program *iu_object__next_program(const struct iu_object *obj, struct iu_program *prev) {
  if (!obj || obj->programs.empty())
    return nullptr;
  if (!prev)
    return obj->programs.front().get();
  if (prev->obj != obj || prev->index + 1 >= obj->programs.size())
    return nullptr;
  return obj->programs[prev->index + 1].get();
}

struct iu_program *iu_object__find_program_by_name(const struct iu_object *obj, const char *name) {
  if (!obj || !name)
    return iu::fail_null<iu_program>(EINVAL);
  for (const auto &p : obj->programs)
    if (p->desc().name == name)
      return p.get();
  object_error(obj, ENOENT, std::string("no program named '") + name + "'");
  return iu::fail_null<iu_program>(ENOENT);
}

const char *iu_program__name(const struct iu_program *prog) {
  return prog ? prog->desc().name.c_str() : nullptr;
}
const char *iu_program__section_name(const struct iu_program *prog) {
  return prog ? prog->desc().section.c_str() : nullptr;
}
const char *iu_program__attach_target(const struct iu_program *prog) {
  return prog ? prog->desc().target.c_str() : nullptr;
}
unsigned int iu_program__type(const struct iu_program *prog) { return prog ? prog->desc().type : 0; }

size_t iu_program__ctx_size(const struct iu_program *prog) {
  switch (prog ? prog->desc().type : 0) {
  case IU_PROG_KPROBE:
  case IU_PROG_KRETPROBE:
    return IU_PT_REGS_SIZE;
  case IU_PROG_FENTRY:
    return IU_FENTRY_CTX_SIZE;
  case IU_PROG_FEXIT:
    return IU_FEXIT_CTX_SIZE;
  case IU_PROG_PERF_EVENT:
    return IU_PERF_EVENT_CTX_SIZE;
  case IU_PROG_RAW_TRACEPOINT:
    return IU_RAW_TRACEPOINT_CTX_SIZE;
  case IU_PROG_TRACEPOINT:
    if (prog->desc().target.starts_with("syscalls/sys_exit_"))
      return IU_SYSCALL_EXIT_RECORD_SIZE;
    if (prog->desc().target.starts_with("syscalls/sys_enter_"))
      return IU_SYSCALL_ENTER_RECORD_SIZE;
    return IU_TRACEPOINT_CTX_SIZE; // any other event: its record's address and size
  default:
    return 0;
  }
}

const char *iu_prog_type_str(unsigned int type) { return iu::program_type_name(type); }

int iu_program__set_autoload(struct iu_program *prog, bool autoload) {
  if (!prog) {
    set_last_error(EINVAL, "iu_program__set_autoload: no program");
    return -EINVAL;
  }
  if (prog->obj->loaded) {
    object_error(prog->obj, EBUSY,
                 "program '" + prog->desc().name + "': autoload is set before load");
    return -EBUSY;
  }
  prog->autoload = autoload;
  return 0;
}

bool iu_program__autoload(const struct iu_program *prog) { return prog && prog->autoload; }

struct iu_link *iu_program__attach(struct iu_program *prog) {
  if (!prog) {
    set_last_error(EINVAL, "iu_program__attach: no program");
    return iu::fail_null<iu_link>(EINVAL);
  }
  iu_object *obj = prog->obj;
  auto fail = [&](int e, const std::string &msg) {
    object_error(obj, e, "program '" + prog->desc().name + "': " + msg);
    return iu::fail_null<iu_link>(e);
  };
  if (!obj->loaded)
    return fail(EINVAL, "object is not loaded");
  if (prog->attached)
    return fail(EBUSY, "already attached");
  int rc = obj->backend->attach(prog->index);
  if (rc < 0)
    return iu::fail_null<iu_link>(-rc);
  prog->attached = true;
  auto *link = new iu_link;
  link->prog = prog;
  return link;
}

int iu_link__destroy(struct iu_link *link) {
  if (!link)
    return 0;
  iu_program *prog = link->prog;
  int rc = prog->attached ? prog->obj->backend->detach(prog->index) : 0;
  prog->attached = false;
  delete link;
  return rc;
}

int iu_object__run_command(struct iu_object *obj, char *const argv[],
                           const struct iu_run_opts *opts) {
  iu_run_opts o;
  if (int err = iu::opts_read(opts, &o, "iu_object__run_command"))
    return err;
  if (!obj || !argv || !argv[0])
    return set_last_error(EINVAL, "iu_object__run_command: no command");
  if (!obj->loaded)
    return object_error(obj, EINVAL, "run_command needs a loaded object");
  if (!o.trace_fd)
    o.trace_fd = 1;
  if (!o.report_fd)
    o.report_fd = 2;
  // One sink per map: the caller's event_fn, told which map, for each
  // events map; none for the others (and none at all without event_fn:
  // records stay queued for iu_map__poll_events).
  std::vector<iu::EventSink> sinks(obj->maps.size());
  std::vector<iu::RunEventTarget> targets(obj->maps.size());
  if (o.event_fn)
    for (size_t i = 0; i < obj->maps.size(); ++i) {
      if (obj->maps[i]->desc().type != IU_MAP_EVENTS)
        continue;
      targets[i] = {o.event_fn, o.event_ctx, obj->maps[i].get()};
      sinks[i] = {&iu::RunEventTarget::deliver, &targets[i]};
    }
  return obj->backend->run_command(argv, o, sinks);
}

int iu_program__test_run(struct iu_program *prog, struct iu_test_run_opts *opts) {
  if (!prog || !opts)
    return set_last_error(EINVAL, "iu_program__test_run: invalid arguments");
  // A full-size copy; only the caller's sz bytes are written back.
  iu_test_run_opts t;
  if (int err = iu::opts_read(opts, &t, "iu_program__test_run"))
    return err;
  iu_object *obj = prog->obj;
  if (!obj->loaded)
    return object_error(obj, EINVAL, "test_run needs a loaded object");
  // An event's context holds the address of a record the kernel made,
  // which a file cannot give.
  if (prog->desc().type == IU_PROG_TRACEPOINT && !prog->desc().target.starts_with("syscalls/"))
    return object_error(obj, EOPNOTSUPP,
                        "program '" + prog->desc().name +
                            "': a test run cannot make the record of tracepoint '" +
                            prog->desc().target +
                            "' (only the syscall tracepoints' records are plain contexts); "
                            "attach it on the kernel backend");
  size_t want = iu_program__ctx_size(prog);
  if (t.ctx_in && t.ctx_size_in != want)
    return object_error(obj, EINVAL,
                        "context for program '" + prog->desc().name + "' must be " +
                            std::to_string(want) + " bytes, not " +
                            std::to_string(t.ctx_size_in));
  // The backend gets the context in an aligned buffer of its exact size.
  alignas(16) unsigned char ctx[IU_PT_REGS_SIZE > IU_SYSCALL_ENTER_RECORD_SIZE
                                    ? IU_PT_REGS_SIZE
                                    : IU_SYSCALL_ENTER_RECORD_SIZE] = {};
  static_assert(sizeof(iu_syscall_enter_record) <= sizeof(ctx));
  if (t.ctx_in)
    memcpy(ctx, t.ctx_in, want);
  t.ctx_in = ctx;
  t.ctx_size_in = want;
  if (!t.repeat)
    t.repeat = 1;
  if (!t.trace_fd)
    t.trace_fd = 1;
  int rc = obj->backend->test_run(prog->index, t);
  if (rc < 0)
    return rc;
  iu::opts_write(opts, t, offsetof(iu_test_run_opts, retval));
  // A caller built with a shorter panic_msg still gets a terminated string.
  size_t end = std::min(opts->sz, sizeof(t));
  if (end < sizeof(t) && end > offsetof(iu_test_run_opts, panic_msg))
    reinterpret_cast<char *>(opts)[end - 1] = 0;
  return 0;
}

const char *iu_panic_kind_str(uint32_t kind) { return iu::panic_kind_name(kind); }

} // extern "C"

namespace iu {
namespace {

const ConfigVar *find_config(const iu_object *obj, const char *name) {
  for (const ConfigVar &c : obj->file.image.configs)
    if (c.name == name)
      return &c;
  return nullptr;
}

// "a signed 32-bit integer (-2147483648..2147483647)"
std::string int_type_text(const ConfigVar &c) {
  unsigned bits = c.size * 8;
  if (c.kind == IU_CONFIG_INT) {
    __int128 lo = -(static_cast<__int128>(1) << (bits - 1)), hi = -lo - 1;
    return "a signed " + std::to_string(bits) + "-bit integer (" +
           std::to_string(static_cast<long long>(lo)) + ".." +
           std::to_string(static_cast<long long>(hi)) + ")";
  }
  unsigned long long hi = bits == 64 ? ~0ull : (1ull << bits) - 1;
  return "an unsigned " + std::to_string(bits) + "-bit integer (0.." + std::to_string(hi) + ")";
}

// Parses text as an integer of configuration c's kind and size into out
// (little-endian, c.size bytes): 0 or a negative errno with the reason.
int parse_config_int(const iu_object *obj, const ConfigVar &c, const std::string &text,
                     uint8_t *out) {
  auto bad = [&](int err, const std::string &why) {
    return object_error(obj, err, "configuration '" + c.name + "': " + why);
  };
  const char *p = text.c_str();
  bool negative = *p == '-';
  if (negative || *p == '+')
    ++p;
  unsigned base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  if (!*p)
    return bad(EINVAL, "'" + text + "' is not a number (decimal or 0x hexadecimal)");
  unsigned __int128 mag = 0;
  bool overflow = false;
  for (; *p; ++p) {
    unsigned d;
    if (*p >= '0' && *p <= '9')
      d = static_cast<unsigned>(*p - '0');
    else if (base == 16 && *p >= 'a' && *p <= 'f')
      d = static_cast<unsigned>(*p - 'a' + 10);
    else if (base == 16 && *p >= 'A' && *p <= 'F')
      d = static_cast<unsigned>(*p - 'A' + 10);
    else
      return bad(EINVAL, "'" + text + "' is not a number (decimal or 0x hexadecimal)");
    mag = mag * base + d;
    if (mag > (static_cast<unsigned __int128>(1) << 64))
      overflow = true, mag = static_cast<unsigned __int128>(1) << 65;
  }
  unsigned bits = c.size * 8;
  __int128 value = negative ? -static_cast<__int128>(mag) : static_cast<__int128>(mag);
  __int128 lo, hi;
  if (c.kind == IU_CONFIG_INT) {
    lo = -(static_cast<__int128>(1) << (bits - 1));
    hi = (static_cast<__int128>(1) << (bits - 1)) - 1;
  } else {
    lo = 0;
    hi = (static_cast<__int128>(1) << bits) - 1;
  }
  if (overflow || value < lo || value > hi)
    return bad(ERANGE, "'" + text + "' is out of range for " + int_type_text(c));
  auto bits_of = static_cast<unsigned __int128>(value);
  for (unsigned i = 0; i < c.size; ++i)
    out[i] = static_cast<uint8_t>(bits_of >> (8 * i));
  return 0;
}

const char *config_kind_text(uint32_t kind) {
  switch (kind) {
  case IU_CONFIG_INT:
    return "a signed integer";
  case IU_CONFIG_UINT:
    return "an unsigned integer";
  case IU_CONFIG_BOOL:
    return "a bool";
  case IU_CONFIG_CHARS:
    return "a char array";
  default:
    return "plain data";
  }
}

// The checks every map call shares: a map of a loaded object, keyed or an
// events map as the call needs. 0 or a negative errno with the reason.
int check_map(const iu_map *map, const char *fn, bool events) {
  if (!map)
    return set_last_error(EINVAL, std::string(fn) + ": no map");
  const iu_object *obj = map->obj;
  const Map &m = map->desc();
  if (!obj->loaded)
    return object_error(obj, EINVAL, "map '" + m.name + "': the object is not loaded");
  if (events && m.type != IU_MAP_EVENTS)
    return object_error(obj, EINVAL, "map '" + m.name + "' is not an events map");
  if (!events && m.type == IU_MAP_EVENTS)
    return object_error(obj, EINVAL,
                        "map '" + m.name + "' is an events map: it has no keys (poll it)");
  return 0;
}

int check_key(const iu_map *map, const void *key, size_t key_sz) {
  const Map &m = map->desc();
  if (!key)
    return object_error(map->obj, EINVAL, "map '" + m.name + "': no key");
  if (key_sz != m.key_size)
    return object_error(map->obj, EINVAL,
                        "map '" + m.name + "': key is " + std::to_string(key_sz) +
                            " bytes, the map's keys are " + std::to_string(m.key_size));
  return 0;
}

bool is_percpu(uint32_t type) { return type == IU_MAP_PERCPU_ARRAY || type == IU_MAP_PERCPU_HASH; }

int check_value(const iu_map *map, const void *value, size_t value_sz) {
  const Map &m = map->desc();
  if (!value)
    return object_error(map->obj, EINVAL, "map '" + m.name + "': no value");
  size_t want = m.value_size;
  std::string how;
  if (is_percpu(m.type)) {
    int cpus = num_cpus();
    if (cpus <= 0)
      return object_error(map->obj, EINVAL, "cannot count the possible CPUs");
    want = value_stride(m.value_size) * static_cast<size_t>(cpus);
    how = " (" + std::to_string(cpus) + " CPUs of " + std::to_string(value_stride(m.value_size)) +
          " bytes: per-CPU values are rounded up to 8)";
  }
  if (value_sz != want)
    return object_error(map->obj, EINVAL,
                        "map '" + m.name + "': value is " + std::to_string(value_sz) +
                            " bytes, the map's values are " + std::to_string(want) + how);
  return 0;
}

} // namespace
} // namespace iu

using iu::check_key;
using iu::check_map;
using iu::check_value;

extern "C" {

// ---- Configuration ----

int iu_object__set_config(struct iu_object *obj, const char *name, const void *value,
                          size_t size) {
  if (!obj || !name || !value)
    return set_last_error(EINVAL, "iu_object__set_config: invalid arguments");
  const iu::ConfigVar *c = iu::find_config(obj, name);
  if (!c)
    return object_error(obj, ENOENT, std::string("no configuration named '") + name + "'");
  if (obj->loaded)
    return object_error(obj, EBUSY, "configuration '" + c->name +
                                        "': the object is loaded (set configuration before "
                                        "loading)");
  if (size != c->size)
    return object_error(obj, EINVAL, "configuration '" + c->name + "' is " +
                                         std::to_string(c->size) + " bytes, not " +
                                         std::to_string(size));
  auto *bytes = static_cast<const uint8_t *>(value);
  if (c->kind == IU_CONFIG_BOOL && bytes[0] > 1)
    return object_error(obj, EINVAL, "configuration '" + c->name + "' is a bool: " +
                                         std::to_string(bytes[0]) + " is not 0 or 1");
  memcpy(obj->file.config.data() + c->offset, bytes, c->size);
  return 0;
}

int iu_object__set_config_str(struct iu_object *obj, const char *name, const char *text) {
  if (!obj || !name || !text)
    return set_last_error(EINVAL, "iu_object__set_config_str: invalid arguments");
  const iu::ConfigVar *c = iu::find_config(obj, name);
  if (!c)
    return object_error(obj, ENOENT, std::string("no configuration named '") + name + "'");
  std::string t = text;
  std::vector<uint8_t> value(c->size, 0);
  switch (c->kind) {
  case IU_CONFIG_INT:
  case IU_CONFIG_UINT:
    if (int rc = iu::parse_config_int(obj, *c, t, value.data()))
      return rc;
    break;
  case IU_CONFIG_BOOL:
    if (t == "true" || t == "1")
      value[0] = 1;
    else if (t != "false" && t != "0")
      return object_error(obj, EINVAL, "configuration '" + c->name + "' is a bool: '" + t +
                                           "' is not true or false");
    break;
  case IU_CONFIG_CHARS:
    if (t.size() + 1 > c->size)
      return object_error(obj, ERANGE,
                          "configuration '" + c->name + "': '" + t + "' is " +
                              std::to_string(t.size()) + " characters, more than the " +
                              std::to_string(c->size - 1) + " that fit (" +
                              std::to_string(c->size) + " bytes with the NUL)");
    memcpy(value.data(), t.data(), t.size());
    break;
  default:
    return object_error(obj, EINVAL, "configuration '" + c->name + "' is " +
                                         iu::config_kind_text(c->kind) + " of " +
                                         std::to_string(c->size) +
                                         " bytes: set its bytes with iu_object__set_config");
  }
  return iu_object__set_config(obj, name, value.data(), value.size());
}

int iu_object__get_config(const struct iu_object *obj, const char *name, void *value,
                          size_t size) {
  if (!obj || !name)
    return set_last_error(EINVAL, "iu_object__get_config: invalid arguments");
  const iu::ConfigVar *c = iu::find_config(obj, name);
  if (!c)
    return object_error(obj, ENOENT, std::string("no configuration named '") + name + "'");
  if (!value || size < c->size)
    return object_error(obj, EINVAL, "configuration '" + c->name + "' is " +
                                         std::to_string(c->size) + " bytes, more than " +
                                         std::to_string(value ? size : 0));
  memcpy(value, obj->file.config.data() + c->offset, c->size);
  return static_cast<int>(c->size);
}

int iu_object__config_info(const struct iu_object *obj, size_t i, const char **name,
                           unsigned int *kind, size_t *size) {
  if (!obj)
    return set_last_error(EINVAL, "iu_object__config_info: no object");
  if (i >= obj->file.image.configs.size())
    return -ENOENT;
  const iu::ConfigVar &c = obj->file.image.configs[i];
  if (name)
    *name = c.name.c_str();
  if (kind)
    *kind = c.kind;
  if (size)
    *size = c.size;
  return 0;
}

// ---- Maps ----

struct iu_map *iu_object__next_map(const struct iu_object *obj, struct iu_map *prev) {
  if (!obj || obj->maps.empty())
    return nullptr;
  if (!prev)
    return obj->maps.front().get();
  if (prev->obj != obj || prev->index + 1 >= obj->maps.size())
    return nullptr;
  return obj->maps[prev->index + 1].get();
}

struct iu_map *iu_object__find_map_by_name(const struct iu_object *obj, const char *name) {
  if (!obj || !name)
    return iu::fail_null<iu_map>(EINVAL);
  for (const auto &m : obj->maps)
    if (m->desc().name == name)
      return m.get();
  object_error(obj, ENOENT, std::string("no map named '") + name + "'");
  return iu::fail_null<iu_map>(ENOENT);
}

const char *iu_map__name(const struct iu_map *map) { return map ? map->desc().name.c_str() : nullptr; }
unsigned int iu_map__type(const struct iu_map *map) { return map ? map->desc().type : 0; }
uint32_t iu_map__key_size(const struct iu_map *map) { return map ? map->desc().key_size : 0; }
uint32_t iu_map__value_size(const struct iu_map *map) { return map ? map->desc().value_size : 0; }
uint32_t iu_map__max_entries(const struct iu_map *map) { return map ? map->desc().max_entries : 0; }

const char *iu_map_type_str(unsigned int type) { return iu::map_type_name(type); }

int iu_map__fd(const struct iu_map *map) {
  if (!map)
    return set_last_error(EINVAL, "iu_map__fd: no map");
  if (!map->obj->loaded)
    return object_error(map->obj, EINVAL, "map '" + map->desc().name + "': the object is not loaded");
  return map->obj->backend->map_fd(map->index);
}

int iu_num_cpus(void) { return iu::num_cpus(); }

int iu_map__lookup_elem(const struct iu_map *map, const void *key, size_t key_sz, void *value,
                        size_t value_sz, uint64_t flags) {
  if (int rc = check_map(map, "iu_map__lookup_elem", false))
    return rc;
  if (int rc = check_key(map, key, key_sz))
    return rc;
  if (int rc = check_value(map, value, value_sz))
    return rc;
  if (flags)
    return object_error(map->obj, EINVAL, "map '" + map->desc().name + "': lookup flags must be 0");
  return map->obj->backend->map_lookup(map->index, key, value);
}

int iu_map__update_elem(const struct iu_map *map, const void *key, size_t key_sz,
                        const void *value, size_t value_sz, uint64_t flags) {
  if (int rc = check_map(map, "iu_map__update_elem", false))
    return rc;
  if (int rc = check_key(map, key, key_sz))
    return rc;
  if (int rc = check_value(map, value, value_sz))
    return rc;
  if (flags > IU_MAP_EXIST)
    return object_error(map->obj, EINVAL,
                        "map '" + map->desc().name + "': unknown update flags " +
                            std::to_string(flags) + " (IU_MAP_ANY, _NOEXIST or _EXIST)");
  return map->obj->backend->map_update(map->index, key, value, flags);
}

int iu_map__delete_elem(const struct iu_map *map, const void *key, size_t key_sz, uint64_t flags) {
  if (int rc = check_map(map, "iu_map__delete_elem", false))
    return rc;
  if (int rc = check_key(map, key, key_sz))
    return rc;
  if (flags)
    return object_error(map->obj, EINVAL, "map '" + map->desc().name + "': delete flags must be 0");
  return map->obj->backend->map_delete(map->index, key);
}

int iu_map__get_next_key(const struct iu_map *map, const void *cur_key, void *next_key,
                         size_t key_sz) {
  if (int rc = check_map(map, "iu_map__get_next_key", false))
    return rc;
  if (int rc = check_key(map, next_key, key_sz))
    return rc;
  return map->obj->backend->map_next_key(map->index, cur_key, next_key);
}

// ---- Events ----

int iu_map__poll_events(struct iu_map *map, int timeout_ms, iu_event_fn fn, void *ctx) {
  if (int rc = check_map(map, "iu_map__poll_events", true))
    return rc;
  if (!fn || timeout_ms < -1)
    return object_error(map->obj, EINVAL,
                        "map '" + map->desc().name + "': poll needs a function and a timeout >= -1");
  return map->obj->backend->events_poll(map->index, timeout_ms, iu::EventSink{fn, ctx});
}

uint64_t iu_map__events_lost(const struct iu_map *map) {
  if (!map || !map->obj->loaded || map->desc().type != IU_MAP_EVENTS)
    return 0;
  return map->obj->backend->events_lost(map->index);
}

int iu_map__events_fd(const struct iu_map *map) {
  if (int rc = check_map(map, "iu_map__events_fd", true))
    return rc;
  return map->obj->backend->events_fd(map->index);
}

} // extern "C"
