// libiu's C API over its backend interface: the backend chosen at open,
// the one options check on every function that takes options (an older,
// smaller struct is never written past its sz), and the object's state
// kept the same for both backends. Runs tracex5 on the user backend, signed
// here with a key of its own.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

#include <iu/abi.h>
#include <iu/libiu.h>
#include <iu/signer.h>

namespace {

class Libiu : public testing::Test {
protected:
  static void SetUpTestSuite() {
    std::string tmpl = testing::TempDir() + "libiu_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = new std::string(tmpl);
    ASSERT_EQ(iu_key__generate((*dir_ + "/key").c_str(), nullptr, nullptr), 0) << iu_last_error();
    cert_ = new std::string(*dir_ + "/key/" IU_CERT_FILE);
    image_ = new std::string(*dir_ + "/tracex5.iu");
    ASSERT_EQ(iu_sig__sign_file(IU_TEST_IMAGE, image_->c_str(),
                                (*dir_ + "/key/" IU_KEY_FILE).c_str(), cert_->c_str()),
              0)
        << iu_last_error();
  }

  static void TearDownTestSuite() {
    if (dir_)
      std::filesystem::remove_all(*dir_);
  }

  void SetUp() override {
    devnull_ = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(devnull_, 0);
  }
  void TearDown() override {
    iu_object__close(obj_);
    close(devnull_);
  }

  // Opens the signed image trusting only the test's certificate.
  iu_object *open(enum iu_backend backend) {
    const char *certs[] = {cert_->c_str()};
    IU_OPTS(iu_object_open_opts, o, .backend = backend, .trusted_certs = certs,
            .trusted_cert_cnt = 1, .no_default_trust = true);
    return iu_object__open_file(image_->c_str(), &o);
  }

  // Opens and loads on the user backend; the program to run.
  iu_program *loaded_program() {
    obj_ = open(IU_BACKEND_USER);
    if (!obj_ || iu_object__load(obj_) != 0)
      return nullptr;
    return iu_object__find_program_by_name(obj_, "bpf_prog1");
  }

