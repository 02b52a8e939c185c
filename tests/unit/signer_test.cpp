// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// Unit tests for libiu_signer: trailer bounds, sign/verify round trips,
// every-byte tampering in-process, CMS forms that must be refused, keys,
// trust sets, per-user defaults, atomic writes.
//
// Signed images are also assembled here by hand with OpenSSL (payload, CMS,
// trailer bytes, magic) so the format is checked independently of the
// library's own writer.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "iu/abi.h"
#include "iu/signer.h"

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr std::size_t kTrailer = sizeof(struct iu_sig_trailer);
constexpr std::size_t kMagic = IU_SIG_MAGIC_LEN;
const Bytes kMagicBytes(reinterpret_cast<const std::uint8_t *>(IU_SIG_MAGIC),
                        reinterpret_cast<const std::uint8_t *>(IU_SIG_MAGIC) + kMagic);

// ---- Helpers ----

std::string make_temp_dir() {
  const char *base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                     "/signer_test.XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr)
    std::abort();
  return tmpl;
}

// A small image: an ELF-looking header then deterministic noise.
Bytes make_image(std::size_t size, std::uint32_t seed = 1) {
  Bytes b(size);
  std::uint32_t x = seed * 2654435761u + 12345;
  for (std::size_t i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = static_cast<std::uint8_t>(x);
  }
  const std::uint8_t elf[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  std::memcpy(b.data(), elf, std::min(size, sizeof elf));
  return b;
}

Bytes read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

void write_file(const std::string &path, const Bytes &b) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
}

mode_t file_mode(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return 0;
  return st.st_mode & 07777;
}

// The trailer and magic written byte by byte, as docs/signature.md shows.
Bytes trailer_bytes(std::uint32_t sig_len, std::uint8_t id_type = IU_SIG_ID_PKCS7) {
  Bytes t(kTrailer + kMagic, 0);
  t[2] = id_type;
  t[8] = static_cast<std::uint8_t>(sig_len >> 24);
  t[9] = static_cast<std::uint8_t>(sig_len >> 16);
  t[10] = static_cast<std::uint8_t>(sig_len >> 8);
  t[11] = static_cast<std::uint8_t>(sig_len);
  std::memcpy(t.data() + kTrailer, IU_SIG_MAGIC, kMagic);
  return t;
}

Bytes assemble(const Bytes &payload, const Bytes &cms) {
  Bytes out = payload;
  out.insert(out.end(), cms.begin(), cms.end());
  Bytes t = trailer_bytes(static_cast<std::uint32_t>(cms.size()));
  out.insert(out.end(), t.begin(), t.end());
  return out;
}

struct Key {
  std::string dir, key, cert, id;
};

Key make_key(const std::string &dir, iu_key_algo algo, const char *cn = nullptr) {
  struct iu_keygen_opts o = {};
  o.sz = sizeof o;
  o.algo = algo;
  o.subject_cn = cn;
  char id[IU_SIG_KEY_ID_SIZE];
  int r = iu_key__generate(dir.c_str(), &o, id);
  if (r != 0) {
    ADD_FAILURE() << "keygen: " << iu_sign__errmsg();
    return {};
  }
  return {dir, dir + "/" IU_KEY_FILE, dir + "/" IU_CERT_FILE, id};
}

Bytes sign(const Bytes &image, const Key &k) {
  void *out = nullptr;
  size_t len = 0;
  int r = iu_sig__sign(image.data(), image.size(), k.key.c_str(), k.cert.c_str(), &out, &len);
  if (r != 0) {
    ADD_FAILURE() << "sign: " << iu_sign__errmsg();
    return {};
  }
  Bytes b(static_cast<std::uint8_t *>(out), static_cast<std::uint8_t *>(out) + len);
  std::free(out);
  return b;
}

struct Trust {
  iu_trust *t = iu_trust__new();
  Trust() = default;
  explicit Trust(const Key &k) { add(k); }
  ~Trust() { iu_trust__free(t); }
  Trust(const Trust &) = delete;
  Trust &operator=(const Trust &) = delete;
  void add(const Key &k) { EXPECT_EQ(iu_trust__add_cert_file(t, k.cert.c_str()), 1); }
};

ssize_t verify(const Bytes &b, const Trust &t, iu_sig_info *info = nullptr) {
  return iu_sig__verify(b.data(), b.size(), t.t, info);
}

// A CMS blob made with OpenSSL directly, to vary what the library refuses.
struct CmsSpec {
  const EVP_MD *md = EVP_sha256();
  bool certs = false;
  bool attrs = false;
  bool detached = true;
  int signers = 1;
};

Bytes openssl_cms(const Bytes &payload, const Key &k, const CmsSpec &spec) {
  BIO *kb = BIO_new_file(k.key.c_str(), "r");
  BIO *cb = BIO_new_file(k.cert.c_str(), "r");
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
  X509 *cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
  BIO_free(kb);
  BIO_free(cb);
  unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  if (!spec.certs)
    flags |= CMS_NOCERTS;
  if (!spec.attrs)
    flags |= CMS_NOATTR;
  if (spec.detached)
    flags |= CMS_DETACHED;
  CMS_ContentInfo *cms = CMS_sign(nullptr, nullptr, nullptr, nullptr, flags);
  for (int i = 0; i < spec.signers; i++)
    EXPECT_NE(CMS_add1_signer(cms, cert, pkey, spec.md, flags), nullptr);
  BIO *data = BIO_new_mem_buf(payload.data(), static_cast<int>(payload.size()));
  EXPECT_EQ(CMS_final(cms, data, nullptr, flags), 1);
  unsigned char *der = nullptr;
  int n = i2d_CMS_ContentInfo(cms, &der);
  Bytes out(der, der + std::max(n, 0));
  OPENSSL_free(der);
  BIO_free(data);
  CMS_ContentInfo_free(cms);
  X509_free(cert);
  EVP_PKEY_free(pkey);
  return out;
}

