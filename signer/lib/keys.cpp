// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Keys and certificates: loading, key ids, and generating a signing key
// pair with a self-signed certificate.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "internal.h"

namespace iu::signer {
namespace {

// Read a file through the atomic-safe reader so errors carry errno.
int read_pem(const char *path, BioPtr &out) {
  void *data = nullptr;
  size_t len = 0;
  int r = iu_file__read(path, &data, &len);
  if (r < 0)
    return fail_file(-r, path, "%s", iu_sign__strerror(r));
  // BIO_new_mem_buf does not copy; keep the bytes alive with the BIO by
  // copying into a memory BIO that owns them.
  BIO *bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || BIO_write(bio, data, static_cast<int>(len)) != static_cast<int>(len)) {
    BIO_free(bio);
    std::free(data);
    return fail(ENOMEM, "out of memory");
  }
  OPENSSL_cleanse(data, len);
  std::free(data);
  out.reset(bio);
  return 0;
}

// Passphrase for an encrypted private key: $IU_SIGN_PIN, never a prompt
// (a compiler run must not block on a terminal).
int pin_callback(char *buf, int size, int /*rwflag*/, void * /*u*/) {
  const char *pin = std::getenv("IU_SIGN_PIN");
  if (pin == nullptr)
    return -1;
  std::size_t n = std::strlen(pin);
  if (n > static_cast<std::size_t>(size))
    return -1;
  std::memcpy(buf, pin, n);
  return static_cast<int>(n);
}

std::string asn1_to_utf8(const ASN1_STRING *s) {
  unsigned char *utf8 = nullptr;
  int n = ASN1_STRING_to_UTF8(&utf8, s);
  if (n < 0)
    return "?";
  std::string out(reinterpret_cast<char *>(utf8), static_cast<std::size_t>(n));
  OPENSSL_free(utf8);
  return out;
}

int add_ext(X509 *cert, int nid, const char *value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr)
    return -1;
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1 ? 0 : -1;
}

// Write a whole buffer to a new file (O_EXCL); on failure remove it.
int write_new_file(const std::string &path, const std::string &data,
                   mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                mode);
  if (fd < 0)
    return -errno;
  // The umask may have narrowed the mode; a key must not be wider than
  // asked, and fchmod makes the result independent of the umask.
  int err = 0;
  if (fchmod(fd, mode) != 0)
    err = errno;
  std::size_t off = 0;
  while (err == 0 && off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      err = errno;
      break;
    }
    off += static_cast<std::size_t>(n);
  }
  if (err == 0 && fsync(fd) != 0)
    err = errno;
  if (close(fd) != 0 && err == 0)
    err = errno;
  if (err != 0) {
    unlink(path.c_str());
    return -err;
  }
  return 0;
}

std::string bio_string(BIO *bio) {
  char *p = nullptr;
  long n = BIO_get_mem_data(bio, &p);
  return n > 0 ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

} // namespace

int load_certs(const char *path, std::vector<X509Ptr> &out) {
  BioPtr bio;
  if (int r = read_pem(path, bio); r < 0)
    return r;
  std::size_t before = out.size();
  for (;;) {
    X509 *x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (x == nullptr)
      break;
    out.emplace_back(x);
  }
  // The loop ends with "no start line" at EOF; anything else is damage.
  unsigned long e = ERR_peek_last_error();
  bool eof = ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
  std::string why = openssl_reason();
  if (!eof && e != 0) {
    out.resize(before);
    return fail_file(IU_SIGN_ERRNO__KEY, path, "not a PEM certificate file: %s",
                     why.c_str());
  }
  if (out.size() == before)
    return fail_file(IU_SIGN_ERRNO__KEY, path, "no PEM certificate in file");
  return static_cast<int>(out.size() - before);
}

int load_cert(const char *path, X509Ptr &out) {
  std::vector<X509Ptr> certs;
  int r = load_certs(path, certs);
  if (r < 0)
    return r;
  out = std::move(certs.front());
  return 0;
}

