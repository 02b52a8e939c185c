#include "kernel_btf.h"

#include <bpf/btf.h>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace iu {
namespace {

constexpr const char *kCacheDir = "/run/iu";
constexpr const char *kCacheFile = "/run/iu/kernel-fields";
constexpr const char *kCacheMagic = "iu-kernel-fields 1";

std::mutex g_mutex;

std::string boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id;
}

struct BootCache {
  bool read = false;
  std::string boot;
  std::map<std::string, int64_t> offsets;
  bool dirty = false;

  // "<magic> <boot id>", then "<offset> <key>" lines.
  void load() {
    if (read)
      return;
    read = true;
    boot = boot_id();
    std::ifstream in(kCacheFile);
    std::string line;
    if (boot.empty() || !std::getline(in, line) || line != std::string(kCacheMagic) + " " + boot)
      return;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      int64_t offset;
      std::string key;
      if (fields >> offset && fields.get() == ' ' && std::getline(fields, key) && !key.empty())
        offsets[key] = offset;
    }
  }
};

BootCache &cache() {
  static BootCache c;
  return c;
}

} // namespace

const btf *running_kernel_btf(int *err) {
  static std::unique_ptr<btf, void (*)(btf *)> b(nullptr, btf__free);
  static int error = 0;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!b && !error) {
    b.reset(btf__load_vmlinux_btf());
    if (!b)
      error = errno ? errno : ENOENT;
  }
  *err = error;
  return b.get();
}

bool boot_cached_offset(const std::string &key, int64_t *offset) {
  std::lock_guard<std::mutex> lock(g_mutex);
  BootCache &c = cache();
  c.load();
  auto it = c.offsets.find(key);
  if (it == c.offsets.end())
    return false;
  *offset = it->second;
  return true;
}

void boot_cache_offset(const std::string &key, int64_t offset) {
  if (key.find('\n') != std::string::npos)
    return;
  std::lock_guard<std::mutex> lock(g_mutex);
  BootCache &c = cache();
  c.load();
  auto [it, added] = c.offsets.emplace(key, offset);
  if (added || it->second != offset) {
    it->second = offset;
    c.dirty = true;
  }
}

void boot_cache_save() {
  std::lock_guard<std::mutex> lock(g_mutex);
  BootCache &c = cache();
  if (!c.dirty || c.boot.empty() || geteuid() != 0)
    return;
  c.dirty = false;
  // Root's own directory: no other user can plant a file or a link there.
  if (mkdir(kCacheDir, 0700) != 0 && errno != EEXIST)
    return;
  struct stat st;
  if (lstat(kCacheDir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0)
    return;
  std::string tmp = std::string(kCacheFile) + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out)
      return;
    out << kCacheMagic << ' ' << c.boot << '\n';
    for (const auto &[key, offset] : c.offsets)
      out << offset << ' ' << key << '\n';
    if (!out.flush()) {
      unlink(tmp.c_str());
      return;
    }
  }
  if (rename(tmp.c_str(), kCacheFile) != 0)
    unlink(tmp.c_str());
}

} // namespace iu