// ---- Fixture: keys shared by the whole suite (generation costs time) ----

class Signer : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    root_ = new std::string(make_temp_dir());
    ec_ = new Key(make_key(*root_ + "/ec", IU_KEY_ECDSA_P256));
    ec2_ = new Key(make_key(*root_ + "/ec2", IU_KEY_ECDSA_P256, "second key"));
    rsa_ = new Key(make_key(*root_ + "/rsa", IU_KEY_RSA_3072, "rsa key"));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete ec_;
    delete ec2_;
    delete rsa_;
    delete root_;
  }
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string *root_;
  static Key *ec_, *ec2_, *rsa_;
  std::string dir_;
};

std::string *Signer::root_;
Key *Signer::ec_, *Signer::ec2_, *Signer::rsa_;

// ---- Split ----

TEST(Split, NoMagicIsNoSignature) {
  struct iu_sig_layout l;
  Bytes empty;
  EXPECT_EQ(iu_sig__split(empty.data(), 0, &l), -IU_SIGN_ERRNO__NOSIG);
  Bytes img = make_image(100);
  EXPECT_EQ(iu_sig__split(img.data(), img.size(), &l), -IU_SIGN_ERRNO__NOSIG);
  // All but the last magic byte.
  Bytes partial = img;
  partial.insert(partial.end(), kMagicBytes.begin(), kMagicBytes.end() - 1);
  EXPECT_EQ(iu_sig__split(partial.data(), partial.size(), &l), -IU_SIGN_ERRNO__NOSIG);
  EXPECT_STRNE(iu_sign__errmsg(), "");
}

TEST(Split, TrailerMustFit) {
  struct iu_sig_layout l;
  Bytes b = kMagicBytes;
  EXPECT_EQ(iu_sig__split(b.data(), b.size(), &l), -IU_SIGN_ERRNO__TRAILER);
  Bytes t = trailer_bytes(1);
  // Trailer and magic alone: sig_len 1 does not fit before the trailer.
  EXPECT_EQ(iu_sig__split(t.data(), t.size(), &l), -IU_SIGN_ERRNO__TRAILER);
  // Any cut into the trailer.
  for (std::size_t cut = 1; cut < kTrailer; cut++) {
    Bytes c(t.begin() + static_cast<long>(cut), t.end());
    EXPECT_EQ(iu_sig__split(c.data(), c.size(), &l), -IU_SIGN_ERRNO__TRAILER) << cut;
  }
}