int load_private_key(const char *path, PkeyPtr &out) {
  BioPtr bio;
  if (int r = read_pem(path, bio); r < 0)
    return r;
  EVP_PKEY *k = PEM_read_bio_PrivateKey(bio.get(), nullptr, pin_callback, nullptr);
  if (k == nullptr) {
    std::string why = openssl_reason();
    return fail_file(IU_SIGN_ERRNO__KEY, path,
                     "cannot read PEM private key: %s%s", why.c_str(),
                     std::getenv("IU_SIGN_PIN") == nullptr
                         ? " (if it is encrypted, set IU_SIGN_PIN)"
                         : "");
  }
  out.reset(k);
  return 0;
}

int cert_key_id(const X509 *cert, char out[IU_SIG_KEY_ID_SIZE]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_pubkey_digest(cert, EVP_sha1(), md, &n) != 1 || n != 20) {
    std::string why = openssl_reason();
    return fail(IU_SIGN_ERRNO__CRYPTO, "cannot hash public key: %s", why.c_str());
  }
  std::string h = hex({md, n});
  std::memcpy(out, h.c_str(), h.size() + 1);
  return 0;
}

std::string name_cn(const X509_NAME *name) {
  if (name == nullptr)
    return "";
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0)
    return "";
  const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
  return asn1_to_utf8(X509_NAME_ENTRY_get_data(e));
}

std::string name_oneline(const X509_NAME *name) {
  if (name == nullptr)
    return "";
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio)
    return "";
  // RFC 2253 order reversed (most significant first) with ", " separators,
  // UTF-8 kept as is.
  unsigned long flags = (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SPC_EQ) |
                        ASN1_STRFLGS_UTF8_CONVERT;
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0)
    return "";
  return bio_string(bio.get());
}

} // namespace iu::signer

using namespace iu::signer;

extern "C" int iu_key__algo_from_name(const char *name) {
  clear_error();
  if (name == nullptr)
    return fail(EINVAL, "no key algorithm given");
  if (std::strcmp(name, "ecdsa-p256") == 0)
    return IU_KEY_ECDSA_P256;
  if (std::strcmp(name, "rsa-3072") == 0)
    return IU_KEY_RSA_3072;
  return fail(EINVAL, "unknown key algorithm '%s' (expected ecdsa-p256 or rsa-3072)",
              name);
}

extern "C" int iu_key__id(const char *cert_path, char key_id[IU_SIG_KEY_ID_SIZE]) {
  clear_error();
  if (cert_path == nullptr || key_id == nullptr)
    return fail(EINVAL, "invalid argument");
  X509Ptr cert;
  if (int r = load_cert(cert_path, cert); r < 0)
    return r;
  return cert_key_id(cert.get(), key_id);
}

