// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// The set of trusted certificates a signature is verified against. Only
// certificates the caller names are in it; the OS trust store never is.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include <dirent.h>
#include <sys/stat.h>

#include "internal.h"

struct iu_trust {
  std::vector<iu::signer::X509Ptr> certs;
};

namespace iu::signer {

const std::vector<X509Ptr> &trust_certs(const struct iu_trust *trust) {
  return trust->certs;
}

namespace {

bool has_cert_suffix(const std::string &name) {
  auto ends = [&](const char *suffix) {
    std::size_t n = std::strlen(suffix);
    return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
  };
  return ends(".pem") || ends(".crt");
}

} // namespace
} // namespace iu::signer

using namespace iu::signer;

extern "C" struct iu_trust *iu_trust__new(void) {
  clear_error();
  auto *t = new (std::nothrow) iu_trust;
  if (t == nullptr) {
    fail(ENOMEM, "out of memory");
    errno = ENOMEM;
  }
  return t;
}

extern "C" void iu_trust__free(struct iu_trust *trust) { delete trust; }

extern "C" size_t iu_trust__count(const struct iu_trust *trust) {
  return trust == nullptr ? 0 : trust->certs.size();
}

extern "C" int iu_trust__add_cert_file(struct iu_trust *trust, const char *path) {
  clear_error();
  if (trust == nullptr || path == nullptr)
    return fail(EINVAL, "invalid argument");
  return load_certs(path, trust->certs);
}

extern "C" int iu_trust__add_dir(struct iu_trust *trust, const char *dir) {
  clear_error();
  if (trust == nullptr || dir == nullptr)
    return fail(EINVAL, "invalid argument");
  DIR *d = opendir(dir);
  if (d == nullptr) {
    int e = errno;
    return fail_file(e, dir, "cannot open trust directory: %s", std::strerror(e));
  }
  std::vector<std::string> names;
  while (struct dirent *ent = readdir(d)) {
    std::string name = ent->d_name;
    if (name[0] != '.' && has_cert_suffix(name))
      names.push_back(std::move(name));
  }
  closedir(d);
  std::sort(names.begin(), names.end());

  std::size_t before = trust->certs.size();
  for (const std::string &name : names) {
    std::string path = std::string(dir) + "/" + name;
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    int r = load_certs(path.c_str(), trust->certs);
    if (r < 0) {
      trust->certs.resize(before);
      return r;
    }
  }
  return static_cast<int>(trust->certs.size() - before);
}

extern "C" int iu_trust__add_default_dirs(struct iu_trust *trust) {
  clear_error();
  if (trust == nullptr)
    return fail(EINVAL, "invalid argument");
  int total = 0;
  char user[IU_SIGN_PATH_MAX];
  const char *dirs[2] = {nullptr, iu_sign__system_trust_dir()};
  if (iu_sign__user_trust_dir(user, sizeof user) == 0)
    dirs[0] = user;
  for (const char *dir : dirs) {
    if (dir == nullptr)
      continue;
    struct stat st;
    if (stat(dir, &st) != 0 && errno == ENOENT)
      continue;
    int r = iu_trust__add_dir(trust, dir);
    if (r < 0)
      return r;
    total += r;
  }
  clear_error();
  return total;
}