TEST(Split, SigLenBounds) {
  struct iu_sig_layout l;
  const std::size_t before = 50; // bytes before the trailer
  auto with_len = [&](std::uint32_t sig_len) {
    Bytes b = make_image(before);
    Bytes t = trailer_bytes(sig_len);
    b.insert(b.end(), t.begin(), t.end());
    return b;
  };
  for (std::uint32_t bad : {0u, 50u, 51u, 1000u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
    Bytes b = with_len(bad);
    EXPECT_EQ(iu_sig__split(b.data(), b.size(), &l), -IU_SIGN_ERRNO__TRAILER) << bad;
  }
  // Largest legal: one payload byte.
  Bytes b = with_len(49);
  ASSERT_EQ(iu_sig__split(b.data(), b.size(), &l), 0) << iu_sign__errmsg();
  EXPECT_EQ(l.payload_len, 1u);
  EXPECT_EQ(l.cms_off, 1u);
  EXPECT_EQ(l.cms_len, 49u);
  b = with_len(1);
  ASSERT_EQ(iu_sig__split(b.data(), b.size(), &l), 0);
  EXPECT_EQ(l.payload_len, 49u);
  EXPECT_EQ(l.cms_len, 1u);
}

TEST(Split, ReservedFieldsAndIdType) {
  struct iu_sig_layout l;
  Bytes base = make_image(64);
  Bytes t = trailer_bytes(10);
  base.insert(base.end(), t.begin(), t.end());
  ASSERT_EQ(iu_sig__split(base.data(), base.size(), &l), 0);
  std::size_t tr = base.size() - kMagic - kTrailer;
  for (std::size_t field = 0; field < 8; field++) {
    for (std::uint8_t v : {1, 2, 0x80, 0xff}) {
      Bytes b = base;
      b[tr + field] = field == 2 ? static_cast<std::uint8_t>(IU_SIG_ID_PKCS7 ^ v) : v;
      EXPECT_EQ(iu_sig__split(b.data(), b.size(), &l), -IU_SIGN_ERRNO__TRAILER)
          << "field byte " << field << " value " << int(v);
    }
  }
}

TEST(Split, NullArguments) {
  struct iu_sig_layout l;
  EXPECT_EQ(iu_sig__split(nullptr, 10, &l), -EINVAL);
  Bytes b = make_image(10);
  EXPECT_EQ(iu_sig__split(b.data(), b.size(), nullptr), -EINVAL);
}

// ---- Sign and verify ----

TEST_F(Signer, RoundTripEcdsa) {
  Bytes img = make_image(3000);
  Bytes s = sign(img, *ec_);
  ASSERT_GT(s.size(), img.size() + kTrailer + kMagic);
  EXPECT_TRUE(std::equal(img.begin(), img.end(), s.begin()));
  EXPECT_EQ(0, std::memcmp(s.data() + s.size() - kMagic, IU_SIG_MAGIC, kMagic));

  struct iu_sig_layout l;
  ASSERT_EQ(iu_sig__split(s.data(), s.size(), &l), 0);
  EXPECT_EQ(l.payload_len, img.size());

  Trust t(*ec_);
  iu_sig_info info;
  ASSERT_EQ(verify(s, t, &info), static_cast<ssize_t>(img.size())) << iu_sign__errmsg();
  EXPECT_STREQ(iu_sign__errmsg(), "");
  EXPECT_EQ(info.payload_len, img.size());
  EXPECT_EQ(info.cms_len, l.cms_len);
  EXPECT_STREQ(info.digest_algo, "sha256");
  EXPECT_STREQ(info.sig_algo, "ecdsa-with-SHA256");
  EXPECT_STREQ(info.issuer_cn, IU_KEY_DEFAULT_CN);
  EXPECT_STREQ(info.signer_cn, IU_KEY_DEFAULT_CN);
  EXPECT_STREQ(info.key_id, ec_->id.c_str());
  EXPECT_STRNE(info.serial, "");
  EXPECT_STREQ(info.signer_skid, "");
}

TEST_F(Signer, RoundTripRsa) {
  Bytes img = make_image(2500, 7);
  Bytes s = sign(img, *rsa_);
  Trust t(*rsa_);
  iu_sig_info info;
  ASSERT_EQ(verify(s, t, &info), static_cast<ssize_t>(img.size())) << iu_sign__errmsg();
  EXPECT_STREQ(info.sig_algo, "rsaEncryption");
  EXPECT_STREQ(info.signer_cn, "rsa key");
  EXPECT_STREQ(info.key_id, rsa_->id.c_str());
}

TEST_F(Signer, SeveralTrustedCertificates) {
  Bytes img = make_image(500);
  Trust t;
  t.add(*rsa_);
  t.add(*ec2_);
  t.add(*ec_);
  EXPECT_EQ(iu_trust__count(t.t), 3u);
  EXPECT_EQ(verify(sign(img, *ec_), t), 500);
  EXPECT_EQ(verify(sign(img, *ec2_), t), 500);
  EXPECT_EQ(verify(sign(img, *rsa_), t), 500);
}

TEST_F(Signer, ResignReplaces) {
  Bytes img = make_image(2048, 3);
  Bytes a = sign(img, *ec_);
  Bytes b = sign(a, *ec2_);
  Bytes c = sign(b, *rsa_);
  Bytes d = sign(c, *ec2_);
  for (const Bytes *s : {&a, &b, &c, &d}) {
    struct iu_sig_layout l;
    ASSERT_EQ(iu_sig__split(s->data(), s->size(), &l), 0);
    EXPECT_EQ(l.payload_len, img.size());
    EXPECT_EQ(s->size(), img.size() + l.cms_len + kTrailer + kMagic);
  }
  Trust ta(*ec_), tb(*ec2_);
  EXPECT_EQ(verify(d, tb), 2048);
  EXPECT_EQ(verify(d, ta), -IU_SIGN_ERRNO__UNTRUSTED);
  // ECDSA signatures differ by at most a few bytes of DER in size.
  EXPECT_LE(std::max(b.size(), d.size()) - std::min(b.size(), d.size()), 4u);
}

TEST_F(Signer, SignRefusals) {
  Bytes img = make_image(100);
  void *out = nullptr;
  size_t len = 0;
  // Empty image, or nothing but a signature.
  EXPECT_EQ(iu_sig__sign(img.data(), 0, ec_->key.c_str(), ec_->cert.c_str(), &out, &len), -EINVAL);
  // A malformed trailer is not silently signed over.
  Bytes bad = img;
  Bytes t = trailer_bytes(5000);
  bad.insert(bad.end(), t.begin(), t.end());
  EXPECT_EQ(iu_sig__sign(bad.data(), bad.size(), ec_->key.c_str(), ec_->cert.c_str(), &out, &len),
            -IU_SIGN_ERRNO__TRAILER);
  EXPECT_NE(std::strstr(iu_sign__errmsg(), "refusing"), nullptr);
  // Key and certificate of different pairs.
  EXPECT_EQ(iu_sig__sign(img.data(), img.size(), ec_->key.c_str(), ec2_->cert.c_str(), &out, &len),
            -IU_SIGN_ERRNO__KEYMISMATCH);
  ASSERT_NE(iu_sign__errfile(), nullptr);
  EXPECT_EQ(std::string(iu_sign__errfile()), ec_->key);
  // Missing key file; a certificate where a key should be.
  std::string missing = dir_ + "/nope.pem";
  EXPECT_EQ(iu_sig__sign(img.data(), img.size(), missing.c_str(), ec_->cert.c_str(), &out, &len),
            -ENOENT);
  EXPECT_EQ(std::string(iu_sign__errfile()), missing);
  EXPECT_EQ(iu_sig__sign(img.data(), img.size(), ec_->cert.c_str(), ec_->cert.c_str(), &out, &len),
            -IU_SIGN_ERRNO__KEY);
  EXPECT_EQ(out, nullptr);
}

TEST_F(Signer, SignFileInPlaceAndToOutput) {
  std::string in = dir_ + "/a.iu", out = dir_ + "/b.iu";
  Bytes img = make_image(1000);
  write_file(in, img);
  chmod(in.c_str(), 0640);
  ASSERT_EQ(iu_sig__sign_file(in.c_str(), out.c_str(), ec_->key.c_str(), ec_->cert.c_str()), 0)
      << iu_sign__errmsg();
  EXPECT_EQ(read_file(in), img);
  EXPECT_EQ(file_mode(out), 0640u);
  Trust t(*ec_);
  EXPECT_EQ(verify(read_file(out), t), 1000);
  ASSERT_EQ(iu_sig__sign_file(in.c_str(), nullptr, ec_->key.c_str(), ec_->cert.c_str()), 0);
  EXPECT_EQ(verify(read_file(in), t), 1000);
  EXPECT_EQ(file_mode(in), 0640u);
  // Nothing left behind but the two images.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

// ---- Tampering ----

// Flip every byte of a small signed image, each of its bits alone and all
// eight at once; no variant may verify, and the reason must fit where the
// flip landed. (Single-bit flips include case changes in the issuer name,
// which OpenSSL's name comparison would fold away.)
void flip_every_byte(const Bytes &img, const Key &k) {
  Bytes s = sign(img, k);
  Trust t(k);
  ASSERT_EQ(verify(s, t), static_cast<ssize_t>(img.size()));
  const std::size_t payload = img.size();
  const std::size_t magic_at = s.size() - kMagic;
  const std::size_t trailer_at = magic_at - kTrailer;
  int verified = 0;
  for (std::uint8_t mask : {0xff, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80}) {
    for (std::size_t i = 0; i < s.size(); i++) {
      s[i] ^= mask;
      iu_sig_info info;
      ssize_t r = verify(s, t, &info);
      s[i] ^= mask;
      if (r >= 0) {
        verified++;
        ADD_FAILURE() << "flip at " << i << " mask " << int(mask) << " verified";
        continue;
      }
      if (i < payload) {
        EXPECT_EQ(r, -IU_SIGN_ERRNO__DIGEST) << "payload byte " << i;
      } else if (i < trailer_at) {
        EXPECT_TRUE(r == -IU_SIGN_ERRNO__CMS || r == -IU_SIGN_ERRNO__DIGEST ||
                    r == -IU_SIGN_ERRNO__UNTRUSTED)
            << "CMS byte " << i << ": " << iu_sign__errmsg();
      } else if (i < magic_at) {
        // A sig_len flip moves the split; the CMS then cannot parse.
        EXPECT_TRUE(r == -IU_SIGN_ERRNO__TRAILER || r == -IU_SIGN_ERRNO__CMS)
            << "trailer byte " << i << ": " << iu_sign__errmsg();
        if (i < trailer_at + 8) {
          EXPECT_EQ(r, -IU_SIGN_ERRNO__TRAILER) << i;
        }
      } else {
        EXPECT_EQ(r, -IU_SIGN_ERRNO__NOSIG) << "magic byte " << i;
      }
    }
  }
  EXPECT_EQ(verified, 0);
  EXPECT_EQ(verify(s, t), static_cast<ssize_t>(img.size())) << "restored image verifies";
}

TEST_F(Signer, FlipEveryByteEcdsa) { flip_every_byte(make_image(2500, 11), *ec_); }
TEST_F(Signer, FlipEveryByteRsa) { flip_every_byte(make_image(2000, 12), *rsa_); }

TEST_F(Signer, EveryTruncationFails) {
  Bytes s = sign(make_image(1500, 5), *ec_);
  Trust t(*ec_);
  for (std::size_t n = 0; n < s.size(); n++) {
    ssize_t r = iu_sig__verify(s.data(), n, t.t, nullptr);
    EXPECT_LT(r, 0) << "truncated to " << n;
  }
  // Cutting the payload's head keeps the trailer intact: digest mismatch.
  Bytes head_cut(s.begin() + 1, s.end());
  EXPECT_EQ(verify(head_cut, t), -IU_SIGN_ERRNO__DIGEST);
}

TEST_F(Signer, AppendedAndInsertedBytesFail) {
  Bytes img = make_image(1200, 6);
  Bytes s = sign(img, *ec_);
  Trust t(*ec_);
  for (std::uint8_t v : {0x00, 0x0a, 0xff}) {
    Bytes b = s;
    b.push_back(v);
    EXPECT_EQ(verify(b, t), -IU_SIGN_ERRNO__NOSIG);
  }
  // One byte inserted into the payload, or just before the CMS blob.
  for (std::size_t at : {std::size_t{0}, img.size() / 2, img.size()}) {
    Bytes b = s;
    b.insert(b.begin() + static_cast<long>(at), 0x42);
    EXPECT_EQ(verify(b, t), -IU_SIGN_ERRNO__DIGEST) << at;
  }
  // One byte inserted between the CMS blob and the trailer.
  Bytes b = s;
  b.insert(b.end() - static_cast<long>(kTrailer + kMagic), 0x00);
  EXPECT_LT(verify(b, t), 0);
}

TEST_F(Signer, TransplantedSignatureFails) {
  Bytes a = make_image(1000, 21), b = make_image(1000, 22);
  Bytes sa = sign(a, *ec_);
  struct iu_sig_layout l;
  ASSERT_EQ(iu_sig__split(sa.data(), sa.size(), &l), 0);
  Bytes cms(sa.begin() + static_cast<long>(l.cms_off),
            sa.begin() + static_cast<long>(l.cms_off + l.cms_len));
  Trust t(*ec_);
  EXPECT_EQ(verify(assemble(a, cms), t), 1000); // hand-assembled original
  EXPECT_EQ(verify(assemble(b, cms), t), -IU_SIGN_ERRNO__DIGEST);
  EXPECT_NE(std::strstr(iu_sign__errmsg(), "does not match"), nullptr);
}

TEST_F(Signer, SigLenOutsideFile) {
  Bytes s = sign(make_image(800), *ec_);
  Trust t(*ec_);
  std::size_t len_at = s.size() - kMagic - 4;
  for (std::uint32_t v : {0xffffffffu, static_cast<std::uint32_t>(s.size()),
                          static_cast<std::uint32_t>(s.size() - kMagic - kTrailer)}) {
    Bytes b = s;
    b[len_at] = static_cast<std::uint8_t>(v >> 24);
    b[len_at + 1] = static_cast<std::uint8_t>(v >> 16);
    b[len_at + 2] = static_cast<std::uint8_t>(v >> 8);
    b[len_at + 3] = static_cast<std::uint8_t>(v);
    EXPECT_EQ(verify(b, t), -IU_SIGN_ERRNO__TRAILER) << v;
  }
}

TEST_F(Signer, UntrustedSigner) {
  Bytes s = sign(make_image(600), *ec_);
  Trust none;
  EXPECT_EQ(verify(s, none), -IU_SIGN_ERRNO__UNTRUSTED);
  EXPECT_NE(std::strstr(iu_sign__errmsg(), "no trusted certificates"), nullptr);
  Trust other(*ec2_);
  other.add(*rsa_);
  iu_sig_info info;
  EXPECT_EQ(verify(s, other, &info), -IU_SIGN_ERRNO__UNTRUSTED);
  EXPECT_STREQ(info.key_id, "");
  EXPECT_STREQ(info.issuer_cn, IU_KEY_DEFAULT_CN);
  EXPECT_EQ(iu_sig__verify(s.data(), s.size(), nullptr, nullptr), -EINVAL);
}

// A certificate that copies the trusted one's issuer and serial but holds
// another key: the signer matches by name, the signature must still fail.
TEST_F(Signer, SameIssuerSerialOtherKeyFails) {
  BIO *cb = BIO_new_file(ec_->cert.c_str(), "r");
  X509 *cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
  BIO_free(cb);
  BIO *kb = BIO_new_file(ec2_->key.c_str(), "r");
  EVP_PKEY *other = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
  BIO_free(kb);
  ASSERT_EQ(X509_set_pubkey(cert, other), 1);
  ASSERT_GT(X509_sign(cert, other, EVP_sha256()), 0);
  std::string forged = dir_ + "/forged.pem";
  BIO *out = BIO_new_file(forged.c_str(), "w");
  PEM_write_bio_X509(out, cert);
  BIO_free(out);
  X509_free(cert);
  EVP_PKEY_free(other);

  Bytes s = sign(make_image(700), *ec_);
  Trust t;
  ASSERT_EQ(iu_trust__add_cert_file(t.t, forged.c_str()), 1);
  EXPECT_EQ(verify(s, t), -IU_SIGN_ERRNO__DIGEST);
  // With the genuine certificate also trusted, the genuine one wins.
  t.add(*ec_);
  EXPECT_EQ(verify(s, t), 700);
}

// ---- CMS forms that must be refused ----

TEST_F(Signer, OpensslMadeSignatureOfTheRightFormVerifies) {
  Bytes img = make_image(900);
  Trust t(*ec_);
  EXPECT_EQ(verify(assemble(img, openssl_cms(img, *ec_, {})), t), 900) << iu_sign__errmsg();
  Trust tr(*rsa_);
  EXPECT_EQ(verify(assemble(img, openssl_cms(img, *rsa_, {})), tr), 900) << iu_sign__errmsg();
}

TEST_F(Signer, CmsFormsRefused) {
  Bytes img = make_image(900);
  Trust t(*ec_);
  struct Case {
    const char *what;
    CmsSpec spec;
    const char *reason;
  };
  CmsSpec certs, attrs, sha384, embedded, two;
  certs.certs = true;
  attrs.attrs = true;
  sha384.md = EVP_sha384();
  embedded.detached = false;
  two.signers = 2;
  for (const Case &c : {Case{"certificates", certs, "certificates"},
                        Case{"signed attributes", attrs, "signed attributes"},
                        Case{"sha384", sha384, "sha384"},
                        Case{"embedded content", embedded, "detached"},
                        Case{"two signers", two, "one signer"}}) {
    Bytes s = assemble(img, openssl_cms(img, *ec_, c.spec));
    EXPECT_EQ(verify(s, t), -IU_SIGN_ERRNO__CMS) << c.what;
    EXPECT_NE(std::strstr(iu_sign__errmsg(), c.reason), nullptr)
        << c.what << ": " << iu_sign__errmsg();
    // inspect reports the same refusal.
    iu_sig_info info;
    EXPECT_EQ(iu_sig__inspect(s.data(), s.size(), t.t, &info), -IU_SIGN_ERRNO__CMS) << c.what;
  }
}

TEST_F(Signer, SignerNamedByKeyIdRefused) {
  Bytes img = make_image(900);
  Trust t(*ec_);
  BIO *kb = BIO_new_file(ec_->key.c_str(), "r");
  BIO *cb = BIO_new_file(ec_->cert.c_str(), "r");
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
  X509 *cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
  BIO_free(kb);
  BIO_free(cb);
  unsigned flags = CMS_BINARY | CMS_DETACHED | CMS_NOCERTS | CMS_NOATTR | CMS_NOSMIMECAP |
                   CMS_USE_KEYID;
  BIO *data = BIO_new_mem_buf(img.data(), static_cast<int>(img.size()));
  CMS_ContentInfo *cms = CMS_sign(cert, pkey, nullptr, data, flags);
  ASSERT_NE(cms, nullptr);
  unsigned char *der = nullptr;
  int n = i2d_CMS_ContentInfo(cms, &der);
  Bytes blob(der, der + n);
  OPENSSL_free(der);
  CMS_ContentInfo_free(cms);
  BIO_free(data);
  X509_free(cert);
  EVP_PKEY_free(pkey);
  Bytes s = assemble(img, blob);
  iu_sig_info info;
  EXPECT_EQ(verify(s, t, &info), -IU_SIGN_ERRNO__CMS);
  EXPECT_STREQ(info.signer_skid, ec_->id.c_str());
}

TEST_F(Signer, NonCanonicalDerRefused) {
  Bytes img = make_image(900);
  Trust t(*ec_);
  Bytes cms = openssl_cms(img, *ec_, {});
  ASSERT_EQ(verify(assemble(img, cms), t), 900);
  // Re-encode the outer SEQUENCE length in long form with one more octet:
  // valid BER, not DER.
  ASSERT_EQ(cms[0], 0x30);
  Bytes ber = {0x30};
  std::size_t len;
  std::size_t hdr;
  if (cms[1] & 0x80) {
    std::size_t octets = cms[1] & 0x7f;
    len = 0;
    for (std::size_t i = 0; i < octets; i++)
      len = (len << 8) | cms[2 + i];
    hdr = 2 + octets;
  } else {
    len = cms[1];
    hdr = 2;
  }
  ber.push_back(0x83);
  ber.push_back(static_cast<std::uint8_t>(len >> 16));
  ber.push_back(static_cast<std::uint8_t>(len >> 8));
  ber.push_back(static_cast<std::uint8_t>(len));
  ber.insert(ber.end(), cms.begin() + static_cast<long>(hdr), cms.end());
  EXPECT_EQ(verify(assemble(img, ber), t), -IU_SIGN_ERRNO__CMS);
  EXPECT_NE(std::strstr(iu_sign__errmsg(), "DER"), nullptr) << iu_sign__errmsg();
}

TEST_F(Signer, GarbageCms) {
  Bytes img = make_image(300);
  Trust t(*ec_);
  EXPECT_EQ(verify(assemble(img, Bytes(100, 0x30)), t), -IU_SIGN_ERRNO__CMS);
  EXPECT_EQ(verify(assemble(img, Bytes{0x00}), t), -IU_SIGN_ERRNO__CMS);
  // A good blob with one extra byte inside sig_len.
  Bytes cms = openssl_cms(img, *ec_, {});
  cms.push_back(0);
  EXPECT_EQ(verify(assemble(img, cms), t), -IU_SIGN_ERRNO__CMS);
  EXPECT_NE(std::strstr(iu_sign__errmsg(), "left over"), nullptr);
}

TEST_F(Signer, InspectWithoutTrust) {
  Bytes s = sign(make_image(400), *rsa_);
  iu_sig_info info;
  ASSERT_EQ(iu_sig__inspect(s.data(), s.size(), nullptr, &info), 0);
  EXPECT_STREQ(info.issuer_cn, "rsa key");
  EXPECT_STREQ(info.issuer, "CN=rsa key");
  EXPECT_STREQ(info.key_id, "");
  Trust t(*rsa_);
  ASSERT_EQ(iu_sig__inspect(s.data(), s.size(), t.t, &info), 0);
  EXPECT_STREQ(info.key_id, rsa_->id.c_str());
  Bytes img = make_image(400);
  EXPECT_EQ(iu_sig__inspect(img.data(), img.size(), t.t, &info), -IU_SIGN_ERRNO__NOSIG);
}

// ---- Keys ----

TEST_F(Signer, KeygenFilesAndModes) {
  std::string d = dir_ + "/new/sub";
  char id[IU_SIG_KEY_ID_SIZE];
  ASSERT_EQ(iu_key__generate(d.c_str(), nullptr, id), 0) << iu_sign__errmsg();
  EXPECT_EQ(file_mode(d), 0700u);
  EXPECT_EQ(file_mode(d + "/key.pem"), 0600u);
  EXPECT_EQ(file_mode(d + "/cert.pem"), 0644u);
  EXPECT_EQ(std::strlen(id), 40u);
  char id2[IU_SIG_KEY_ID_SIZE];
  ASSERT_EQ(iu_key__id((d + "/cert.pem").c_str(), id2), 0);
  EXPECT_STREQ(id, id2);

  // Never overwrite: both present, only the key, only the certificate.
  Bytes key = read_file(d + "/key.pem");
  EXPECT_EQ(iu_key__generate(d.c_str(), nullptr, nullptr), -EEXIST);
  EXPECT_EQ(read_file(d + "/key.pem"), key);
  fs::remove(d + "/cert.pem");
  EXPECT_EQ(iu_key__generate(d.c_str(), nullptr, nullptr), -EEXIST);
  EXPECT_EQ(std::string(iu_sign__errfile()), d + "/key.pem");
  fs::rename(d + "/key.pem", d + "/cert.pem");
  EXPECT_EQ(iu_key__generate(d.c_str(), nullptr, nullptr), -EEXIST);
  EXPECT_EQ(std::string(iu_sign__errfile()), d + "/cert.pem");
}

TEST_F(Signer, KeygenCertificateContents) {
  BIO *b = BIO_new_file(ec_->cert.c_str(), "r");
  X509 *x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
  BIO_free(b);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(X509_get_version(x), X509_VERSION_3);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)), 0);
  char cn[128] = "";
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
  EXPECT_STREQ(cn, IU_KEY_DEFAULT_CN);
  // Self-signed, CA:FALSE, digitalSignature only, code signing.
  EVP_PKEY *pub = X509_get0_pubkey(x);
  EXPECT_EQ(X509_verify(x, pub), 1);
  EXPECT_EQ(X509_check_ca(x), 0);
  EXPECT_TRUE(X509_get_extension_flags(x) & EXFLAG_BCONS);
  EXPECT_EQ(X509_get_key_usage(x), static_cast<std::uint32_t>(KU_DIGITAL_SIGNATURE));
  EXPECT_EQ(X509_get_extended_key_usage(x), static_cast<std::uint32_t>(XKU_CODE_SIGN));
  // subjectKeyIdentifier is the key id.
  const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(x);
  ASSERT_NE(skid, nullptr);
  std::string hex;
  for (int i = 0; i < ASN1_STRING_length(skid); i++) {
    char h[3];
    std::snprintf(h, sizeof h, "%02x", ASN1_STRING_get0_data(skid)[i]);
    hex += h;
  }
  EXPECT_EQ(hex, ec_->id);
  // About ten years of validity.
  int days = 0, secs = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x), X509_get0_notAfter(x)), 1);
  EXPECT_EQ(days, 3650);
  X509_free(x);
}

