// libiu's objects behind the opaque C handles.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <iu/libiu.h>

#include <iu/image.h>

namespace iu::user {
class ImageMapping;
}

struct iu_program {
  iu_object *obj = nullptr;
  iu::Program desc;
  uintptr_t entry = 0;      // run-time address once loaded
  bool attached = false;
  int syscall_nr = -1;      // tracepoint/syscalls/sys_enter_<name>
};

struct iu_link {
  iu_program *prog = nullptr;
};

struct iu_object {
  std::string path;
  std::string name;
  iu_backend backend = IU_BACKEND_USER;
  std::vector<uint8_t> signed_file; // the whole file, as the kernel wants it
  std::vector<uint8_t> bytes;       // the verified image bytes only
  iu::Image image;
  std::vector<std::unique_ptr<iu_program>> programs;
  std::unique_ptr<iu::user::ImageMapping> mapping;
  bool loaded = false;
  int kernel_fd = -1;               // kernel backend: the loaded object
  ~iu_object();
};

namespace iu {
// Reason prefixed with the object's file name.
int object_error(const iu_object *obj, int err, const std::string &msg);
} // namespace iu