  static std::string *dir_, *cert_, *image_;
  iu_object *obj_ = nullptr;
  int devnull_ = -1;
};
std::string *Libiu::dir_, *Libiu::cert_, *Libiu::image_;

TEST_F(Libiu, BackendIsChosenAtOpen) {
  obj_ = open(IU_BACKEND_USER);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  EXPECT_EQ(iu_object__backend(obj_), IU_BACKEND_USER);
  iu_object__close(obj_);
  obj_ = open(IU_BACKEND_KERNEL);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  EXPECT_EQ(iu_object__backend(obj_), IU_BACKEND_KERNEL);
  iu_object__close(obj_);
  obj_ = open(IU_BACKEND_AUTO);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  EXPECT_EQ(iu_object__backend(obj_),
            access("/dev/iu", F_OK) == 0 ? IU_BACKEND_KERNEL : IU_BACKEND_USER);
}

// Autoload, as libbpf's: on by default, set before load only; it tells the
// attach-everything paths (iu-load, skeletons) to leave a program alone,
// while iu_program__attach still attaches it.
TEST_F(Libiu, Autoload) {
  obj_ = open(IU_BACKEND_USER);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  iu_program *p = iu_object__find_program_by_name(obj_, "bpf_prog1");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(iu_program__autoload(p));
  EXPECT_EQ(iu_program__set_autoload(p, false), 0);
  EXPECT_FALSE(iu_program__autoload(p));
  EXPECT_EQ(iu_program__set_autoload(p, true), 0);
  EXPECT_TRUE(iu_program__autoload(p));
  EXPECT_EQ(iu_program__set_autoload(p, false), 0);
  EXPECT_EQ(iu_program__set_autoload(nullptr, false), -EINVAL);
  EXPECT_FALSE(iu_program__autoload(nullptr));
  ASSERT_EQ(iu_object__load(obj_), 0) << iu_last_error();
  EXPECT_EQ(iu_program__set_autoload(p, true), -EBUSY);
  EXPECT_NE(std::string(iu_last_error()).find("program 'bpf_prog1': autoload is set before load"),
            std::string::npos)
      << iu_last_error();
  EXPECT_FALSE(iu_program__autoload(p));
  iu_link *link = iu_program__attach(p);
  ASSERT_NE(link, nullptr) << iu_last_error();
  EXPECT_EQ(iu_link__destroy(link), 0);
}

TEST_F(Libiu, UnknownBackendIsRefused) {
  errno = 0;
  EXPECT_EQ(open(static_cast<enum iu_backend>(7)), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_STREQ(iu_last_error(), "iu_object__open_file: unknown backend 7");
}

TEST_F(Libiu, KernelBackendWithoutDevice) {
  if (access("/dev/iu", F_OK) == 0)
    GTEST_SKIP() << "iu.ko is loaded here";
  obj_ = open(IU_BACKEND_KERNEL);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  EXPECT_EQ(iu_object__load(obj_), -ENOENT);
  EXPECT_NE(std::string(iu_last_error()).find("(is iu.ko loaded?)"), std::string::npos)
      << iu_last_error();
  // Nothing runs on an object that is not loaded, whatever the backend.
  iu_program *p = iu_object__find_program_by_name(obj_, "bpf_prog1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(iu_program__attach(p), nullptr);
  EXPECT_EQ(errno, EINVAL);
  IU_OPTS(iu_test_run_opts, t);
  EXPECT_EQ(iu_program__test_run(p, &t), -EINVAL);
}

TEST_F(Libiu, OpenOptionsAreChecked) {
  struct {
    iu_object_open_opts o;
    uint64_t newer_field;
  } v{};
  v.o.sz = sizeof(v);
  v.o.backend = IU_BACKEND_USER;
  v.o.no_default_trust = true;
  v.newer_field = 1;
  errno = 0;
  EXPECT_EQ(iu_object__open_file(image_->c_str(), &v.o), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_NE(std::string(iu_last_error()).find("iu_object__open_file: options"),
            std::string::npos)
      << iu_last_error();
  // The same with the newer field zero: opens (and, trusting nothing,
  // refuses the signature, which shows the options were read).
  v.newer_field = 0;
  EXPECT_EQ(iu_object__open_file(image_->c_str(), &v.o), nullptr);
  EXPECT_EQ(errno, EKEYREJECTED);
}

TEST_F(Libiu, AttachTwiceAndAgainAfterDestroy) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  iu_link *link = iu_program__attach(p);
  ASSERT_NE(link, nullptr) << iu_last_error();
  EXPECT_EQ(iu_program__attach(p), nullptr);
  EXPECT_EQ(errno, EBUSY);
  EXPECT_EQ(iu_link__destroy(link), 0);
  link = iu_program__attach(p);
  ASSERT_NE(link, nullptr) << iu_last_error();
  EXPECT_EQ(iu_link__destroy(link), 0);
}

TEST_F(Libiu, TestRunFillsAWholeStruct) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  IU_OPTS(iu_test_run_opts, t, .repeat = 2, .trace_fd = devnull_);
  t.retval = -1;
  t.panic_msg[0] = 'x';
  ASSERT_EQ(iu_program__test_run(p, &t), 0) << iu_last_error();
  EXPECT_EQ(t.retval, 0);
  EXPECT_EQ(t.status, IU_RUN_OK);
  EXPECT_STREQ(t.panic_msg, "");
  EXPECT_EQ(t.repeat, 2u); // inputs are not written back
  EXPECT_EQ(t.trace_fd, devnull_);
  EXPECT_EQ(t.ctx_in, nullptr);
}

// The defect this guards against: test_run wrote a whole struct into an
// older caller's smaller one.
TEST_F(Libiu, TestRunWritesNoFurtherThanAnOlderCallersSz) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  for (size_t sz : {offsetof(iu_test_run_opts, retval), offsetof(iu_test_run_opts, status),
                    offsetof(iu_test_run_opts, panic_msg),
                    offsetof(iu_test_run_opts, panic_msg) + 16}) {
    alignas(iu_test_run_opts) unsigned char buf[sizeof(iu_test_run_opts) + 32];
    memset(buf, 0xaa, sizeof(buf));
    memset(buf, 0, sz);
    auto *t = reinterpret_cast<iu_test_run_opts *>(buf);
    t->sz = sz;
    t->trace_fd = devnull_;
    ASSERT_EQ(iu_program__test_run(p, t), 0) << "sz " << sz << ": " << iu_last_error();
    for (size_t i = sz; i < sizeof(buf); ++i)
      ASSERT_EQ(buf[i], 0xaa) << "sz " << sz << ": byte " << i << " was written";
    if (sz > offsetof(iu_test_run_opts, retval)) {
      EXPECT_EQ(t->retval, 0);
    }
    if (sz > offsetof(iu_test_run_opts, panic_msg)) {
      EXPECT_EQ(buf[sz - 1], 0) << "a shorter panic_msg is still terminated";
    }
  }
}

TEST_F(Libiu, TestRunRefusesUnknownNonZeroFields) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  struct {
    iu_test_run_opts t;
    uint64_t newer_field;
  } v{};
  v.t.sz = sizeof(v);
  v.t.trace_fd = devnull_;
  v.t.retval = 77;
  v.newer_field = 1;
  EXPECT_EQ(iu_program__test_run(p, &v.t), -EINVAL);
  EXPECT_EQ(v.t.retval, 77);
  v.newer_field = 0;
  EXPECT_EQ(iu_program__test_run(p, &v.t), 0) << iu_last_error();
  EXPECT_EQ(v.t.retval, 0);
  EXPECT_EQ(v.newer_field, 0u);
}

