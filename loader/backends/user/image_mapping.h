// The user backend's image in memory: mapped W^X, relocated, helpers bound.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include <iu/image.h>

namespace iu::user {

class ImageMapping {
public:
  ImageMapping() = default;
  ImageMapping(const ImageMapping &) = delete;
  ImageMapping &operator=(const ImageMapping &) = delete;
  ~ImageMapping();

  // Maps bytes (already validated into image), relocates, and writes the
  // configuration values of config (.iu.config as user space set it:
  // image.config_defaults' size, or empty for the defaults) before RELRO
  // becomes read-only. Returns 0 or a negative errno with *error set.
  int map(std::span<const uint8_t> bytes, const Image &image, std::span<const uint8_t> config,
          std::string *error);

  uintptr_t base() const { return reinterpret_cast<uintptr_t>(base_); }

private:
  void *base_ = nullptr;
  size_t size_ = 0;
};

} // namespace iu::user
