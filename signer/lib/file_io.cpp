// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Whole-file reads, atomic replacement, mkdir -p.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

namespace iu::signer {
namespace {

constexpr std::size_t kMaxFile = std::size_t{1} << 30;

int write_all(int fd, const void *data, std::size_t len) {
  const auto *p = static_cast<const char *>(data);
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return 0;
}

// The process umask without changing it (umask(2) would, racing other
// threads): Linux reports it in /proc/self/status.
mode_t current_umask() {
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 022;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return 022;
  buf[n] = '\0';
  const char *p = std::strstr(buf, "\nUmask:");
  if (p == nullptr)
    return 022;
  return static_cast<mode_t>(std::strtoul(p + 7, nullptr, 8)) & 0777;
}

std::string dir_of(const std::string &path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

} // namespace

int make_dirs(const std::string &path, unsigned mode) {
  if (path.empty())
    return -EINVAL;
  std::string cur;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t next = path.find('/', pos);
    if (next == std::string::npos)
      next = path.size();
    cur = path.substr(0, next);
    pos = next + 1;
    if (cur.empty() || cur.back() == '/')
      continue; // leading or doubled slash
    if (mkdir(cur.c_str(), mode) != 0) {
      if (errno != EEXIST)
        return -errno;
      struct stat st;
      if (stat(cur.c_str(), &st) != 0)
        return -errno;
      if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    }
  }
  return 0;
}

} // namespace iu::signer

using namespace iu::signer;

extern "C" int iu_file__read(const char *path, void **data, size_t *len) {
  clear_error();
  if (path == nullptr || data == nullptr || len == nullptr)
    return fail(EINVAL, "invalid argument");
  *data = nullptr;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return fail(e, "%s", std::strerror(e));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return fail(e, "%s", std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return fail(EISDIR, "is a directory");
  }
  // Read until EOF rather than trusting st_size, so pipes work too.
  std::string buf;
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::uint64_t>(st.st_size) > kMaxFile) {
      close(fd);
      return fail(EFBIG, "file larger than 1 GiB");
    }
    buf.reserve(static_cast<std::size_t>(st.st_size));
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int e = errno;
      close(fd);
      return fail(e, "read failed: %s", std::strerror(e));
    }
    if (n == 0)
      break;
    if (buf.size() + static_cast<std::size_t>(n) > kMaxFile) {
      close(fd);
      return fail(EFBIG, "file larger than 1 GiB");
    }
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  close(fd);
  // malloc(0) may return NULL; always hand out a valid pointer.
  void *out = std::malloc(buf.size() + 1);
  if (out == nullptr)
    return fail(ENOMEM, "out of memory");
  std::memcpy(out, buf.data(), buf.size());
  *data = out;
  *len = buf.size();
  return 0;
}

extern "C" int iu_file__write_atomic(const char *path, const void *data,
                                     size_t len, int mode) {
  clear_error();
  if (path == nullptr || *path == '\0' || (data == nullptr && len != 0))
    return fail(EINVAL, "invalid argument");
  std::string target = path;
  std::string dir = dir_of(target);

  mode_t final_mode;
  struct stat st;
  if (mode >= 0) {
    final_mode = static_cast<mode_t>(mode) & 07777;
  } else if (stat(path, &st) == 0) {
    final_mode = st.st_mode & 07777;
  } else {
    final_mode = 0644 & ~current_umask();
  }

  std::string tmp = target + ".tmpXXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return fail(e, "cannot create a temporary file in %s: %s", dir.c_str(),
                std::strerror(e));
  }
  int r = write_all(fd, data, len);
  const char *what = "write";
  if (r == 0 && fchmod(fd, final_mode) != 0) {
    r = -errno;
    what = "chmod";
  }
  if (r == 0 && fsync(fd) != 0) {
    r = -errno;
    what = "fsync";
  }
  if (close(fd) != 0 && r == 0) {
    r = -errno;
    what = "close";
  }
  if (r == 0 && rename(tmp.c_str(), path) != 0) {
    r = -errno;
    what = "rename";
  }
  if (r != 0) {
    unlink(tmp.c_str());
    return fail(-r, "%s failed: %s", what, std::strerror(-r));
  }
  // Make the rename itself durable.
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return 0;
}
