// Typed arguments (loader/backends/kernel/typed_args.cpp): programs'
// declared parameters against prototypes in a BTF built here with libbpf,
// so every case is exact and runs on any machine.
#include <bpf/btf.h>
#include <cerrno>
#include <gtest/gtest.h>
#include <memory>

#include <iu/abi.h>

#include "../../loader/backends/kernel/typed_args.h"

namespace {

using iu::TypedArg;

// int do_unlinkat(int dfd, struct filename *name);
// ssize_t vfs_write(struct file *file, const char *buf, size_t count, loff_t *pos);
// void exit_void(int code);
// int vprint(const char *fmt, ...);
// int by_value(struct big b);
// int new_op(struct new *n, enum mode m, _Bool flag, char c);
struct Btf {
  std::unique_ptr<btf, void (*)(btf *)> b{btf__new_empty(), btf__free};
  Btf() {
    btf *p = b.get();
    int s32 = btf__add_int(p, "int", 4, BTF_INT_SIGNED);
    int ulong = btf__add_int(p, "long unsigned int", 8, 0);
    int slong = btf__add_int(p, "long int", 8, BTF_INT_SIGNED);
    int llong = btf__add_int(p, "long long int", 8, BTF_INT_SIGNED);
    int chr = btf__add_int(p, "char", 1, BTF_INT_SIGNED | BTF_INT_CHAR);
    int boolean = btf__add_int(p, "_Bool", 1, BTF_INT_BOOL);
    int size_t_ = btf__add_typedef(p, "size_t", ulong);
    int ssize_t_ = btf__add_typedef(p, "ssize_t", slong);
    int loff_t_ = btf__add_typedef(p, "loff_t", llong);
    int filename = btf__add_struct(p, "filename", 8);
    btf__add_field(p, "name", btf__add_ptr(p, chr), 0, 0);
    int file = btf__add_fwd(p, "file", BTF_FWD_STRUCT);
    int big = btf__add_struct(p, "big", 16);
    btf__add_field(p, "a", ulong, 0, 0);
    btf__add_field(p, "b", ulong, 64, 0);
    int newt = btf__add_struct(p, "new", 4);
    btf__add_field(p, "x", s32, 0, 0);
    int mode = btf__add_enum(p, "mode", 4);
    btf__add_enum_value(p, "MODE_A", 0);
    int const_chr = btf__add_const(p, chr);
    // Parameters follow their prototype directly: their types first.
    int filename_ptr = btf__add_ptr(p, filename), file_ptr = btf__add_ptr(p, file);
    int const_chr_ptr = btf__add_ptr(p, const_chr), loff_ptr = btf__add_ptr(p, loff_t_);
    int new_ptr = btf__add_ptr(p, newt);

    int proto = btf__add_func_proto(p, s32);
    btf__add_func_param(p, "dfd", s32);
    btf__add_func_param(p, "name", filename_ptr);
    btf__add_func(p, "do_unlinkat", BTF_FUNC_GLOBAL, proto);

    proto = btf__add_func_proto(p, ssize_t_);
    btf__add_func_param(p, "file", file_ptr);
    btf__add_func_param(p, "buf", const_chr_ptr);
    btf__add_func_param(p, "count", size_t_);
    btf__add_func_param(p, "pos", loff_ptr);
    btf__add_func(p, "vfs_write", BTF_FUNC_GLOBAL, proto);

    proto = btf__add_func_proto(p, 0);
    btf__add_func_param(p, "code", s32);
    btf__add_func(p, "exit_void", BTF_FUNC_GLOBAL, proto);

    proto = btf__add_func_proto(p, s32);
    btf__add_func_param(p, "fmt", const_chr_ptr);
    btf__add_func_param(p, nullptr, 0);
    btf__add_func(p, "vprint", BTF_FUNC_GLOBAL, proto);

    proto = btf__add_func_proto(p, s32);
    btf__add_func_param(p, "b", big);
    btf__add_func(p, "by_value", BTF_FUNC_GLOBAL, proto);

    proto = btf__add_func_proto(p, s32);
    btf__add_func_param(p, "n", new_ptr);
    btf__add_func_param(p, "m", mode);
    btf__add_func_param(p, "flag", boolean);
    btf__add_func_param(p, "c", chr);
    btf__add_func(p, "new_op", BTF_FUNC_GLOBAL, proto);
  }
};

const TypedArg kS32{IU_ARG_INT, 4, ""}, kU32{IU_ARG_UINT, 4, ""}, kS64{IU_ARG_INT, 8, ""},
    kU64{IU_ARG_UINT, 8, ""}, kU8{IU_ARG_UINT, 1, ""}, kS8{IU_ARG_INT, 1, ""},
    kAny{IU_ARG_KPTR, 8, ""}, kUser{IU_ARG_UPTR, 8, ""};
TypedArg kptr(const char *t) { return {IU_ARG_KPTR, 8, t}; }

int check(uint32_t type, const char *func, std::vector<TypedArg> params, std::string *err) {
  iu::Image img;
  iu::Program p;
  p.name = "prog";
  p.target = func;
  p.type = type;
  img.programs.push_back(p);
  img.typed_args.push_back({"prog", std::move(params)});
  Btf b;
  err->clear();
  return iu::check_typed_args(b.b.get(), img, err);
}

#define EXPECT_HAS(s, part) EXPECT_NE((s).find(part), std::string::npos) << (s)

TEST(TypedArgs, MatchingPrototypesLoad) {
  std::string err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32, kptr("filename")}, &err), 0) << err;
  EXPECT_EQ(check(IU_PROG_FENTRY, "do_unlinkat", {kS32, kptr("filename")}, &err), 0) << err;
  // Any kernel address, or a user one, for any pointer.
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32, kAny}, &err), 0) << err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32, kUser}, &err), 0) << err;
  // Through typedefs and const; a declared-only struct by name.
  EXPECT_EQ(check(IU_PROG_FEXIT, "vfs_write", {kptr("file"), kUser, kU64, kAny, kS64}, &err), 0)
      << err;
  // A keyword's C++ name (new_); an enum of either signedness; bool and
  // char as C++ has them.
  EXPECT_EQ(check(IU_PROG_KPROBE, "new_op", {kptr("new_"), kU32, kU8, kS8}, &err), 0) << err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "new_op", {kAny, kS32, kU8, kS8}, &err), 0) << err;
  // No typed programs: nothing to check.
  iu::Image none;
  Btf b;
  EXPECT_EQ(iu::check_typed_args(b.b.get(), none, &err), 0);
}