TEST(Keys, AlgoNames) {
  EXPECT_EQ(iu_key__algo_from_name("ecdsa-p256"), IU_KEY_ECDSA_P256);
  EXPECT_EQ(iu_key__algo_from_name("rsa-3072"), IU_KEY_RSA_3072);
  EXPECT_EQ(iu_key__algo_from_name("dsa"), -EINVAL);
  EXPECT_EQ(iu_key__algo_from_name(nullptr), -EINVAL);
}

TEST(Keys, OptionsSizeIsHonoured) {
  std::string d = make_temp_dir();
  // A caller that only knows about the first field: the rest are defaults.
  struct iu_keygen_opts o = {};
  o.sz = offsetof(iu_keygen_opts, algo) + sizeof o.algo;
  o.algo = IU_KEY_ECDSA_P256;
  o.subject_cn = "ignored beyond sz";
  ASSERT_EQ(iu_key__generate(d.c_str(), &o, nullptr), 0) << iu_sign__errmsg();
  BIO *b = BIO_new_file((d + "/cert.pem").c_str(), "r");
  X509 *x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
  BIO_free(b);
  char cn[128] = "";
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
  EXPECT_STREQ(cn, IU_KEY_DEFAULT_CN);
  X509_free(x);
  fs::remove_all(d);
}

