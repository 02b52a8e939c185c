// iu-btf: C++ bindings for kernel types from BTF, for iu::read
// (runtime/include/iu/core.h, docs/kernel-types.md).
//
//   iu-btf dump --format cpp --types task_struct -o vmlinux.hpp
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <iu/error.h>
#include <iu/signer.h>

#include "cpp_bindings.h"

namespace {

const char *const kTool = "iu-btf";
const char *const kDefaultBtf = "/sys/kernel/btf/vmlinux";

void usage(FILE *f) {
  fprintf(f,
          "Usage: %s dump [--format cpp] [--btf FILE] [--types NAME[,NAME...]] [-o OUT]\n"
          "               [--functions NAME[,NAME...]]\n"
          "\n"
          "Writes a C++ header of kernel types for iu::read (docs/kernel-types.md): one\n"
          "struct per kernel struct or union, in namespace vmlinux, whose members are\n"
          "field descriptors; the loader finds each member's offset in the running\n"
          "kernel's BTF.\n"
          "\n"
          "  --format cpp        the output format (the only one, the default)\n"
          "  --btf FILE          raw BTF or an ELF file with a .BTF section\n"
          "                      (default: %s)\n"
          "  --types NAME,...    these structs and unions and every struct they embed;\n"
          "                      structs they only point to are declared (default: all)\n"
          "  --functions NAME,... these functions' prototypes, for typed kprobe, fentry\n"
          "                      and fexit arguments; alone, no struct is defined\n"
          "  -o OUT              write OUT (replaced atomically) instead of standard output\n"
          "  -h, --help          this text\n"
          "\n"
          "Exit status: 0 success, 1 an error (unreadable or corrupt BTF, an unknown\n"
          "type, an unwritable output), 2 bad usage.\n",
          kTool, kDefaultBtf);
}

int fail(const std::string &msg) {
  fprintf(stderr, "%s: error: %s\n", kTool, msg.c_str());
  return 1;
}

int bad_usage(const std::string &msg) {
  fprintf(stderr, "%s: error: %s\n", kTool, msg.c_str());
  fprintf(stderr, "Try '%s --help'.\n", kTool);
  return 2;
}

// libbpf's own messages: kept to explain a failure, never printed alone.
std::string g_libbpf_log;

int libbpf_log(enum libbpf_print_level, const char *fmt, va_list ap) {
  char buf[512];
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  if (n > 0 && g_libbpf_log.size() < 4096)
    g_libbpf_log += buf;
  return n;
}

std::string libbpf_error(int err) {
  char buf[128];
  libbpf_strerror(err, buf, sizeof(buf)); // knows libbpf's own codes (4000 and up)
  return buf;
}

std::string base_name(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::vector<std::string> split_names(const std::string &list) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= list.size()) {
    size_t comma = list.find(',', at);
    if (comma == std::string::npos)
      comma = list.size();
    out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  std::string format = "cpp", btf_path = kDefaultBtf, out_path;
  std::vector<std::string> types, functions;
  bool have_command = false, have_types = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string *dst) {
      if (i + 1 >= argc)
        return false;
      *dst = argv[++i];
      return true;
    };
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--format" || a == "--btf" || a == "--types" || a == "--functions" ||
               a == "-o") {
      std::string v;
      if (!value(&v))
        return bad_usage(a + " needs a value");
      if (a == "--format")
        format = v;
      else if (a == "--btf")
        btf_path = v;
      else if (a == "-o")
        out_path = v;
      else if (a == "--functions") {
        for (const std::string &n : split_names(v)) {
          if (n.empty())
            return bad_usage("--functions '" + v + "': an empty function name");
          functions.push_back(n);
        }
      } else {
        for (const std::string &n : split_names(v)) {
          if (n.empty())
            return bad_usage("--types '" + v + "': an empty type name");
          types.push_back(n);
        }
        have_types = true;
      }
    } else if (!a.empty() && a[0] == '-') {
      return bad_usage("unknown option '" + a + "'");
    } else if (!have_command && a == "dump") {
      have_command = true;
    } else {
      return bad_usage("unexpected argument '" + a + "'" +
                       (have_command ? "" : " (the command is dump)"));
    }
  }
  if (!have_command) {
    usage(stderr);
    return 2;
  }
  if (format != "cpp")
    return bad_usage("unknown format '" + format + "' (the format is cpp)");
  if (btf_path.empty())
    return bad_usage("--btf needs a file");
  (void)have_types;

  // The file's own problems first: libbpf reports a missing .BTF section
  // as ENOENT too.
  struct stat st;
  if (stat(btf_path.c_str(), &st) != 0) {
    int err = errno;
    return fail(btf_path + ": " + strerror(err) +
                (err == ENOENT && btf_path == kDefaultBtf
                     ? " (a kernel built without CONFIG_DEBUG_INFO_BTF? name a file with --btf)"
                     : ""));
  }
  if (S_ISDIR(st.st_mode))
    return fail(btf_path + ": " + strerror(EISDIR));
  if (access(btf_path.c_str(), R_OK) != 0)
    return fail(btf_path + ": " + strerror(errno));

  if (FILE *f = fopen(btf_path.c_str(), "rb")) {
    unsigned char m[4] = {};
    size_t n = fread(m, 1, sizeof(m), f);
    fclose(f);
    bool elf = n == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
    bool raw = n >= 2 && ((m[0] == 0x9f && m[1] == 0xeb) || (m[0] == 0xeb && m[1] == 0x9f));
    if (!elf && !raw)
      return fail(btf_path + ": neither BTF nor an ELF file (no magic number of either)");
  }

  libbpf_set_print(libbpf_log);
  errno = 0;
  btf *b = btf__parse(btf_path.c_str(), nullptr);
  if (!b) {
    int err = errno ? errno : EINVAL;
    // libbpf's last word says what is wrong ("Invalid BTF total size").
    std::string why = libbpf_error(err);
    while (!g_libbpf_log.empty() && g_libbpf_log.back() == '\n')
      g_libbpf_log.pop_back();
    if (!g_libbpf_log.empty()) {
      why = g_libbpf_log.substr(g_libbpf_log.rfind('\n') + 1);
      if (why.rfind("libbpf: ", 0) == 0)
        why = why.substr(8);
    }
    return fail(btf_path + ": not valid BTF, raw or in an ELF file's .BTF section: " + why);
  }

  iu::btfgen::Options opts;
  opts.types = types;
  opts.functions = functions;
  opts.source_name = base_name(btf_path);
  std::string text, error;
  bool ok = iu::btfgen::generate_cpp(b, opts, &text, &error);
  btf__free(b);
  if (!ok)
    return fail(btf_path + ": " + error);

  if (out_path.empty()) {
    if (fwrite(text.data(), 1, text.size(), stdout) != text.size() || fflush(stdout) != 0)
      return fail("cannot write the output: " + std::string(strerror(errno)));
    return 0;
  }
  if (int rc = iu_file__write_atomic(out_path.c_str(), text.data(), text.size(), -1); rc < 0)
    return fail(out_path + ": " + iu_strerror(rc));
  return 0;
}