TEST(TypedArgs, AMismatchNamesTheFunctionTheArgumentAndBothTypes) {
  std::string err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32, kptr("file")}, &err), -EINVAL);
  EXPECT_HAS(err, "program 'prog' (kprobe on do_unlinkat): parameter 2 is iu::kptr<vmlinux::file>, "
                  "but do_unlinkat's argument 2 (name) is struct filename * in this kernel's BTF");
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kU32, kAny}, &err), -EINVAL);
  EXPECT_HAS(err, "parameter 1 is iu::u32 (an unsigned 4-byte integer), but do_unlinkat's "
                  "argument 1 (dfd) is int in this kernel's BTF");
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS64, kAny}, &err), -EINVAL);
  EXPECT_HAS(err, "parameter 1 is iu::s64 (a signed 8-byte integer)");
  // An integer for a pointer, a struct for a pointer to chars.
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32, kU64}, &err), -EINVAL);
  EXPECT_HAS(err, "argument 2 (name) is struct filename *");
  EXPECT_EQ(check(IU_PROG_FENTRY, "vfs_write", {kAny, kptr("filename"), kU64, kAny}, &err),
            -EINVAL);
  EXPECT_HAS(err, "(fentry on vfs_write): parameter 2 is iu::kptr<vmlinux::filename>, but "
                  "vfs_write's argument 2 (buf) is const char * in this kernel's BTF");
  EXPECT_EQ(check(IU_PROG_KPROBE, "new_op", {kAny, kU32, kS8, kS8}, &err), -EINVAL);
  EXPECT_HAS(err, "parameter 3 is iu::s8 (a signed 1-byte integer), but new_op's argument 3 "
                  "(flag) is _Bool");
  // fexit's last parameter is the return value.
  EXPECT_EQ(check(IU_PROG_FEXIT, "vfs_write", {kAny, kUser, kU64, kAny, kS32}, &err), -EINVAL);
  EXPECT_HAS(err, "parameter 5 is iu::s32 (a signed 4-byte integer), but vfs_write's return "
                  "value is ssize_t in this kernel's BTF");
}

TEST(TypedArgs, AnotherNumberOfParametersIsRefused) {
  std::string err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "do_unlinkat", {kS32}, &err), -EINVAL);
  EXPECT_HAS(err, "(kprobe on do_unlinkat): takes 1 typed parameter, but do_unlinkat has 2 "
                  "arguments in this kernel's BTF");
  EXPECT_EQ(check(IU_PROG_FEXIT, "vfs_write", {kAny, kUser, kU64, kAny}, &err), -EINVAL);
  EXPECT_HAS(err, "takes 4 typed parameters, but vfs_write has 4 arguments in this kernel's "
                  "BTF (and IU_FEXIT takes its return value last)");
}

TEST(TypedArgs, FunctionsTypedArgumentsCannotTakeAreRefused) {
  std::string err;
  EXPECT_EQ(check(IU_PROG_KPROBE, "no_such_function", {kS32}, &err), -EINVAL);
  EXPECT_HAS(err, "this kernel's BTF has no prototype of no_such_function");
  EXPECT_EQ(check(IU_PROG_FEXIT, "exit_void", {kS32, kS32}, &err), -EINVAL);
  EXPECT_HAS(err, "exit_void returns void");
  EXPECT_EQ(check(IU_PROG_KPROBE, "vprint", {kAny}, &err), -EINVAL);
  EXPECT_HAS(err, "vprint is variadic");
  EXPECT_EQ(check(IU_PROG_KPROBE, "by_value", {kU64}, &err), -EINVAL);
  EXPECT_HAS(err, "by_value's argument 1 (b) is struct big in this kernel's BTF, which typed "
                  "arguments cannot take");
}

} // namespace