// ---- Trust sets ----

TEST_F(Signer, TrustDirectory) {
  std::string td = dir_ + "/trusted";
  fs::create_directory(td);
  fs::copy_file(ec_->cert, td + "/a.pem");
  fs::copy_file(rsa_->cert, td + "/b.crt");
  fs::copy_file(ec2_->cert, td + "/c.txt"); // ignored: wrong suffix
  fs::create_directory(td + "/d.pem");      // ignored: not a file
  Trust t;
  EXPECT_EQ(iu_trust__add_dir(t.t, td.c_str()), 2) << iu_sign__errmsg();
  Bytes img = make_image(300);
  EXPECT_EQ(verify(sign(img, *ec_), t), 300);
  EXPECT_EQ(verify(sign(img, *rsa_), t), 300);
  EXPECT_EQ(verify(sign(img, *ec2_), t), -IU_SIGN_ERRNO__UNTRUSTED);

  // A damaged certificate file is an error naming the file.
  write_file(td + "/e.pem", Bytes{'j', 'u', 'n', 'k', '\n'});
  Trust t2;
  EXPECT_EQ(iu_trust__add_dir(t2.t, td.c_str()), -IU_SIGN_ERRNO__KEY);
  EXPECT_EQ(std::string(iu_sign__errfile()), td + "/e.pem");
  EXPECT_EQ(iu_trust__count(t2.t), 0u);
  EXPECT_EQ(iu_trust__add_dir(t2.t, (dir_ + "/missing").c_str()), -ENOENT);
}

