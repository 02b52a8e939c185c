// iu-cc's option parsing: accepted forms and every usage error.
#include <gtest/gtest.h>

#include "options.h"

namespace {

std::optional<iucc::Options> parse(std::vector<const char *> args, std::string *err) {
  args.insert(args.begin(), "iu-cc");
  return iucc::parse_options(static_cast<int>(args.size()), const_cast<char **>(args.data()), err);
}

TEST(Options, Defaults) {
  std::string err;
  auto o = parse({"x.cpp"}, &err);
  ASSERT_TRUE(o) << err;
  EXPECT_EQ(o->opt_level, "-O2");
  EXPECT_TRUE(o->output.empty());
  EXPECT_FALSE(o->compile_only);
  EXPECT_EQ(o->fuel, 0u);
}

TEST(Options, AllForms) {
  std::string err;
  auto o = parse({"-O3", "-g", "-v", "-Iinc", "-I", "inc2", "-DX=1", "-D", "Y", "--fuel", "100",
                  "--stack-limit", "4096", "-o", "out.iu", "a.cpp", "b.cc"},
                 &err);
  ASSERT_TRUE(o) << err;
  EXPECT_EQ(o->opt_level, "-O3");
  EXPECT_TRUE(o->debug_info && o->verbose);
  EXPECT_EQ(o->include_dirs, (std::vector<std::string>{"inc", "inc2"}));
  EXPECT_EQ(o->defines, (std::vector<std::string>{"X=1", "Y"}));
  EXPECT_EQ(o->fuel, 100u);
  EXPECT_EQ(o->stack_limit, 4096u);
  EXPECT_EQ(o->inputs.size(), 2u);
}

TEST(Options, Errors) {
  std::string err;
  EXPECT_FALSE(parse({}, &err));
  EXPECT_EQ(err, "no input files");
  EXPECT_FALSE(parse({"-fno-sanitize=all", "x.cpp"}, &err));
  EXPECT_FALSE(parse({"-Xclang", "-load", "x.cpp"}, &err));
  EXPECT_FALSE(parse({"--fuel", "-1", "x.cpp"}, &err));
  EXPECT_FALSE(parse({"--fuel", "12abc", "x.cpp"}, &err));
  EXPECT_FALSE(parse({"x.c"}, &err));
  EXPECT_FALSE(parse({"-o"}, &err));
  EXPECT_TRUE(parse({"-Xclang", "-verify", "x.cpp"}, &err));
  EXPECT_FALSE(parse({"-Rsanitize-address", "x.cpp"}, &err));
}

TEST(Options, RemarksPassThrough) {
  std::string err;
  auto o = parse({"-Rpass-missed=iu-fuel", "-Rpass=inline", "x.cpp"}, &err);
  ASSERT_TRUE(o) << err;
  EXPECT_EQ(o->remarks, (std::vector<std::string>{"-Rpass-missed=iu-fuel", "-Rpass=inline"}));
}

} // namespace
