// The libiu C API: opening (verify, then parse), loading, programs, links.
#include "object.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "image_mapping.h"
#include "kernel_backend.h"
#include "signature_check.h"
#include "../../kernel/uapi/iu_ioctl.h"

namespace iu {

constexpr size_t kMaxImageSize = 64u << 20;

int object_error(const iu_object *obj, int err, const std::string &msg) {
  return set_error(err, (obj ? obj->path + ": " : std::string()) + msg);
}

namespace {



int syscall_number(const std::string &name) {
#define X(n, nr)                                                                           \
  if (name == #n)                                                                          \
    return nr;
#include "syscall_table.inc"
#undef X
  return -1;
}

template <class Opts> bool opts_valid(const Opts *opts) {
  // Options structs begin with their size: newer callers may pass a
  // larger struct, but only if the fields we do not know are zero.
  if (!opts)
    return true;
  if (opts->sz < sizeof(size_t))
    return false;
  const auto *bytes = reinterpret_cast<const unsigned char *>(opts);
  for (size_t i = sizeof(Opts); i < opts->sz; ++i)
    if (bytes[i])
      return false;
  return true;
}

} // namespace

template <class Opts> Opts copy_opts(const Opts *opts) {
  Opts out{};
  out.sz = sizeof(Opts);
  if (opts)
    memcpy(&out, opts, std::min(opts->sz, sizeof(Opts)));
  return out;
}

} // namespace iu

iu_object::~iu_object() {
  if (backend == IU_BACKEND_KERNEL)
    iu::kernel::close(this);
}

using iu::object_error;
using iu::set_error;

extern "C" {

struct iu_object *iu_object__open_file(const char *path, const struct iu_object_open_opts *opts) {
  if (!path || !iu::opts_valid(opts)) {
    errno = EINVAL;
    set_error(EINVAL, "iu_object__open_file: invalid arguments");
    return nullptr;
  }
  auto o = iu::copy_opts(opts);
  auto obj = std::make_unique<iu_object>();
  obj->path = path;
  std::string base = obj->path.substr(obj->path.rfind('/') + 1);
  obj->name = base.substr(0, base.rfind('.'));

  if (o.backend == IU_BACKEND_AUTO)
    o.backend = access(IU_DEVICE_PATH, F_OK) == 0 ? IU_BACKEND_KERNEL : IU_BACKEND_USER;
  obj->backend = o.backend;

  std::ifstream in(path, std::ios::binary);
  struct stat st;
  if (!in || stat(path, &st) != 0) {
    int e = errno ? errno : ENOENT;
    errno = e;
    object_error(obj.get(), e, strerror(e));
    return nullptr;
  }
  if (!S_ISREG(st.st_mode) || static_cast<size_t>(st.st_size) > iu::kMaxImageSize) {
    errno = EINVAL;
    object_error(obj.get(), EINVAL, S_ISREG(st.st_mode) ? "file is too large" : "not a regular file");
    return nullptr;
  }
  std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  // The signature is checked before a single byte is parsed; from here on
  // only the signed bytes exist.
  std::string err;
  size_t payload = 0;
  int rc = iu::check_signature(file, o, &payload, &err);
  if (rc < 0) {
    errno = -rc;
    object_error(obj.get(), -rc, err);
    return nullptr;
  }
  obj->bytes.assign(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(payload));
  obj->signed_file = std::move(file);

  if (!iu::parse_image(obj->bytes, &obj->image, &err)) {
    errno = ENOEXEC;
    object_error(obj.get(), ENOEXEC, err);
    return nullptr;
  }
  for (const iu::Program &p : obj->image.programs) {
    auto prog = std::make_unique<iu_program>();
    prog->obj = obj.get();
    prog->desc = p;
    if (p.type == IU_PROG_TRACEPOINT && p.target.rfind("syscalls/sys_enter_", 0) == 0)
      prog->syscall_nr = iu::syscall_number(p.target.substr(strlen("syscalls/sys_enter_")));
    obj->programs.push_back(std::move(prog));
  }
  return obj.release();
}

int iu_object__load(struct iu_object *obj) {
  if (!obj)
    return set_error(EINVAL, "iu_object__load: no object");
  if (obj->loaded)
    return object_error(obj, EBUSY, "already loaded");
  if (obj->backend == IU_BACKEND_KERNEL) {
    int rc = iu::kernel::load(obj);
    if (rc == 0)
      obj->loaded = true;
    return rc;
  }
  // The fuel budget bounds an invocation's work only up to IU_FUEL_MAX (iu.ko
  // checks its own copy of the note the same way).
  uint64_t fuel = obj->image.note.fuel_budget;
  if (fuel == 0 || fuel > IU_FUEL_MAX)
    return object_error(obj, EINVAL,
                        "fuel budget " + std::to_string(fuel) +
                            " is outside what the user backend allows (1.." +
                            std::to_string(IU_FUEL_MAX) + ")");
  auto mapping = std::make_unique<iu::user::ImageMapping>();
  std::string err;
  int rc = mapping->map(obj->bytes, obj->image, &err);
  if (rc < 0)
    return object_error(obj, -rc, err.empty() ? strerror(-rc) : err);
  for (auto &p : obj->programs)
    p->entry = mapping->base() + p->desc.entry;
  obj->mapping = std::move(mapping);
  obj->loaded = true;
  return 0;
}

void iu_object__close(struct iu_object *obj) { delete obj; }

const char *iu_object__name(const struct iu_object *obj) { return obj ? obj->name.c_str() : nullptr; }

enum iu_backend iu_object__backend(const struct iu_object *obj) {
  return obj ? obj->backend : IU_BACKEND_AUTO;
}

struct iu_program *iu_object__next_program(const struct iu_object *obj, struct iu_program *prev) {
  if (!obj || obj->programs.empty())
    return nullptr;
  if (!prev)
    return obj->programs.front().get();
  for (size_t i = 0; i + 1 < obj->programs.size(); ++i)
    if (obj->programs[i].get() == prev)
      return obj->programs[i + 1].get();
  return nullptr;
}

struct iu_program *iu_object__find_program_by_name(const struct iu_object *obj, const char *name) {
  if (!obj || !name) {
    errno = EINVAL;
    return nullptr;
  }
  for (const auto &p : obj->programs)
    if (p->desc.name == name)
      return p.get();
  errno = ENOENT;
  object_error(obj, ENOENT, std::string("no program named '") + name + "'");
  return nullptr;
}

const char *iu_program__name(const struct iu_program *prog) {
  return prog ? prog->desc.name.c_str() : nullptr;
}
const char *iu_program__section_name(const struct iu_program *prog) {
  return prog ? prog->desc.section.c_str() : nullptr;
}
const char *iu_program__attach_target(const struct iu_program *prog) {
  return prog ? prog->desc.target.c_str() : nullptr;
}
unsigned int iu_program__type(const struct iu_program *prog) { return prog ? prog->desc.type : 0; }

size_t iu_program__ctx_size(const struct iu_program *prog) {
  switch (prog ? prog->desc.type : 0) {
  case IU_PROG_KPROBE:
    return IU_PT_REGS_SIZE;
  case IU_PROG_TRACEPOINT: // sys_enter_*: the only tracepoint context there is
    return IU_SYSCALL_ENTER_RECORD_SIZE;
  default:
    return 0;
  }
}

const char *iu_prog_type_str(unsigned int type) { return iu::program_type_name(type); }

struct iu_link *iu_program__attach(struct iu_program *prog) {
  if (!prog) {
    errno = EINVAL;
    set_error(EINVAL, "iu_program__attach: no program");
    return nullptr;
  }
  iu_object *obj = prog->obj;
  auto fail = [&](int e, const std::string &msg) -> iu_link * {
    errno = e;
    object_error(obj, e, "program '" + prog->desc.name + "': " + msg);
    return nullptr;
  };
  if (!obj->loaded)
    return fail(EINVAL, "object is not loaded");
  if (prog->attached)
    return fail(EBUSY, "already attached");
  if (obj->backend == IU_BACKEND_KERNEL) {
    int rc = iu::kernel::attach(prog);
    if (rc < 0) {
      errno = -rc;
      return nullptr;
    }
    prog->attached = true;
    auto *link = new iu_link;
    link->prog = prog;
    return link;
  }
  // The user backend sees system calls only: it provides the syscall-
  // shaped hooks and says so for anything else.
  if (prog->desc.type == IU_PROG_KPROBE && prog->desc.target != "__seccomp_filter")
    return fail(ENOTSUP, "the user backend cannot attach a kprobe to '" + prog->desc.target +
                             "' (only __seccomp_filter); use the kernel backend");
  if (prog->desc.type == IU_PROG_TRACEPOINT && prog->syscall_nr < 0)
    return fail(ENOTSUP, "the user backend cannot attach to tracepoint '" + prog->desc.target +
                             "' (only syscalls/sys_enter_<syscall>)");
  prog->attached = true;
  auto *link = new iu_link;
  link->prog = prog;
  return link;
}

int iu_link__destroy(struct iu_link *link) {
  if (!link)
    return 0;
  int rc = 0;
  if (link->prog->obj->backend == IU_BACKEND_KERNEL && link->prog->attached)
    rc = iu::kernel::detach(link->prog);
  link->prog->attached = false;
  delete link;
  return rc;
}

} // extern "C"