TEST_F(Libiu, TestRunChecksTheContextSize) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  unsigned char ctx[IU_PT_REGS_SIZE] = {};
  IU_OPTS(iu_test_run_opts, t, .ctx_in = ctx, .ctx_size_in = 100, .trace_fd = devnull_);
  EXPECT_EQ(iu_program__test_run(p, &t), -EINVAL);
  EXPECT_NE(std::string(iu_last_error()).find("must be 168 bytes, not 100"), std::string::npos)
      << iu_last_error();
  t.ctx_size_in = sizeof(ctx);
  EXPECT_EQ(iu_program__test_run(p, &t), 0) << iu_last_error();
}

TEST_F(Libiu, RunCommandOptionsAreChecked) {
  iu_program *p = loaded_program();
  ASSERT_NE(p, nullptr) << iu_last_error();
  char *const argv[] = {const_cast<char *>("true"), nullptr};
  struct {
    iu_run_opts o;
    uint64_t newer_field;
  } v{};
  v.o.sz = sizeof(v);
  v.newer_field = 1;
  EXPECT_EQ(iu_object__run_command(obj_, argv, &v.o), -EINVAL);
  EXPECT_NE(std::string(iu_last_error()).find("iu_object__run_command: options"),
            std::string::npos)
      << iu_last_error();
  // An older, smaller struct: only sz and trace_fd.
  alignas(iu_run_opts) unsigned char buf[sizeof(iu_run_opts)];
  memset(buf, 0xaa, sizeof(buf));
  auto *old = reinterpret_cast<iu_run_opts *>(buf);
  old->sz = offsetof(iu_run_opts, report_fd);
  old->trace_fd = devnull_;
  EXPECT_EQ(iu_object__run_command(obj_, argv, old), 0) << iu_last_error();
  for (size_t i = offsetof(iu_run_opts, report_fd); i < sizeof(buf); ++i)
    EXPECT_EQ(buf[i], 0xaa);
}

TEST_F(Libiu, RunCommandNeedsALoadedObject) {
  obj_ = open(IU_BACKEND_USER);
  ASSERT_NE(obj_, nullptr) << iu_last_error();
  char *const argv[] = {const_cast<char *>("true"), nullptr};
  EXPECT_EQ(iu_object__run_command(obj_, argv, nullptr), -EINVAL);
  EXPECT_NE(std::string(iu_last_error()).find("run_command needs a loaded object"),
            std::string::npos)
      << iu_last_error();
  EXPECT_EQ(iu_object__load(obj_), 0) << iu_last_error();
  EXPECT_EQ(iu_object__load(obj_), -EBUSY);
}

} // namespace
