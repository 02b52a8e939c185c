// libiu's calls on iu.ko's registry (libiu.h, "iu.ko's registry"): ids of
// every loaded object and program, their counters and statistics, detach
// by id, pinning, statistics on and off. Each opens /dev/iu for the one
// request, as bpftool's calls each make one bpf() system call.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iu/ioctl.h>
#include <iu/libiu.h>

#include "object.h"

namespace {

// A missing device is -ENODEV, so that it never reads as "no such id".
int open_device() {
  int fd = open(IU_DEVICE_PATH, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return iu::set_last_error(e == ENOENT ? ENODEV : e,
                              std::string("cannot open " IU_DEVICE_PATH ": ") + strerror(e) +
                                  (e == ENOENT ? " (is iu.ko loaded?)" : ""));
  }
  return fd;
}

// One request on /dev/iu: 0 / the ioctl's non-negative result, or -errno
// with the reason "what: strerror" unless the caller words it (quiet).
int device_ioctl(unsigned long cmd, void *arg, const std::string &what, int quiet = 0) {
  int dev = open_device();
  if (dev < 0)
    return dev;
  int rc = ioctl(dev, cmd, arg);
  int e = errno;
  close(dev);
  if (rc < 0) {
    if (e == quiet)
      return -e;
    return iu::set_last_error(e, what + ": " + strerror(e));
  }
  return rc;
}

} // namespace

int iu_object__pin(struct iu_object *obj, const char *name, uint32_t *obj_id) {
  if (!obj || !name)
    return iu::set_last_error(EINVAL, "iu_object__pin: no object or name");
  if (!obj->loaded)
    return iu::set_last_error(EINVAL, obj->file.path + ": pin: the object is not loaded");
  int fd = obj->backend->object_fd();
  if (fd < 0)
    return iu::set_last_error(EOPNOTSUPP, obj->file.path +
                                              ": pin: only objects loaded into iu.ko "
                                              "(the kernel backend) can be pinned");
  size_t len = strlen(name);
  bool ok = len > 0 && len < IU_PIN_NAME_MAX && strcmp(name, ".") && strcmp(name, "..");
  for (size_t i = 0; ok && i < len; i++) {
    char c = name[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == '-';
  }
  if (!ok)
    return iu::set_last_error(EINVAL, std::string("pin name '") + name +
                                          "': use 1 to " + std::to_string(IU_PIN_NAME_MAX - 1) +
                                          " of A-Z a-z 0-9 _ . -");
  iu_pin_args args{};
  memcpy(args.name, name, len);
  if (ioctl(fd, IU_OBJ_PIN, &args) != 0) {
    int e = errno;
    if (e == EEXIST)
      return iu::set_last_error(e, std::string("an object is already pinned as '") + name + "'");
    if (e == EBUSY)
      return iu::set_last_error(e, obj->file.path + ": the object is already pinned");
    return iu::set_last_error(e, obj->file.path + ": pin '" + name + "': " + strerror(e));
  }
  if (obj_id)
    *obj_id = args.obj_id;
  return 0;
}

int iu_kernel_next_id(enum iu_id_kind kind, uint32_t start, uint32_t *next) {
  iu_next_id_args args{};
  args.kind = kind;
  args.start_id = start;
  int rc = device_ioctl(IU_IOC_NEXT_ID, &args, "next id", ENOENT);
  if (rc < 0)
    return rc;
  if (next)
    *next = args.next_id;
  return 0;
}

int iu_kernel_obj_info(uint32_t id, struct iu_obj_info *info) {
  if (!info)
    return iu::set_last_error(EINVAL, "iu_kernel_obj_info: no info");
  memset(info, 0, sizeof(*info));
  info->id = id;
  int rc = device_ioctl(IU_IOC_OBJ_INFO_BY_ID, info, "object " + std::to_string(id), ENOENT);
  if (rc == -ENOENT)
    return iu::set_last_error(ENOENT, "no object with id " + std::to_string(id));
  return rc < 0 ? rc : 0;
}

int iu_kernel_prog_info(uint32_t id, struct iu_prog_entry *info) {
  if (!info)
    return iu::set_last_error(EINVAL, "iu_kernel_prog_info: no info");
  memset(info, 0, sizeof(*info));
  info->id = id;
  int rc = device_ioctl(IU_IOC_PROG_INFO_BY_ID, info, "program " + std::to_string(id), ENOENT);
  if (rc == -ENOENT)
    return iu::set_last_error(ENOENT, "no program with id " + std::to_string(id));
  return rc < 0 ? rc : 0;
}

int iu_kernel_prog_detach(uint32_t id) {
  int rc = device_ioctl(IU_IOC_PROG_DETACH, reinterpret_cast<void *>(uintptr_t{id}),
                        "detach program " + std::to_string(id), ENOENT);
  if (rc == -ENOENT)
    return iu::set_last_error(ENOENT, "no program with id " + std::to_string(id));
  if (rc == -EALREADY)
    return iu::set_last_error(EALREADY, "program " + std::to_string(id) + " is not attached");
  return rc < 0 ? rc : 0;
}

int iu_kernel_obj_fd(uint32_t id) {
  iu_obj_fd_args args{};
  args.obj_id = id;
  int rc = device_ioctl(IU_IOC_OBJ_GET_FD, &args, "object " + std::to_string(id), ENOENT);
  if (rc == -ENOENT)
    return iu::set_last_error(ENOENT, "no object with id " + std::to_string(id));
  return rc < 0 ? rc : args.fd;
}

int iu_kernel_stats(enum iu_stats_op op, bool *enabled) {
  iu_stats_args args{};
  args.op = op;
  int rc = device_ioctl(IU_IOC_STATS, &args, "statistics");
  if (rc < 0)
    return rc;
  if (enabled)
    *enabled = args.enabled != 0;
  return 0;
}