TEST_F(Signer, TrustFileWithSeveralCertificates) {
  Bytes both = read_file(ec_->cert);
  Bytes r = read_file(rsa_->cert);
  both.insert(both.end(), r.begin(), r.end());
  write_file(dir_ + "/bundle.pem", both);
  Trust t;
  EXPECT_EQ(iu_trust__add_cert_file(t.t, (dir_ + "/bundle.pem").c_str()), 2);
  // A private key is not a certificate.
  EXPECT_EQ(iu_trust__add_cert_file(t.t, ec_->key.c_str()), -IU_SIGN_ERRNO__KEY);
  EXPECT_EQ(iu_trust__count(t.t), 2u);
}

// ---- Per-user defaults ----

class UserConfig : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    for (const char *v : {"XDG_CONFIG_HOME", "HOME", "IU_SIGN_KEY", "IU_SIGN_CERT"}) {
      const char *old = std::getenv(v);
      saved_.emplace_back(v, old != nullptr ? std::optional<std::string>(old) : std::nullopt);
    }
    setenv("XDG_CONFIG_HOME", (dir_ + "/config").c_str(), 1);
    unsetenv("IU_SIGN_KEY");
    unsetenv("IU_SIGN_CERT");
  }
  void TearDown() override {
    for (auto &[name, value] : saved_) {
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
    }
    fs::remove_all(dir_);
  }
  std::string dir_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(UserConfig, CreatedOnFirstUseAndTrusted) {
  struct iu_sign_identity id;
  ASSERT_EQ(iu_sign__user_identity(&id), 0) << iu_sign__errmsg();
  std::string signing = dir_ + "/config/iu/signing";
  EXPECT_TRUE(id.created);
  EXPECT_EQ(std::string(id.key_path), signing + "/key.pem");
  EXPECT_EQ(std::string(id.cert_path), signing + "/cert.pem");
  EXPECT_EQ(file_mode(signing), 0700u);
  EXPECT_EQ(file_mode(id.key_path), 0600u);
  std::string copy = dir_ + "/config/iu/trusted/" + id.key_id + ".pem";
  EXPECT_EQ(std::string(id.trusted_copy), copy);
  EXPECT_EQ(read_file(copy), read_file(id.cert_path));

  struct iu_sign_identity again;
  ASSERT_EQ(iu_sign__user_identity(&again), 0);
  EXPECT_FALSE(again.created);
  EXPECT_STREQ(again.key_id, id.key_id);

  // The same user's default trust now accepts the user's images.
  char td[IU_SIGN_PATH_MAX];
  ASSERT_EQ(iu_sign__user_trust_dir(td, sizeof td), 0);
  EXPECT_EQ(std::string(td), dir_ + "/config/iu/trusted");
  Trust t;
  EXPECT_GE(iu_trust__add_default_dirs(t.t), 1);
  Key k{signing, id.key_path, id.cert_path, id.key_id};
  EXPECT_EQ(verify(sign(make_image(256), k), t), 256);
}

