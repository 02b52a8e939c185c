// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Per-user defaults: where the user's signing key lives (created on first
// use), and which directories hold trusted certificates.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <dirent.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

namespace iu::signer {
namespace {

// ${XDG_CONFIG_HOME:-$HOME/.config}; the XDG spec ignores a relative
// XDG_CONFIG_HOME.
int config_home(std::string &out) {
  const char *xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') {
    out = xdg;
    return 0;
  }
  const char *home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    out = std::string(home) + "/.config";
    return 0;
  }
  struct passwd pw, *res = nullptr;
  char buf[4096];
  if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res != nullptr &&
      pw.pw_dir != nullptr && pw.pw_dir[0] == '/') {
    out = std::string(pw.pw_dir) + "/.config";
    return 0;
  }
  return fail(ENOENT, "cannot find the configuration directory: neither "
                      "XDG_CONFIG_HOME nor HOME is set");
}

bool exists(const std::string &path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

int copy_out(char *dst, std::size_t size, const std::string &src) {
  if (src.size() + 1 > size)
    return fail(ENAMETOOLONG, "path too long: %s", src.c_str());
  std::memcpy(dst, src.c_str(), src.size() + 1);
  return 0;
}

void remove_tree_shallow(const std::string &dir) {
  unlink((dir + "/" IU_KEY_FILE).c_str());
  unlink((dir + "/" IU_CERT_FILE).c_str());
  rmdir(dir.c_str());
}

// Generate the default pair. It is made in a private temporary directory
// and renamed into place, so a concurrent first use (two iu-cc runs) ends
// with exactly one complete pair, never a mix of two.
int create_default_pair(const std::string &iu_dir, const std::string &dir,
                        bool &created) {
  created = false;
  if (int r = make_dirs(iu_dir, 0700); r < 0)
    return fail_file(-r, iu_dir, "cannot create directory: %s", iu_sign__strerror(r));
  std::string tmp = iu_dir + "/.signing.XXXXXX";
  if (mkdtemp(tmp.data()) == nullptr) {
    int e = errno;
    return fail_file(e, iu_dir, "cannot create a temporary directory: %s",
                     std::strerror(e));
  }
  if (int r = iu_key__generate(tmp.c_str(), nullptr, nullptr); r < 0) {
    remove_tree_shallow(tmp);
    return r;
  }
  if (rename(tmp.c_str(), dir.c_str()) == 0) {
    created = true;
    return 0;
  }
  int e = errno;
  remove_tree_shallow(tmp);
  if (e == EEXIST || e == ENOTEMPTY)
    return 0; // someone else's pair (or files) won; the caller re-checks
  return fail_file(e, dir, "cannot move the new key pair into place: %s",
                   std::strerror(e));
}

} // namespace
} // namespace iu::signer

using namespace iu::signer;

extern "C" const char *iu_sign__system_trust_dir(void) { return IU_SYSTEM_TRUST_DIR; }

extern "C" int iu_sign__user_trust_dir(char *buf, size_t size) {
  clear_error();
  if (buf == nullptr)
    return fail(EINVAL, "invalid argument");
  std::string base;
  if (int r = config_home(base); r < 0)
    return r;
  return copy_out(buf, size, base + "/iu/trusted");
}

extern "C" int iu_sign__user_identity(struct iu_sign_identity *id) {
  clear_error();
  if (id == nullptr)
    return fail(EINVAL, "invalid argument");
  std::memset(id, 0, sizeof *id);

  const char *env_key = std::getenv("IU_SIGN_KEY");
  const char *env_cert = std::getenv("IU_SIGN_CERT");
  bool have_key = env_key != nullptr && *env_key != '\0';
  bool have_cert = env_cert != nullptr && *env_cert != '\0';
  if (have_key || have_cert) {
    if (!have_key || !have_cert)
      return fail(EINVAL, "IU_SIGN_KEY and IU_SIGN_CERT must be set together");
    for (const char *p : {env_key, env_cert})
      if (!exists(p))
        return fail_file(ENOENT, p, "no such file (from %s)",
                         p == env_key ? "IU_SIGN_KEY" : "IU_SIGN_CERT");
    if (int r = copy_out(id->key_path, sizeof id->key_path, env_key); r < 0)
      return r;
    if (int r = copy_out(id->cert_path, sizeof id->cert_path, env_cert); r < 0)
      return r;
    return iu_key__id(id->cert_path, id->key_id);
  }

  std::string base;
  if (int r = config_home(base); r < 0)
    return r;
  std::string iu_dir = base + "/iu";
  std::string dir = iu_dir + "/signing";
  std::string key = dir + "/" IU_KEY_FILE;
  std::string cert = dir + "/" IU_CERT_FILE;

  if (!exists(key) && !exists(cert)) {
    bool created = false;
    if (int r = create_default_pair(iu_dir, dir, created); r < 0)
      return r;
    id->created = created;
  }
  bool k = exists(key), c = exists(cert);
  if (!k || !c) {
    const std::string &missing = k ? cert : key;
    return fail_file(ENOENT, missing,
                     "missing while %s exists; not generating a new key pair "
                     "over a half-present one",
                     (k ? key : cert).c_str());
  }
  if (int r = copy_out(id->key_path, sizeof id->key_path, key); r < 0)
    return r;
  if (int r = copy_out(id->cert_path, sizeof id->cert_path, cert); r < 0)
    return r;
  if (int r = iu_key__id(id->cert_path, id->key_id); r < 0)
    return r;

  if (id->created) {
    // Trust our own key, so this user's loader accepts this user's images.
    std::string trust_dir = iu_dir + "/trusted";
    std::string copy = trust_dir + "/" + id->key_id + ".pem";
    if (int r = make_dirs(trust_dir, 0700); r < 0)
      return fail_file(-r, trust_dir, "cannot create directory: %s",
                       iu_sign__strerror(r));
    void *pem = nullptr;
    size_t len = 0;
    if (int r = iu_file__read(id->cert_path, &pem, &len); r < 0)
      return fail_file(-r, id->cert_path, "%s", iu_sign__strerror(r));
    int r = iu_file__write_atomic(copy.c_str(), pem, len, 0644);
    std::free(pem);
    if (r < 0)
      return fail_file(-r, copy, "cannot write: %s", iu_sign__strerror(r));
    if (int rr = copy_out(id->trusted_copy, sizeof id->trusted_copy, copy); rr < 0)
      return rr;
  }
  clear_error();
  return 0;
}
