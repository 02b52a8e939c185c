// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// libFuzzer target: arbitrary bytes through the signature trailer parser,
// the CMS inspection and the verifier. Checks, beyond "no crash, no
// sanitizer report", the invariants callers rely on:
//  - split succeeds only with payload + CMS + trailer + magic == input;
//  - verify succeeds only if split does, returning its payload length;
//  - inspect and verify agree with split about the layout.
//
// Trust: the PEM certificate(s) in $IU_FUZZ_TRUST (the seed corpus should be
// signed by its key so the fuzzer starts from valid signatures), else a key
// pair generated at start-up.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

#include "iu/abi.h"
#include "iu/signer.h"

namespace {

struct iu_trust *g_trust = nullptr;

[[noreturn]] void die(const char *what) {
  std::fprintf(stderr, "fuzz_sig_trailer: %s: %s\n", what, iu_sign__errmsg());
  std::abort();
}

void check(bool ok, const char *what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_sig_trailer: invariant broken: %s\n", what);
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  g_trust = iu_trust__new();
  if (g_trust == nullptr)
    die("iu_trust__new");
  if (const char *pem = std::getenv("IU_FUZZ_TRUST")) {
    if (iu_trust__add_cert_file(g_trust, pem) < 0)
      die(pem);
    return 0;
  }
  const char *tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                    "/fuzz_sig_trailer.XXXXXX";
  if (mkdtemp(dir.data()) == nullptr)
    die("mkdtemp");
  if (iu_key__generate(dir.c_str(), nullptr, nullptr) < 0)
    die("keygen");
  std::string cert = dir + "/" IU_CERT_FILE;
  if (iu_trust__add_cert_file(g_trust, cert.c_str()) < 0)
    die("trust");
  unlink((dir + "/" IU_KEY_FILE).c_str());
  unlink(cert.c_str());
  rmdir(dir.c_str());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  struct iu_sig_layout layout;
  int split = iu_sig__split(data, size, &layout);
  check(split == 0 || split == -IU_SIGN_ERRNO__NOSIG || split == -IU_SIGN_ERRNO__TRAILER,
        "split returns only ok, no signature or malformed trailer");
  if (split == 0) {
    check(layout.payload_len >= 1, "payload is not empty");
    check(layout.cms_off == layout.payload_len, "CMS follows the payload");
    check(layout.cms_len >= 1, "CMS is not empty");
    check(layout.payload_len + layout.cms_len + sizeof(struct iu_sig_trailer) +
                  IU_SIG_MAGIC_LEN ==
              size,
          "layout covers the input exactly");
  }

  struct iu_sig_info info;
  int inspect = iu_sig__inspect(data, size, g_trust, &info);
  if (split != 0)
    check(inspect == split, "inspect fails as split does");
  else
    check(inspect == 0 || inspect == -IU_SIGN_ERRNO__CMS, "inspect after split");
  check(std::memchr(info.issuer, 0, sizeof info.issuer) != nullptr &&
            std::memchr(info.serial, 0, sizeof info.serial) != nullptr &&
            std::memchr(info.sig_algo, 0, sizeof info.sig_algo) != nullptr,
        "info strings are terminated");

  ssize_t n = iu_sig__verify(data, size, g_trust, &info);
  if (n >= 0) {
    check(split == 0 && inspect == 0, "verify succeeds only on a well-formed signature");
    check(static_cast<std::size_t>(n) == layout.payload_len, "verify returns payload_len");
  } else {
    check(n == split || split == 0, "verify fails as split does");
    check(n == -IU_SIGN_ERRNO__NOSIG || n == -IU_SIGN_ERRNO__TRAILER ||
              n == -IU_SIGN_ERRNO__CMS || n == -IU_SIGN_ERRNO__DIGEST ||
              n == -IU_SIGN_ERRNO__UNTRUSTED,
          "verify fails with a documented reason");
    check(iu_sign__errmsg()[0] != '\0', "a failure has a message");
  }
  return 0;
}