TEST_F(UserConfig, HomeFallback) {
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", (dir_ + "/home").c_str(), 1);
  char td[IU_SIGN_PATH_MAX];
  ASSERT_EQ(iu_sign__user_trust_dir(td, sizeof td), 0);
  EXPECT_EQ(std::string(td), dir_ + "/home/.config/iu/trusted");
  struct iu_sign_identity id;
  ASSERT_EQ(iu_sign__user_identity(&id), 0) << iu_sign__errmsg();
  EXPECT_EQ(std::string(id.key_path), dir_ + "/home/.config/iu/signing/key.pem");
  // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
  setenv("XDG_CONFIG_HOME", "relative/dir", 1);
  ASSERT_EQ(iu_sign__user_trust_dir(td, sizeof td), 0);
  EXPECT_EQ(std::string(td), dir_ + "/home/.config/iu/trusted");
  EXPECT_STREQ(iu_sign__system_trust_dir(), "/etc/iu/trusted");
}

TEST_F(UserConfig, EnvironmentOverride) {
  Key k = make_key(dir_ + "/k", IU_KEY_ECDSA_P256);
  setenv("IU_SIGN_KEY", k.key.c_str(), 1);
  struct iu_sign_identity id;
  EXPECT_EQ(iu_sign__user_identity(&id), -EINVAL); // IU_SIGN_CERT missing
  setenv("IU_SIGN_CERT", k.cert.c_str(), 1);
  ASSERT_EQ(iu_sign__user_identity(&id), 0) << iu_sign__errmsg();
  EXPECT_FALSE(id.created);
  EXPECT_EQ(std::string(id.key_path), k.key);
  EXPECT_EQ(std::string(id.key_id), k.id);
  EXPECT_FALSE(fs::exists(dir_ + "/config/iu/signing"));
  setenv("IU_SIGN_CERT", (dir_ + "/none.pem").c_str(), 1);
  EXPECT_EQ(iu_sign__user_identity(&id), -ENOENT);
}

