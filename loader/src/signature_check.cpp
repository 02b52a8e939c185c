#include "signature_check.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include <iu/signer.h>

namespace iu {
namespace {

struct TrustDeleter {
  void operator()(iu_trust *t) const { iu_trust__free(t); }
};

// The errno a refused signature maps to, so C callers can tell the cases
// apart without parsing the message.
int errno_of(int sig_err) {
  switch (-sig_err) {
  case IU_SIGN_ERRNO__NOSIG:
    return ENOKEY;
  case IU_SIGN_ERRNO__TRAILER:
  case IU_SIGN_ERRNO__CMS:
    return EBADMSG;
  case IU_SIGN_ERRNO__DIGEST:
  case IU_SIGN_ERRNO__UNTRUSTED:
    return EKEYREJECTED;
  default:
    return sig_err < 0 && -sig_err < 4096 ? -sig_err : EINVAL;
  }
}

std::string reason(int rc) {
  const char *msg = iu_last_error();
  std::string r = *msg ? msg : iu_strerror(rc);
  if (const char *file = iu_last_error_file())
    r = std::string(file) + ": " + r;
  return r;
}

} // namespace

int check_signature(const std::vector<uint8_t> &file, const iu_object_open_opts &opts,
                    size_t *payload_len, std::string *error) {
  std::unique_ptr<iu_trust, TrustDeleter> trust(iu_trust__new());
  if (!trust) {
    *error = "out of memory";
    return -ENOMEM;
  }
  for (size_t i = 0; i < opts.trusted_cert_cnt; ++i) {
    const char *cert = opts.trusted_certs[i];
    int rc = iu_trust__add_cert_file(trust.get(), cert);
    if (rc < 0) {
      *error = std::string("trusted certificate ") + cert + ": " + reason(rc);
      return -errno_of(rc);
    }
  }
  if (!opts.no_default_trust) {
    int rc = iu_trust__add_default_dirs(trust.get());
    if (rc < 0) {
      *error = "trust directories: " + reason(rc);
      return -errno_of(rc);
    }
  }
  ssize_t n = iu_sig__verify(file.data(), file.size(), trust.get(), nullptr);
  if (n < 0) {
    int rc = static_cast<int>(n);
    *error = reason(rc);
    if (rc == -IU_SIGN_ERRNO__NOSIG)
      *error = "image is not signed (iu-cc signs images unless --no-sign is given)";
    else if (rc == -IU_SIGN_ERRNO__UNTRUSTED && iu_trust__count(trust.get()) == 0)
      *error += " (no trusted certificates: see iu-load --trust)";
    return -errno_of(rc);
  }
  *payload_len = static_cast<size_t>(n);
  return 0;
}

} // namespace iu
