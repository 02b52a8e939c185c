// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Signing: a detached CMS SignedData over the whole image, made as the
// kernel's scripts/sign-file.c makes module signatures (SHA-256, no
// certificates, no signed attributes, signer named by issuer and serial),
// followed by the trailer and the magic.
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <sys/stat.h>

#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include "internal.h"

namespace iu::signer {
namespace {

// Accept the key types the kernel's PKCS#7 verifier handles and that are
// strong enough: ECDSA on P-256/P-384, RSA of at least 2048 bits.
int check_key_type(EVP_PKEY *pkey, const char *key_path) {
  int bits = EVP_PKEY_get_bits(pkey);
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    if (bits < 2048)
      return fail_file(IU_SIGN_ERRNO__KEY, key_path,
                       "RSA key of %d bits is too small (at least 2048)", bits);
    return 0;
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64] = "";
    std::size_t n = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, "group", group, sizeof group, &n) == 1 &&
        (std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "secp384r1") == 0))
      return 0;
    openssl_reason();
    return fail_file(IU_SIGN_ERRNO__KEY, key_path,
                     "EC key on curve '%s' not supported (P-256 or P-384)", group);
  }
  return fail_file(IU_SIGN_ERRNO__KEY, key_path,
                   "key type %s not supported (ECDSA P-256 or RSA)",
                   EVP_PKEY_get0_type_name(pkey));
}

int make_cms(Bytes payload, X509 *cert, EVP_PKEY *pkey, std::vector<std::uint8_t> &der) {
  if (payload.size() > INT_MAX)
    return fail(EFBIG, "image too large to sign");
  BioPtr content(BIO_new_mem_buf(payload.data(), static_cast<int>(payload.size())));
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr,
                      CMS_NOCERTS | CMS_PARTIAL | CMS_BINARY | CMS_DETACHED));
  bool ok = content && cms;
  ok = ok && CMS_add1_signer(cms.get(), cert, pkey, EVP_sha256(),
                             CMS_NOCERTS | CMS_BINARY | CMS_NOSMIMECAP | CMS_NOATTR) !=
                 nullptr;
  ok = ok && CMS_final(cms.get(), content.get(), nullptr, CMS_NOCERTS | CMS_BINARY) == 1;
  unsigned char *out = nullptr;
  int n = ok ? i2d_CMS_ContentInfo(cms.get(), &out) : -1;
  if (n <= 0) {
    std::string why = openssl_reason();
    return fail(IU_SIGN_ERRNO__CRYPTO, "cannot create the CMS signature: %s",
                why.c_str());
  }
  der.assign(out, out + n);
  OPENSSL_free(out);
  return 0;
}

} // namespace
} // namespace iu::signer

using namespace iu::signer;

extern "C" int iu_sig__sign(const void *image, size_t len, const char *key_path,
                            const char *cert_path, void **out, size_t *out_len) {
  clear_error();
  if ((image == nullptr && len != 0) || key_path == nullptr || cert_path == nullptr ||
      out == nullptr || out_len == nullptr)
    return fail(EINVAL, "invalid argument");
  *out = nullptr;
  *out_len = 0;

  // Re-signing replaces: sign only what an existing signature covered.
  Bytes payload(static_cast<const std::uint8_t *>(image), len);
  struct iu_sig_layout layout;
  int r = iu_sig__split(image, len, &layout);
  if (r == 0) {
    payload = payload.first(layout.payload_len);
  } else if (r == -IU_SIGN_ERRNO__TRAILER) {
    return fail(IU_SIGN_ERRNO__TRAILER,
                "ends with the signature magic but its %s; refusing to sign it "
                "(strip the broken signature first)",
                iu_sign__errmsg());
  } else if (r != -IU_SIGN_ERRNO__NOSIG) {
    return r;
  }
  clear_error();
  if (payload.empty())
    return fail(EINVAL, "empty image: nothing to sign");

  X509Ptr cert;
  if (int e = load_cert(cert_path, cert); e < 0)
    return e;
  PkeyPtr pkey;
  if (int e = load_private_key(key_path, pkey); e < 0)
    return e;
  if (int e = check_key_type(pkey.get(), key_path); e < 0)
    return e;
  if (X509_check_private_key(cert.get(), pkey.get()) != 1) {
    openssl_reason();
    return fail_file(IU_SIGN_ERRNO__KEYMISMATCH, key_path,
                     "private key does not match certificate %s", cert_path);
  }

  std::vector<std::uint8_t> cms;
  if (int e = make_cms(payload, cert.get(), pkey.get(), cms); e < 0)
    return e;
  std::vector<std::uint8_t> trailer = make_trailer(cms.size());

  std::size_t total = payload.size() + cms.size() + trailer.size();
  auto *buf = static_cast<std::uint8_t *>(std::malloc(total));
  if (buf == nullptr)
    return fail(ENOMEM, "out of memory");
  std::memcpy(buf, payload.data(), payload.size());
  std::memcpy(buf + payload.size(), cms.data(), cms.size());
  std::memcpy(buf + payload.size() + cms.size(), trailer.data(), trailer.size());
  *out = buf;
  *out_len = total;
  return 0;
}

extern "C" int iu_sig__sign_file(const char *in_path, const char *out_path,
                                 const char *key_path, const char *cert_path) {
  clear_error();
  if (in_path == nullptr)
    return fail(EINVAL, "invalid argument");
  void *image = nullptr;
  size_t len = 0;
  if (int r = iu_file__read(in_path, &image, &len); r < 0)
    return r;
  void *signed_image = nullptr;
  size_t signed_len = 0;
  int r = iu_sig__sign(image, len, key_path, cert_path, &signed_image, &signed_len);
  std::free(image);
  if (r < 0)
    return r;
  const char *dst = out_path != nullptr ? out_path : in_path;
  // A new output file takes the input's mode; an existing one keeps its own.
  int mode = -1;
  struct stat st;
  if (out_path != nullptr && stat(out_path, &st) != 0 && stat(in_path, &st) == 0)
    mode = static_cast<int>(st.st_mode & 07777);
  r = iu_file__write_atomic(dst, signed_image, signed_len, mode);
  std::free(signed_image);
  if (r < 0 && out_path != nullptr)
    return fail_file(-r, out_path, "%s", iu_sign__errmsg());
  return r;
}