TEST_F(UserConfig, HalfPresentPairIsNotReplaced) {
  std::string signing = dir_ + "/config/iu/signing";
  fs::create_directories(signing);
  write_file(signing + "/key.pem", Bytes{'x'});
  struct iu_sign_identity id;
  EXPECT_EQ(iu_sign__user_identity(&id), -ENOENT);
  EXPECT_EQ(std::string(iu_sign__errfile()), signing + "/cert.pem");
  EXPECT_EQ(read_file(signing + "/key.pem"), Bytes{'x'});
}

TEST_F(UserConfig, ConcurrentFirstUseMakesOnePair) {
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  iu_sign_identity ids[kThreads];
  int rc[kThreads];
  std::atomic<bool> go{false};
  for (int i = 0; i < kThreads; i++)
    threads.emplace_back([&, i] {
      while (!go)
        std::this_thread::yield();
      rc[i] = iu_sign__user_identity(&ids[i]);
    });
  go = true;
  for (std::thread &t : threads)
    t.join();
  int created = 0;
  for (int i = 0; i < kThreads; i++) {
    ASSERT_EQ(rc[i], 0);
    EXPECT_STREQ(ids[i].key_id, ids[0].key_id);
    created += ids[i].created;
  }
  EXPECT_EQ(created, 1);
  // No temporary directories left behind.
  int entries = 0;
  for (auto &e : fs::directory_iterator(dir_ + "/config/iu")) {
    (void)e;
    entries++;
  }
  EXPECT_EQ(entries, 2); // signing/ and trusted/
}

// ---- Files ----

TEST(Files, AtomicWrite) {
  std::string d = make_temp_dir();
  std::string p = d + "/out.bin";
  Bytes a = make_image(5000), b = make_image(10, 2);
  ASSERT_EQ(iu_file__write_atomic(p.c_str(), a.data(), a.size(), 0600), 0);
  EXPECT_EQ(read_file(p), a);
  EXPECT_EQ(file_mode(p), 0600u);
  // mode -1 keeps the existing file's mode.
  chmod(p.c_str(), 0640);
  ASSERT_EQ(iu_file__write_atomic(p.c_str(), b.data(), b.size(), -1), 0);
  EXPECT_EQ(read_file(p), b);
  EXPECT_EQ(file_mode(p), 0640u);
  // Failure leaves no temporary file and the target untouched.
  std::string bad = d + "/no/such/dir/out.bin";
  EXPECT_EQ(iu_file__write_atomic(bad.c_str(), a.data(), a.size(), -1), -ENOENT);
  fs::create_directory(d + "/isdir");
  EXPECT_LT(iu_file__write_atomic((d + "/isdir").c_str(), a.data(), a.size(), -1), 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 2);
  EXPECT_EQ(read_file(p), b);

  void *data = nullptr;
  size_t len = 0;
  ASSERT_EQ(iu_file__read(p.c_str(), &data, &len), 0);
  EXPECT_EQ(len, b.size());
  EXPECT_EQ(0, std::memcmp(data, b.data(), len));
  std::free(data);
  EXPECT_EQ(iu_file__read((d + "/none").c_str(), &data, &len), -ENOENT);
  EXPECT_EQ(iu_file__read(d.c_str(), &data, &len), -EISDIR);
  fs::remove_all(d);
}

TEST(Errors, EveryCodeHasAText) {
  for (int e = __IU_SIGN_ERRNO__START; e < __IU_SIGN_ERRNO__END; e++) {
    EXPECT_NE(std::string(iu_sign__strerror(-e)), "");
    EXPECT_EQ(std::string(iu_sign__strerror(-e)), iu_sign__strerror(e));
  }
  EXPECT_STREQ(iu_sign__strerror(-IU_SIGN_ERRNO__DIGEST), "signature does not match content");
  EXPECT_NE(std::string(iu_sign__strerror(-ENOENT)), "");
}

} // namespace
