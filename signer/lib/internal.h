// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Shared inside libiu_signer only: error reporting, OpenSSL ownership,
// key and certificate loading.
#ifndef IU_SIGNER_INTERNAL_H
#define IU_SIGNER_INTERNAL_H

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "iu/signer.h"

namespace iu::signer {

using Bytes = std::span<const std::uint8_t>;

// ---- Errors (error.cpp) ----

// Record a failure and return -code. code is an errno value or an
// IU_SIGN_ERRNO__* value, positive. fail_file() also names the file the
// failure is about (a key, a certificate), for iu_sign__errfile().
[[gnu::format(printf, 2, 3)]] int fail(int code, const char *fmt, ...);
[[gnu::format(printf, 3, 4)]] int fail_file(int code, std::string_view file,
                                            const char *fmt, ...);
// Forget the previous failure; every public entry point starts with this.
void clear_error();
// Drain OpenSSL's error queue into one short reason ("" if empty). Always
// empties the queue so stale errors never leak into a later message.
std::string openssl_reason();
struct OpensslError {
  std::string reason;         // first error's reason, "" if none
  bool bad_signature = false; // CMS said the signature does not verify
};
OpensslError drain_openssl();

// ---- OpenSSL ownership ----

template <auto Fn> struct Deleter {
  template <typename T> void operator()(T *p) const { Fn(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;

inline void free_x509_stack(STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<free_x509_stack>>;

// ---- Keys and certificates (keys.cpp) ----

// All certificates in a PEM file; fails (returns error, empty vector) if it
// cannot be read or holds none.
int load_certs(const char *path, std::vector<X509Ptr> &out);
// The first certificate of a PEM file.
int load_cert(const char *path, X509Ptr &out);
// A PEM private key; passphrase from $IU_SIGN_PIN if encrypted.
int load_private_key(const char *path, PkeyPtr &out);
// Lowercase hex SHA-1 of the certificate's subjectPublicKey.
int cert_key_id(const X509 *cert, char out[IU_SIG_KEY_ID_SIZE]);
// Printable commonName of a name ("" if none), escaped as in iu_sig_info.
std::string name_cn(const X509_NAME *name);
// One-line "CN=..., O=..." form of a name.
std::string name_oneline(const X509_NAME *name);

// ---- Strings ----

// Copy src to a fixed char array, escaping control bytes as \xNN and
// truncating to fit; always NUL-terminates.
void copy_printable(char *dst, std::size_t size, std::string_view src);
std::string hex(Bytes bytes);

// ---- Trailer (trailer.cpp) ----

// The trailer and magic for a CMS blob of cms_len bytes.
std::vector<std::uint8_t> make_trailer(std::size_t cms_len);

// ---- Trust (trust.cpp) ----

const std::vector<X509Ptr> &trust_certs(const struct iu_trust *trust);

// ---- Files (file_io.cpp) ----

// mkdir -p; created directories get mode.
int make_dirs(const std::string &path, unsigned mode);

} // namespace iu::signer

#endif
