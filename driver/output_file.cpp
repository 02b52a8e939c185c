#include "output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include <iu/signer.h>

namespace iucc {

bool write_file_atomically(const std::vector<uint8_t> &bytes, const std::string &path,
                           mode_t mode, std::string *error) {
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  std::string tmpl = dir + "/.iu-cc.tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back(0);
  int fd = mkstemp(name.data());
  if (fd < 0) {
    *error = path + ": cannot create a file in " + dir + ": " + strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      *error = path + ": write failed: " + strerror(errno);
      close(fd);
      unlink(name.data());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
    *error = path + ": " + strerror(errno);
    unlink(name.data());
    return false;
  }
  if (rename(name.data(), path.c_str()) != 0) {
    *error = path + ": " + strerror(errno);
    unlink(name.data());
    return false;
  }
  return true;
}

bool install_file(const std::string &from, const std::string &path, std::string *error) {
  std::ifstream in(from, std::ios::binary);
  if (!in) {
    *error = from + ": cannot read";
    return false;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return write_file_atomically(bytes, path, 0644, error);
}

namespace {

std::string signer_reason(int rc) {
  const char *msg = iu_sign__errmsg();
  std::string r = msg && *msg ? msg : iu_sign__strerror(rc);
  if (const char *file = iu_sign__errfile())
    r = std::string(file) + ": " + r;
  return r;
}

// Key and certificate: --sign-key/--sign-cert, else $IU_SIGN_KEY and
// $IU_SIGN_CERT, else the per-user pair (created on first use).
bool signing_identity(const Options &o, std::string *key, std::string *cert, std::string *error) {
  if (!o.sign_key.empty() || !o.sign_cert.empty()) {
    if (o.sign_key.empty() || o.sign_cert.empty()) {
      *error = "--sign-key and --sign-cert must be given together";
      return false;
    }
    *key = o.sign_key;
    *cert = o.sign_cert;
    return true;
  }
  iu_sign_identity id{};
  int rc = iu_sign__user_identity(&id);
  if (rc < 0) {
    *error = "no signing key: " + signer_reason(rc) +
             " (use --sign-key/--sign-cert, or --no-sign for an unsigned image)";
    return false;
  }
  if (id.created) {
    std::string dir = id.key_path;
    dir = dir.substr(0, dir.rfind('/'));
    fprintf(stderr,
            "iu-cc: created a signing key in %s (key id %s); iu-load trusts it for this user "
            "through %s\n",
            dir.c_str(), id.key_id, id.trusted_copy);
  }
  *key = id.key_path;
  *cert = id.cert_path;
  return true;
}

} // namespace

bool write_image(const std::vector<uint8_t> &image, const std::string &path, const Options &o,
                 std::string *error) {
  if (o.no_sign)
    return write_file_atomically(image, path, 0644, error);
  std::string key, cert;
  if (!signing_identity(o, &key, &cert, error))
    return false;
  void *signed_image = nullptr;
  size_t signed_len = 0;
  int rc = iu_sig__sign(image.data(), image.size(), key.c_str(), cert.c_str(), &signed_image,
                        &signed_len);
  if (rc < 0) {
    *error = "cannot sign the image: " + signer_reason(rc);
    return false;
  }
  const auto *p = static_cast<const uint8_t *>(signed_image);
  std::vector<uint8_t> bytes(p, p + signed_len);
  free(signed_image);
  return write_file_atomically(bytes, path, 0644, error);
}

} // namespace iucc
