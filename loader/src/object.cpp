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
  return obj->backend->run_command(argv, o);
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
