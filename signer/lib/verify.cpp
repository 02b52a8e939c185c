// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Verification: split the file, hold the CMS blob to the exact form iu-sign
// produces, find the signer among the trusted certificates only, and check
// the signature over exactly the payload bytes.
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "internal.h"

namespace iu::signer {
namespace {

struct Parsed {
  struct iu_sig_layout layout {};
  CmsPtr cms;
  CMS_SignerInfo *si = nullptr; // owned by cms
};

std::string serial_hex(const ASN1_INTEGER *serial) {
  std::unique_ptr<BIGNUM, Deleter<BN_free>> bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn)
    return "?";
  char *h = BN_bn2hex(bn.get());
  if (h == nullptr)
    return "?";
  std::string s = h;
  OPENSSL_free(h);
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string algo_name(const X509_ALGOR *alg) {
  if (alg == nullptr)
    return "?";
  const ASN1_OBJECT *obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  if (const char *ln = OBJ_nid2ln(OBJ_obj2nid(obj)))
    return ln;
  char buf[80];
  OBJ_obj2txt(buf, sizeof buf, obj, 1);
  return buf;
}

// ---- A minimal DER reader for the fields OpenSSL does not expose (the
// SignedData and SignerInfo versions, the SignedData digestAlgorithms). It
// runs only on bytes OpenSSL has already parsed and re-encoded identically,
// so it needs single-byte tags and definite lengths only; every length is
// still checked against what is left.
struct Tlv {
  std::uint8_t tag = 0;
  Bytes value;
};

bool next_tlv(Bytes &cur, Tlv &out) {
  if (cur.size() < 2 || (cur[0] & 0x1f) == 0x1f)
    return false;
  out.tag = cur[0];
  std::size_t len = cur[1], hdr = 2;
  if (len & 0x80) {
    std::size_t octets = len & 0x7f;
    if (octets == 0 || octets > 4 || cur.size() < 2 + octets)
      return false;
    len = 0;
    for (std::size_t i = 0; i < octets; i++)
      len = (len << 8) | cur[2 + i];
    hdr += octets;
  }
  if (len > cur.size() - hdr)
    return false;
  out.value = cur.subspan(hdr, len);
  cur = cur.subspan(hdr + len);
  return true;
}

bool enter(Bytes &cur, std::uint8_t tag, Bytes &inner) {
  Tlv t;
  if (!next_tlv(cur, t) || t.tag != tag)
    return false;
  inner = t.value;
  return true;
}

bool is_version_1(Bytes &cur) {
  Tlv t;
  return next_tlv(cur, t) && t.tag == 0x02 && t.value.size() == 1 && t.value[0] == 1;
}

// AlgorithmIdentifier { sha256 } with the parameters absent, DER: the one
// encoding OpenSSL (and the kernel's sign-file) writes, and the only one
// iu.ko accepts, so that one image has one valid signature encoding.
bool is_sha256_algid(Bytes v) {
  static const std::uint8_t sha256_oid[] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                            0x65, 0x03, 0x04, 0x02, 0x01};
  return v.size() == sizeof sha256_oid &&
         std::memcmp(v.data(), sha256_oid, sizeof sha256_oid) == 0;
}

// ContentInfo { signedData, [0] SignedData { version 1, digestAlgorithms
// {sha256}, ..., signerInfos { SignerInfo { version 1, ... } } } }.
const char *check_hidden_fields(Bytes der) {
  Bytes ci, sd, cur, algs, alg, sis, si;
  Tlv t;
  if (!enter(der, 0x30, ci) || !next_tlv(ci, t) || t.tag != 0x06 ||
      !enter(ci, 0xa0, cur) || !enter(cur, 0x30, sd))
    return "unexpected ContentInfo structure";
  if (!is_version_1(sd))
    return "SignedData version is not 1";
  if (!enter(sd, 0x31, algs) || !enter(algs, 0x30, alg) || !algs.empty() ||
      !is_sha256_algid(alg))
    return "SignedData digestAlgorithms is not exactly {sha256}";
  if (!next_tlv(sd, t) || t.tag != 0x30) // encapContentInfo, checked by OpenSSL
    return "unexpected encapContentInfo";
  if (!enter(sd, 0x31, sis) || !sd.empty() || !enter(sis, 0x30, si) || !sis.empty())
    return "unexpected signerInfos structure";
  if (!is_version_1(si))
    return "SignerInfo version is not 1";
  return nullptr;
}

// Parameters of an AlgorithmIdentifier: absent, NULL, or something else.
int algo_param_type(const X509_ALGOR *alg) {
  int ptype = V_ASN1_UNDEF;
  const void *pval = nullptr;
  X509_ALGOR_get0(nullptr, &ptype, &pval, alg);
  return ptype;
}

int algo_nid(const X509_ALGOR *alg) {
  const ASN1_OBJECT *obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  return OBJ_obj2nid(obj);
}

int bad_cms(const char *what, const std::string &detail = "") {
  return fail(IU_SIGN_ERRNO__CMS, "bad CMS signature blob: %s%s%s", what,
              detail.empty() ? "" : ": ", detail.c_str());
}

// Split and parse; fill info with everything the blob says about itself,
// then insist on the required form.
int parse(Bytes data, Parsed &p, iu_sig_info &info) {
  if (int r = iu_sig__split(data.data(), data.size(), &p.layout); r < 0)
    return r;
  info.payload_len = p.layout.payload_len;
  info.cms_len = p.layout.cms_len;

  const std::uint8_t *start = data.data() + p.layout.cms_off;
  const std::uint8_t *q = start;
  if (p.layout.cms_len > LONG_MAX)
    return bad_cms("too large");
  p.cms.reset(d2i_CMS_ContentInfo(nullptr, &q, static_cast<long>(p.layout.cms_len)));
  if (!p.cms)
    return bad_cms("not a DER CMS object", openssl_reason());
  if (q != start + p.layout.cms_len)
    return bad_cms("bytes left over after the CMS object");
  if (OBJ_obj2nid(CMS_get0_type(p.cms.get())) != NID_pkcs7_signed)
    return bad_cms("not SignedData");
  STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(p.cms.get());
  if (sis == nullptr || sk_CMS_SignerInfo_num(sis) != 1)
    return bad_cms("must have exactly one signer");
  p.si = sk_CMS_SignerInfo_value(sis, 0);

  // Who signed, and how.
  ASN1_OCTET_STRING *skid = nullptr;
  X509_NAME *issuer = nullptr;
  ASN1_INTEGER *serial = nullptr;
  if (CMS_SignerInfo_get0_signer_id(p.si, &skid, &issuer, &serial) != 1)
    return bad_cms("no signer identifier", openssl_reason());
  if (issuer != nullptr) {
    copy_printable(info.issuer, sizeof info.issuer, name_oneline(issuer));
    copy_printable(info.issuer_cn, sizeof info.issuer_cn, name_cn(issuer));
  }
  if (serial != nullptr)
    copy_printable(info.serial, sizeof info.serial, serial_hex(serial));
  if (skid != nullptr)
    copy_printable(info.signer_skid, sizeof info.signer_skid,
                   hex({ASN1_STRING_get0_data(skid),
                        static_cast<std::size_t>(ASN1_STRING_length(skid))}));
  X509_ALGOR *dig = nullptr, *sig = nullptr;
  CMS_SignerInfo_get0_algs(p.si, nullptr, nullptr, &dig, &sig);
  copy_printable(info.digest_algo, sizeof info.digest_algo, algo_name(dig));
  copy_printable(info.sig_algo, sizeof info.sig_algo, algo_name(sig));

  // The required form.
  if (CMS_is_detached(p.cms.get()) != 1)
    return bad_cms("content is embedded, expected a detached signature");
  if (OBJ_obj2nid(CMS_get0_eContentType(p.cms.get())) != NID_pkcs7_data)
    return bad_cms("signed content type is not id-data");
  X509StackPtr certs(CMS_get1_certs(p.cms.get()));
  if (certs && sk_X509_num(certs.get()) > 0)
    return bad_cms("carries certificates (trust comes only from the verifier's "
                   "certificates)");
  STACK_OF(X509_CRL) *crls = CMS_get1_crls(p.cms.get());
  bool has_crls = crls != nullptr && sk_X509_CRL_num(crls) > 0;
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  if (has_crls)
    return bad_cms("carries CRLs");
  if (CMS_signed_get_attr_count(p.si) >= 0)
    return bad_cms("has signed attributes");
  if (CMS_unsigned_get_attr_count(p.si) >= 0)
    return bad_cms("has unsigned attributes");
  if (dig == nullptr || sig == nullptr)
    return bad_cms("no digest or signature algorithm");
  if (algo_nid(dig) != NID_sha256)
    return bad_cms(("digest is " + algo_name(dig) + ", expected sha256").c_str());
  if (algo_param_type(dig) != V_ASN1_UNDEF)
    return bad_cms("digest algorithm has parameters");
  // The one encoding each key type gets (what OpenSSL and sign-file write):
  // nothing in the blob that the signature does not cover may vary.
  int sig_nid = algo_nid(sig), sig_param = algo_param_type(sig);
  if (!(sig_nid == NID_ecdsa_with_SHA256 && sig_param == V_ASN1_UNDEF) &&
      !(sig_nid == NID_rsaEncryption && sig_param == V_ASN1_NULL))
    return bad_cms(("signature algorithm " + algo_name(sig) +
                    " (expected ecdsa-with-SHA256, or rsaEncryption with NULL "
                    "parameters)").c_str());
  if (issuer == nullptr || serial == nullptr)
    return bad_cms("signer is not named by issuer and serial number");

  // Strict DER: OpenSSL's parser accepts some BER; the blob must be exactly
  // what re-encoding the parsed object gives.
  unsigned char *re = nullptr;
  int re_len = i2d_CMS_ContentInfo(p.cms.get(), &re);
  bool canonical = re_len >= 0 && static_cast<std::size_t>(re_len) == p.layout.cms_len &&
                   std::memcmp(re, start, p.layout.cms_len) == 0;
  OPENSSL_free(re);
  if (!canonical)
    return bad_cms("not in canonical DER");
  if (const char *why = check_hidden_fields({start, p.layout.cms_len}))
    return bad_cms(why);
  openssl_reason();
  return 0;
}

std::string name_der(const X509_NAME *name) {
  unsigned char *der = nullptr;
  int n = i2d_X509_NAME(name, &der);
  std::string out = n > 0 ? std::string(reinterpret_cast<char *>(der), n) : std::string();
  OPENSSL_free(der);
  return out;
}

// Trusted certificates that match the signer identifier. OpenSSL compares
// names in canonical form (case and spacing folded); the issuer must also
// be byte-for-byte the certificate's, so no bit of the blob that the
// signature does not cover can change without the verification failing.
std::vector<X509 *> matching_certs(CMS_SignerInfo *si, const iu_trust *trust) {
  std::vector<X509 *> out;
  if (trust == nullptr)
    return out;
  ASN1_OCTET_STRING *skid = nullptr;
  X509_NAME *issuer = nullptr;
  ASN1_INTEGER *serial = nullptr;
  if (CMS_SignerInfo_get0_signer_id(si, &skid, &issuer, &serial) != 1 || issuer == nullptr)
    return out;
  std::string issuer_der = name_der(issuer);
  for (const X509Ptr &c : trust_certs(trust))
    if (CMS_SignerInfo_cert_cmp(si, c.get()) == 0 &&
        name_der(X509_get_issuer_name(c.get())) == issuer_der)
      out.push_back(c.get());
  openssl_reason();
  return out;
}

void fill_signer(iu_sig_info &info, X509 *cert) {
  if (cert_key_id(cert, info.key_id) < 0)
    info.key_id[0] = '\0';
  copy_printable(info.signer_cn, sizeof info.signer_cn,
                 name_cn(X509_get_subject_name(cert)));
}

void copy_info(iu_sig_info *dst, const iu_sig_info &src) {
  if (dst != nullptr)
    *dst = src;
}

} // namespace
} // namespace iu::signer

