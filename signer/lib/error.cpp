// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// The error state of iu's libraries (iu/error.h): one readable line per
// failure, per thread, written by libiu and libiu_signer alike; the
// signer's formatted failures with OpenSSL's error queue drained into them;
// iu_strerror for the codes.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <openssl/cms.h>
#include <openssl/err.h>

#include "internal.h"

namespace iu {
namespace {

struct LastError {
  std::string msg;
  std::string file;
  bool has_file = false;
};

thread_local LastError g_last;

} // namespace

int set_last_error(int err, std::string_view msg, std::string_view file) {
  // msg or file may be the old message (iu_last_error()): copy first.
  std::string m(msg), f(file);
  g_last.msg = std::move(m);
  g_last.has_file = !f.empty();
  g_last.file = std::move(f);
  return -err;
}

void clear_last_error() {
  g_last.msg.clear();
  g_last.file.clear();
  g_last.has_file = false;
}

} // namespace iu

namespace iu::signer {
namespace {

int record(int code, std::string_view file, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, ap);
  std::string msg(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0)
    std::vsnprintf(msg.data(), msg.size() + 1, fmt, again);
  va_end(again);
  return set_last_error(code, msg, file);
}

} // namespace

int fail(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = record(code, {}, fmt, ap);
  va_end(ap);
  return r;
}

int fail_file(int code, std::string_view file, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = record(code, file, fmt, ap);
  va_end(ap);
  return r;
}

void clear_error() {
  clear_last_error();
  ERR_clear_error();
}

OpensslError drain_openssl() {
  // The first error is usually the root cause; later ones are callers
  // reporting that their callee failed. CMS reports a bad signature as
  // CMS_R_VERIFICATION_FAILURE, anywhere in the queue.
  OpensslError out;
  unsigned long first = 0;
  for (unsigned long e; (e = ERR_get_error()) != 0;) {
    if (first == 0)
      first = e;
    if (ERR_GET_LIB(e) == ERR_LIB_CMS &&
        ERR_GET_REASON(e) == CMS_R_VERIFICATION_FAILURE)
      out.bad_signature = true;
  }
  if (first == 0)
    return out;
  const char *reason = ERR_reason_error_string(first);
  if (reason != nullptr) {
    out.reason = reason;
  } else {
    char buf[256];
    ERR_error_string_n(first, buf, sizeof buf);
    out.reason = buf;
  }
  return out;
}

std::string openssl_reason() { return drain_openssl().reason; }

void copy_printable(char *dst, std::size_t size, std::string_view src) {
  if (size == 0)
    return;
  std::size_t n = 0;
  for (unsigned char c : src) {
    char esc[5];
    std::size_t len;
    if (c < 0x20 || c == 0x7f || c == '\\') {
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      len = 4;
    } else {
      esc[0] = static_cast<char>(c);
      len = 1;
    }
    if (n + len + 1 > size)
      break;
    std::memcpy(dst + n, esc, len);
    n += len;
  }
  dst[n] = '\0';
}

std::string hex(Bytes bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 15]);
  }
  return s;
}

} // namespace iu::signer

extern "C" const char *iu_strerror(int err) {
  int code = err < 0 ? -err : err;
  switch (code) {
  case 0:
    return "success";
  case IU_SIGN_ERRNO__NOSIG:
    return "no signature";
  case IU_SIGN_ERRNO__TRAILER:
    return "malformed signature trailer";
  case IU_SIGN_ERRNO__CMS:
    return "bad CMS signature blob";
  case IU_SIGN_ERRNO__DIGEST:
    return "signature does not match content";
  case IU_SIGN_ERRNO__UNTRUSTED:
    return "untrusted signer";
  case IU_SIGN_ERRNO__KEY:
    return "unusable key or certificate";
  case IU_SIGN_ERRNO__KEYMISMATCH:
    return "private key does not match certificate";
  case IU_SIGN_ERRNO__CRYPTO:
    return "cryptographic library failure";
  default:
    break;
  }
  static thread_local char buf[128];
  // GNU strerror_r returns a pointer that may or may not be buf.
  const char *s = strerror_r(code, buf, sizeof buf);
  return s != nullptr ? s : "unknown error";
}

extern "C" const char *iu_last_error(void) { return iu::g_last.msg.c_str(); }

extern "C" const char *iu_last_error_file(void) {
  return iu::g_last.has_file ? iu::g_last.file.c_str() : nullptr;
}

// The signer's older names (iu/signer.h).
extern "C" const char *iu_sign__strerror(int err) { return iu_strerror(err); }
extern "C" const char *iu_sign__errmsg(void) { return iu_last_error(); }
extern "C" const char *iu_sign__errfile(void) { return iu_last_error_file(); }