extern "C" int iu_key__generate(const char *dir, const struct iu_keygen_opts *opts,
                                char key_id[IU_SIG_KEY_ID_SIZE]) {
  clear_error();
  if (dir == nullptr || *dir == '\0')
    return fail(EINVAL, "no output directory given");

  // Options: fields beyond opts->sz count as zero (libbpf's OPTS_GET).
  enum iu_key_algo algo = IU_KEY_DEFAULT;
  const char *cn = IU_KEY_DEFAULT_CN;
  unsigned days = IU_KEY_DEFAULT_DAYS;
  if (opts != nullptr) {
    auto has = [&](std::size_t end) { return opts->sz >= end; };
    if (has(offsetof(iu_keygen_opts, algo) + sizeof opts->algo))
      algo = opts->algo;
    if (has(offsetof(iu_keygen_opts, subject_cn) + sizeof opts->subject_cn) &&
        opts->subject_cn != nullptr)
      cn = opts->subject_cn;
    if (has(offsetof(iu_keygen_opts, validity_days) + sizeof opts->validity_days) &&
        opts->validity_days != 0)
      days = opts->validity_days;
  }
  if (algo == IU_KEY_DEFAULT)
    algo = IU_KEY_RSA_3072;
  if (algo != IU_KEY_ECDSA_P256 && algo != IU_KEY_RSA_3072)
    return fail(EINVAL, "unknown key algorithm %d", static_cast<int>(algo));
  if (*cn == '\0' || std::strlen(cn) > 64)
    return fail(EINVAL, "subject CN must be 1 to 64 characters");

  std::string d = dir;
  std::string key_path = d + "/" IU_KEY_FILE;
  std::string cert_path = d + "/" IU_CERT_FILE;
  if (int r = make_dirs(d, 0700); r < 0)
    return fail_file(-r, d, "cannot create directory: %s", iu_sign__strerror(r));
  // Refuse before generating anything if either file is there.
  for (const std::string *p : {&key_path, &cert_path}) {
    struct stat st;
    if (lstat(p->c_str(), &st) == 0)
      return fail_file(EEXIST, *p, "already exists; refusing to overwrite");
  }

  PkeyPtr pkey(algo == IU_KEY_ECDSA_P256
                   ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{3072}));
  if (!pkey) {
    std::string why = openssl_reason();
    return fail(IU_SIGN_ERRNO__CRYPTO, "key generation failed: %s", why.c_str());
  }

  X509Ptr cert(X509_new());
  if (!cert)
    return fail(ENOMEM, "out of memory");
  // A random positive serial of exactly 159 bits: always 20 octets of DER
  // (RFC 5280 allows up to 20), so signature sizes do not jitter.
  std::unique_ptr<BIGNUM, Deleter<BN_free>> serial(BN_new());
  bool ok = serial && BN_rand(serial.get(), 159, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr;
  ok = ok && X509_set_version(cert.get(), X509_VERSION_3) == 1;
  X509_NAME *name = X509_get_subject_name(cert.get());
  ok = ok && X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char *>(cn),
                                        -1, -1, 0) == 1;
  ok = ok && X509_set_issuer_name(cert.get(), name) == 1;
  ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0) != nullptr;
  ok = ok && X509_time_adj_ex(X509_getm_notAfter(cert.get()), static_cast<int>(days), 0,
                              nullptr) != nullptr;
  ok = ok && X509_set_pubkey(cert.get(), pkey.get()) == 1;
  ok = ok && add_ext(cert.get(), NID_subject_key_identifier, "hash") == 0;
  ok = ok && add_ext(cert.get(), NID_authority_key_identifier, "keyid:always") == 0;
  ok = ok && add_ext(cert.get(), NID_basic_constraints, "critical,CA:FALSE") == 0;
  ok = ok && add_ext(cert.get(), NID_key_usage, "critical,digitalSignature") == 0;
  ok = ok && add_ext(cert.get(), NID_ext_key_usage, "codeSigning") == 0;
  ok = ok && X509_sign(cert.get(), pkey.get(), EVP_sha256()) > 0;
  if (!ok) {
    std::string why = openssl_reason();
    return fail(IU_SIGN_ERRNO__CRYPTO, "cannot build certificate: %s", why.c_str());
  }

  BioPtr key_bio(BIO_new(BIO_s_secmem()));
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  if (!key_bio || !cert_bio ||
      PEM_write_bio_PrivateKey(key_bio.get(), pkey.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1) {
    std::string why = openssl_reason();
    return fail(IU_SIGN_ERRNO__CRYPTO, "cannot encode key pair: %s", why.c_str());
  }
  std::string key_pem = bio_string(key_bio.get());
  std::string cert_pem = bio_string(cert_bio.get());

  int r = write_new_file(key_path, key_pem, 0600);
  OPENSSL_cleanse(key_pem.data(), key_pem.size());
  if (r < 0)
    return fail_file(-r, key_path, "cannot create: %s%s", iu_sign__strerror(r),
                     r == -EEXIST ? "; refusing to overwrite" : "");
  r = write_new_file(cert_path, cert_pem, 0644);
  if (r < 0) {
    // Leave no half pair behind.
    unlink(key_path.c_str());
    return fail_file(-r, cert_path, "cannot create: %s%s", iu_sign__strerror(r),
                     r == -EEXIST ? "; refusing to overwrite" : "");
  }
  if (key_id != nullptr)
    return cert_key_id(cert.get(), key_id);
  return 0;
}