using namespace iu::signer;

extern "C" int iu_sig__inspect(const void *data, size_t len, const struct iu_trust *trust,
                               struct iu_sig_info *info) {
  clear_error();
  if ((data == nullptr && len != 0) || info == nullptr)
    return fail(EINVAL, "invalid argument");
  iu_sig_info local{};
  Parsed p;
  int r = parse({static_cast<const std::uint8_t *>(data), len}, p, local);
  if (r == 0) {
    std::vector<X509 *> m = matching_certs(p.si, trust);
    if (!m.empty())
      fill_signer(local, m.front());
  }
  copy_info(info, local);
  return r;
}

extern "C" ssize_t iu_sig__verify(const void *data, size_t len,
                                  const struct iu_trust *trust, struct iu_sig_info *info) {
  clear_error();
  if ((data == nullptr && len != 0) || trust == nullptr)
    return fail(EINVAL, "invalid argument");
  iu_sig_info local{};
  Parsed p;
  Bytes bytes(static_cast<const std::uint8_t *>(data), len);
  int r = parse(bytes, p, local);
  if (r < 0) {
    copy_info(info, local);
    return r;
  }

  std::vector<X509 *> candidates = matching_certs(p.si, trust);
  if (candidates.empty()) {
    copy_info(info, local);
    std::string who = local.issuer[0] != '\0'
                          ? std::string("issuer \"") + local.issuer + "\", serial " + local.serial
                          : std::string("subject key id ") + local.signer_skid;
    if (iu_trust__count(trust) == 0)
      return fail(IU_SIGN_ERRNO__UNTRUSTED,
                  "untrusted signer (%s): no trusted certificates were given",
                  who.c_str());
    return fail(IU_SIGN_ERRNO__UNTRUSTED,
                "untrusted signer: no trusted certificate (of %zu) matches %s",
                iu_trust__count(trust), who.c_str());
  }

  // Try each matching certificate (issuer + serial could in theory be shared
  // by two trusted certificates with different keys).
  if (p.layout.payload_len > INT_MAX)
    return fail(EFBIG, "image too large");
  r = 0;
  for (X509 *cert : candidates) {
    BioPtr content(BIO_new_mem_buf(bytes.data(), static_cast<int>(p.layout.payload_len)));
    X509StackPtr signer(sk_X509_new_null());
    if (!content || !signer || X509_up_ref(cert) != 1)
      return fail(ENOMEM, "out of memory");
    if (sk_X509_push(signer.get(), cert) <= 0) {
      X509_free(cert);
      return fail(ENOMEM, "out of memory");
    }
    // Name the signer's certificate explicitly (CMS_verify would otherwise
    // keep the one from a previous iteration), and verify with no chain
    // building: the trusted set is the trust decision.
    CMS_SignerInfo_set1_signer_cert(p.si, cert);
    int ok = CMS_verify(p.cms.get(), signer.get(), nullptr, content.get(), nullptr,
                        CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN);
    OpensslError e = drain_openssl();
    if (ok == 1) {
      fill_signer(local, cert);
      copy_info(info, local);
      clear_error();
      return static_cast<ssize_t>(p.layout.payload_len);
    }
    if (e.bad_signature)
      r = fail(IU_SIGN_ERRNO__DIGEST,
               "signature does not match content (digest mismatch)");
    else
      r = bad_cms("cannot verify", e.reason);
  }
  copy_info(info, local);
  return r;
}
