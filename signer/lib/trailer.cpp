// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// The signature trailer: finding it without trusting it, and writing it.
//
//   [payload][CMS, sig_len bytes][struct iu_sig_trailer][IU_SIG_MAGIC]
//
// Every length read from the file is checked against the bytes that are
// actually there before it is used, in the order of kernel/module's
// mod_check_sig(): magic, trailer size, sig_len bound, id_type, zero fields.
#include <cerrno>
#include <cstring>

#include "internal.h"
#include "iu/abi.h"

namespace iu::signer {
namespace {

static_assert(sizeof(struct iu_sig_trailer) == 12,
              "iu_sig_trailer must have the shape of module_signature");
static_assert(sizeof(IU_SIG_MAGIC) - 1 == IU_SIG_MAGIC_LEN);

constexpr std::size_t kTrailerLen = sizeof(struct iu_sig_trailer);
constexpr std::size_t kMagicLen = IU_SIG_MAGIC_LEN;

std::uint32_t load_be32(const std::uint8_t *p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
         (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

} // namespace

std::vector<std::uint8_t> make_trailer(std::size_t cms_len) {
  struct iu_sig_trailer t;
  std::memset(&t, 0, sizeof t);
  t.id_type = IU_SIG_ID_PKCS7;
  std::uint8_t be[4] = {
      static_cast<std::uint8_t>(cms_len >> 24),
      static_cast<std::uint8_t>(cms_len >> 16),
      static_cast<std::uint8_t>(cms_len >> 8),
      static_cast<std::uint8_t>(cms_len),
  };
  std::memcpy(&t.sig_len, be, sizeof be);
  std::vector<std::uint8_t> out(kTrailerLen + kMagicLen);
  std::memcpy(out.data(), &t, kTrailerLen);
  std::memcpy(out.data() + kTrailerLen, IU_SIG_MAGIC, kMagicLen);
  return out;
}

} // namespace iu::signer

using namespace iu::signer;

extern "C" int iu_sig__split(const void *data, size_t len,
                             struct iu_sig_layout *layout) {
  clear_error();
  if ((data == nullptr && len != 0) || layout == nullptr)
    return fail(EINVAL, "invalid argument");
  const auto *bytes = static_cast<const std::uint8_t *>(data);

  if (len < kMagicLen ||
      std::memcmp(bytes + len - kMagicLen, IU_SIG_MAGIC, kMagicLen) != 0)
    return fail(IU_SIGN_ERRNO__NOSIG, "no signature (signature magic not found)");
  // After the magic, only the bytes before it count.
  std::size_t avail = len - kMagicLen;
  if (avail < kTrailerLen)
    return fail(IU_SIGN_ERRNO__TRAILER,
                "malformed signature trailer: file too short for the trailer "
                "(%zu bytes before the magic, %zu needed)",
                avail, kTrailerLen);
  struct iu_sig_trailer t;
  std::memcpy(&t, bytes + avail - kTrailerLen, kTrailerLen);
  avail -= kTrailerLen;

  std::uint32_t sig_len =
      load_be32(reinterpret_cast<const std::uint8_t *>(&t.sig_len));
  if (sig_len == 0)
    return fail(IU_SIGN_ERRNO__TRAILER,
                "malformed signature trailer: sig_len is 0");
  if (sig_len >= avail)
    return fail(IU_SIGN_ERRNO__TRAILER,
                "malformed signature trailer: sig_len %u exceeds the %zu "
                "bytes before the trailer (at least one image byte must be "
                "signed)",
                sig_len, avail);
  if (t.id_type != IU_SIG_ID_PKCS7)
    return fail(IU_SIGN_ERRNO__TRAILER,
                "malformed signature trailer: id_type %u, expected %u (PKCS#7)",
                t.id_type, IU_SIG_ID_PKCS7);
  if (t.algo != 0 || t.hash != 0 || t.signer_len != 0 || t.key_id_len != 0 ||
      t.pad[0] != 0 || t.pad[1] != 0 || t.pad[2] != 0)
    return fail(IU_SIGN_ERRNO__TRAILER,
                "malformed signature trailer: reserved fields are not zero");

  layout->payload_len = avail - sig_len;
  layout->cms_off = layout->payload_len;
  layout->cms_len = sig_len;
  return 0;
}
