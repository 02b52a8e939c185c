// iu-cc: check, compile, link and sign an iu extension image.
//
//   clang-19 (+ safety checker plugin, + instrumentation pass plugin)
//     -> object files -> ld.lld-19 with the image linker script and runtime
//     -> image checks -> signature -> OUT.iu (written atomically)
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "codegen_flags.h"
#include "note.h"
#include "odr_check.h"
#include "options.h"
#include "output_file.h"
#include "stack_bound.h"
#include "subprocess.h"
#include "toolchain.h"
#include "type_layouts.h"
#include <iu/image.h>

namespace {

const char *g_argv0 = "iu-cc";

int error(const std::string &msg) {
  fprintf(stderr, "%s: error: %s\n", g_argv0, msg.c_str());
  return 1;
}

// A private directory for intermediate files, removed on every exit path.
class TempDir {
public:
  bool create(std::string *err) {
    const char *base = getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/iu-cc.XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back(0);
    if (!mkdtemp(buf.data())) {
      *err = "cannot create a temporary directory: " + std::string(strerror(errno));
      return false;
    }
    path_ = buf.data();
    return true;
  }
  ~TempDir() {
    if (path_.empty())
      return;
    for (const std::string &f : files_)
      unlink(f.c_str());
    rmdir(path_.c_str());
  }
  std::string file(const std::string &name) {
    files_.push_back(path_ + "/" + name);
    return files_.back();
  }

private:
  std::string path_;
  std::vector<std::string> files_;
};

std::string base_name(const std::string &path) {
  std::string b = path.substr(path.rfind('/') + 1);
  return b.substr(0, b.rfind('.'));
}

std::vector<std::string> compile_command(const iucc::Options &o, const iucc::Toolchain &tc,
                                         const std::string &input,
                                         const std::string &odr_out = "",
                                         const std::string &types_out = "") {
  std::vector<std::string> cmd = {tc.clang};
  for (const std::string &f : iucc::frontend_flags())
    cmd.push_back(f);
  cmd.push_back("-I" + tc.runtime_include);
  for (const std::string &d : o.include_dirs)
    cmd.push_back("-I" + d);
  for (const std::string &d : o.defines)
    cmd.push_back("-D" + d);
  if (!tc.checker_plugin.empty()) {
    cmd.insert(cmd.end(), {"-fplugin=" + tc.checker_plugin, "-Xclang", "-plugin-arg-iucheck",
                           "-Xclang", "runtime-dir=" + tc.runtime_include});
    if (!odr_out.empty())
      cmd.insert(cmd.end(), {"-Xclang", "-plugin-arg-iucheck", "-Xclang", "odr-out=" + odr_out});
    if (!types_out.empty())
      cmd.insert(cmd.end(),
                 {"-Xclang", "-plugin-arg-iucheck", "-Xclang", "types-out=" + types_out});
  }
  for (const std::string &v : o.clang_verify)
    cmd.insert(cmd.end(), {"-Xclang", v});
  cmd.insert(cmd.end(), o.remarks.begin(), o.remarks.end());
  if (o.syntax_only) {
    cmd.push_back("-fsyntax-only");
  } else {
    for (const std::string &f : iucc::check_flags())
      cmd.push_back(f);
    for (const std::string &f : iucc::stack_bound_flags())
      cmd.push_back(f);
    cmd.push_back(o.opt_level);
    // Line tables at least: fuel reports name the loop's source line.
    cmd.push_back(o.debug_info ? "-g" : "-gline-tables-only");
    if (!tc.pass_plugin.empty()) {
      // The pass charges fuel; the budget itself goes into the note, and
      // the host sets it per invocation.
      cmd.push_back("-fpass-plugin=" + tc.pass_plugin);
    }
  }
  cmd.push_back(input);
  return cmd;
}

std::string toolchain_id(const iucc::Toolchain &tc) {
  return "iu-cc " IU_VERSION " (clang " + tc.clang_version + ")";
}

// Several source files are one program: each file's checker run writes the
// fingerprints of the entities it defines, and they must agree (see
// odr_check.h). A single file has nothing to agree with and pays nothing.
// (-fsyntax-only -Xclang -verify expects errors, after which no file has
// fingerprints; it writes nothing either way.)
bool wants_odr_check(const iucc::Options &o, const iucc::Toolchain &tc) {
  if (o.syntax_only && !o.clang_verify.empty())
    return false;
  return o.inputs.size() > 1 && !tc.checker_plugin.empty();
}

int check_odr(const iucc::Options &o, const std::vector<std::string> &fingerprints) {
  std::vector<std::string> errors = iucc::check_one_definition(fingerprints, o.inputs);
  for (const std::string &e : errors)
    error(e);
  if (!errors.empty())
    fprintf(stderr, "%s: note: the source files of one image are one program: define a shared "
                    "class, enum, inline function, template or inline variable the same way in "
                    "every file, and give a file's private helpers internal linkage (static, or "
                    "an anonymous namespace)\n",
            g_argv0);
  return errors.empty() ? 0 : 1;
}

int run(const iucc::Options &o) {
  iucc::Toolchain tc;
  std::string err;
  if (!iucc::find_toolchain(&tc, &err))
    return error(err);
  for (const std::string &in : o.inputs)
    if (access(in.c_str(), R_OK) != 0)
      return error(in + ": " + strerror(errno));

  TempDir tmp;
  if (!tmp.create(&err))
    return error(err);
  std::vector<std::string> fingerprints;
  if (wants_odr_check(o, tc))
    for (size_t i = 0; i < o.inputs.size(); ++i)
      fingerprints.push_back(tmp.file(std::to_string(i) + "-" + base_name(o.inputs[i]) + ".odr"));
  auto odr_out = [&](size_t i) { return fingerprints.empty() ? "" : fingerprints[i]; };

  if (o.syntax_only) {
    int worst = 0;
    for (size_t i = 0; i < o.inputs.size(); ++i) {
      int rc = iucc::run_command(compile_command(o, tc, o.inputs[i], odr_out(i)), o.verbose);
      if (rc != 0)
        worst = 1;
    }
    if (worst == 0 && !fingerprints.empty())
      worst = check_odr(o, fingerprints);
    return worst;
  }

  // The layouts of map and configuration types, for the image's .iu.types
  // (type_layouts.h): one record per file, merged after compiling.
  std::vector<std::string> layouts;
  if (!o.compile_only && !tc.checker_plugin.empty())
    for (size_t i = 0; i < o.inputs.size(); ++i)
      layouts.push_back(tmp.file(std::to_string(i) + "-" + base_name(o.inputs[i]) + ".types"));
  auto types_out = [&](size_t i) { return layouts.empty() ? "" : layouts[i]; };

  std::vector<std::string> objects;
  for (size_t i = 0; i < o.inputs.size(); ++i) {
    std::string obj = tmp.file(std::to_string(i) + "-" + base_name(o.inputs[i]) + ".o");
    std::vector<std::string> cmd =
        compile_command(o, tc, o.inputs[i], odr_out(i), types_out(i));
    cmd.insert(cmd.end(), {"-c", "-o", obj});
    int rc = iucc::run_command(cmd, o.verbose);
    if (rc < 0)
      return error("cannot run " + tc.clang);
    if (rc != 0)
      return 1; // clang printed the diagnostics
    objects.push_back(obj);
  }
  if (!fingerprints.empty() && check_odr(o, fingerprints) != 0)
    return 1;

  if (o.compile_only) {
    for (size_t i = 0; i < objects.size(); ++i) {
      std::string out = o.output.empty() ? base_name(o.inputs[i]) + ".o" : o.output;
      if (!iucc::install_file(objects[i], out, &err))
        return error(err);
    }
    return 0;
  }

  iu_note_meta meta{};
  meta.abi_version = IU_ABI_VERSION;
  meta.ruleset_version = iucc::kRulesetVersion;
  meta.helper_abi_version = IU_HELPER_ABI_VERSION;
  std::vector<std::string> stack_inputs = objects;
  stack_inputs.push_back(tc.runtime_lib);
  if (!iucc::check_stack_bound(stack_inputs, o.stack_limit ? o.stack_limit : IU_STACK_LIMIT_DEFAULT,
                               o.verbose, &meta.stack_bound, &err))
    return error(o.inputs[0] + ": " + err);
  meta.fuel_budget = o.fuel ? o.fuel : IU_FUEL_DEFAULT;
  snprintf(meta.toolchain, sizeof(meta.toolchain), "%s", toolchain_id(tc).c_str());
  std::string license;
  for (const std::string &obj : objects) {
    std::string l;
    if (!iucc::read_license(obj, &l, &err))
      return error(err);
    if (!l.empty())
      license = l;
  }
  if (license.size() >= sizeof(meta.license))
    return error("license string '" + license + "' is too long");
  snprintf(meta.license, sizeof(meta.license), "%s", license.empty() ? "GPL" : license.c_str());

  // The type layouts also count the image's maps and configurations,
  // which the note records (the validator checks them against the tables).
  std::string types_text;
  if (!layouts.empty() && !iucc::merge_type_layouts(layouts, o.inputs, &types_text, &meta.map_count,
                                                        &meta.config_count, &err))
    return error(err);
  std::string types_obj;
  if (!types_text.empty()) {
    types_obj = tmp.file("types.o");
    if (!iucc::write_types_object(types_obj, types_text, &err))
      return error(err);
  }

  std::string note_obj = tmp.file("note.o");
  if (!iucc::write_note_object(note_obj, meta, &err))
    return error(err);

  std::string linked = tmp.file("image.iu");
  std::vector<std::string> link = {tc.lld};
  for (const std::string &f : iucc::link_flags())
    link.push_back(f);
  link.insert(link.end(), {"-T", tc.linker_script, "-o", linked});
  link.insert(link.end(), objects.begin(), objects.end());
  link.push_back(note_obj);
  if (!types_obj.empty())
    link.push_back(types_obj);
  link.push_back(tc.runtime_lib);
  int rc = iucc::run_command(link, o.verbose);
  if (rc != 0)
    return error(rc < 0 ? "cannot run " + tc.lld : "linking failed");

  // The image must pass the same checks as the loader's before it is
  // signed: W^X, relocation kinds, imports limited to the helper allowlist.
  std::ifstream in(linked, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  iu::Image image;
  if (!iu::parse_image(bytes, &image, &err))
    return error(o.inputs[0] + ": the linked image is not a valid iu image: " + err);

  std::string out = o.output.empty() ? "a.iu" : o.output;
  if (!iucc::write_image(bytes, out, o, &err))
    return error(err);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string err;
  auto opts = iucc::parse_options(argc, argv, &err);
  if (!opts) {
    fprintf(stderr, "%s: error: %s\nTry '%s --help'.\n", g_argv0, err.c_str(), g_argv0);
    return 2;
  }
  if (opts->help) {
    iucc::print_help(g_argv0);
    return 0;
  }
  if (opts->version) {
    printf("iu-cc %s\nclang %s, image ABI %u, helper ABI %u, rule set %u\n", IU_VERSION,
           IU_CLANG_VERSION, IU_ABI_VERSION, IU_HELPER_ABI_VERSION, iucc::kRulesetVersion);
    return 0;
  }
  return run(*opts);
}
