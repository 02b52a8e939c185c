// The one error module of libiu and the signer (iu/error.h): one last
// error per thread that both libraries write, iu_strerror for the codes,
// and the signer's older names as aliases.
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <thread>

#include <iu/error.h>
#include <iu/libiu.h>
#include <iu/signer.h>

namespace {

TEST(Error, StrerrorNamesIuAndSystemCodes) {
  EXPECT_STREQ(iu_strerror(0), "success");
  EXPECT_STREQ(iu_strerror(-IU_SIGN_ERRNO__DIGEST), "signature does not match content");
  EXPECT_STREQ(iu_strerror(IU_SIGN_ERRNO__DIGEST), "signature does not match content");
  EXPECT_STREQ(iu_strerror(-IU_SIGN_ERRNO__NOSIG), "no signature");
  EXPECT_EQ(std::string(iu_strerror(-ENOENT)), strerror(ENOENT));
  EXPECT_EQ(std::string(iu_strerror(EINVAL)), strerror(EINVAL));
  for (int e = __IU_SIGN_ERRNO__START; e < __IU_SIGN_ERRNO__END; ++e) {
    EXPECT_NE(std::string(iu_strerror(-e)), "") << e;
    EXPECT_EQ(std::string(iu_strerror(-e)).rfind("Unknown error", 0), std::string::npos) << e;
  }
  EXPECT_NE(iu_strerror(-99999), nullptr);
}

TEST(Error, OldSignerNamesAreAliases) {
  EXPECT_STREQ(iu_sign__strerror(-IU_SIGN_ERRNO__CMS), iu_strerror(-IU_SIGN_ERRNO__CMS));
  iu::set_last_error(EINVAL, "some reason", "some.pem");
  EXPECT_EQ(iu_sign__errmsg(), iu_last_error());
  EXPECT_STREQ(iu_sign__errfile(), "some.pem");
  EXPECT_EQ(iu_sign__errfile(), iu_last_error_file());
}

TEST(Error, SetReturnsTheNegativeCode) {
  EXPECT_EQ(iu::set_last_error(ENOENT, "x"), -ENOENT);
  EXPECT_STREQ(iu_last_error(), "x");
  EXPECT_EQ(iu_last_error_file(), nullptr);
  // The old message may be the new one's argument.
  iu::set_last_error(EINVAL, iu_last_error(), iu_last_error());
  EXPECT_STREQ(iu_last_error(), "x");
  EXPECT_STREQ(iu_last_error_file(), "x");
  iu::clear_last_error();
  EXPECT_STREQ(iu_last_error(), "");
  EXPECT_EQ(iu_last_error_file(), nullptr);
}

// A signer failure and a libiu failure land in the same place.
TEST(Error, BothLibrariesWriteTheSameLastError) {
  iu_trust *trust = iu_trust__new();
  ASSERT_NE(trust, nullptr);
  EXPECT_EQ(iu_trust__add_cert_file(trust, "/nonexistent/cert.pem"), -ENOENT);
  iu_trust__free(trust);
  EXPECT_NE(std::string(iu_last_error()), "");
  ASSERT_NE(iu_last_error_file(), nullptr);
  EXPECT_STREQ(iu_last_error_file(), "/nonexistent/cert.pem");

  EXPECT_EQ(iu_object__open_file("/nonexistent/x.iu", nullptr), nullptr);
  EXPECT_EQ(errno, ENOENT);
  EXPECT_EQ(std::string(iu_last_error()), std::string("/nonexistent/x.iu: ") + strerror(ENOENT));
  EXPECT_EQ(iu_last_error_file(), nullptr) << "a libiu failure does not keep the signer's file";
  EXPECT_EQ(iu_sign__errmsg(), iu_last_error());
}

TEST(Error, PerThread) {
  iu::set_last_error(EINVAL, "main thread");
  std::thread([] {
    EXPECT_STREQ(iu_last_error(), "");
    iu::set_last_error(ENOENT, "other thread");
  }).join();
  EXPECT_STREQ(iu_last_error(), "main thread");
}

} // namespace
