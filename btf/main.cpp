// iu-btf: C++ bindings for kernel types from BTF, for iu::read
// (runtime/include/iu/core.h, docs/kernel-types.md), and the typed
// tracepoint contexts from catalogues of trace event formats
// (runtime/include/iu/tracepoint.h, runtime/tracepoints/).
//
//   iu-btf dump --format cpp --types task_struct -o vmlinux.hpp
//   iu-btf tracepoints --catalogue debian-6.1.formats -o include/iu/tp
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <iu/error.h>
#include <iu/signer.h>

#include "cpp_bindings.h"
#include "tracepoint_headers.h"

namespace {

const char *const kTool = "iu-btf";
const char *const kDefaultBtf = "/sys/kernel/btf/vmlinux";

void usage(FILE *f) {
  fprintf(f,
          "Usage: %s dump [--format cpp] [--btf FILE] [--types NAME[,NAME...]] [-o OUT]\n"
          "               [--functions NAME[,NAME...]]\n"
          "       %s tracepoints --catalogue FILE [--catalogue FILE...] -o DIR\n"
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
          "tracepoints writes the typed tracepoint contexts (docs/runtime-api.md): DIR/\n"
          "<category>.h for each category, a struct per event deriving from\n"
          "iu::tracepoint_ctx with an accessor per field, and DIR/../tracepoints.h, which\n"
          "includes them all (as \"<DIR's name>/<category>.h\"). The events are the\n"
          "union of the catalogues' (runtime/tracepoints/README.md); a field wider on one\n"
          "kernel gets the widest type. Generated headers in DIR that no category needs\n"
          "any more are removed.\n"
          "\n"
          "  --catalogue FILE    a kernel's trace event formats, named in comments by the\n"
          "                      file's name without .formats (repeatable)\n"
          "  -o DIR              the category headers' folder (created if missing)\n"
          "\n"
          "Exit status: 0 success, 1 an error (unreadable or corrupt BTF, an unknown\n"
          "type, a malformed catalogue, an unwritable output), 2 bad usage.\n",
          kTool, kTool, kDefaultBtf);
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

bool read_file(const std::string &path, std::string *text, std::string *error) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *error = path + ": " + strerror(EISDIR);
    return false;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  if (!in || !(buf << in.rdbuf())) {
    *error = path + ": " + strerror(errno ? errno : EIO);
    return false;
  }
  *text = buf.str();
  return true;
}

// DIR and its missing parents.
bool make_dirs(const std::string &dir, std::string *error) {
  for (size_t at = 1; at <= dir.size(); ++at) {
    if (at != dir.size() && dir[at] != '/')
      continue;
    std::string part = dir.substr(0, at);
    if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
      *error = part + ": " + strerror(errno);
      return false;
    }
  }
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = dir + ": " + strerror(errno ? errno : ENOTDIR);
    return false;
  }
  return true;
}

bool starts_with_mark(const std::string &path) {
  std::ifstream in(path);
  std::string first;
  return std::getline(in, first) && first == iu::tpgen::kGeneratedMark;
}

// iu-btf tracepoints --catalogue FILE... -o DIR
int tracepoints_main(int argc, char **argv) {
  std::vector<std::string> catalogue_paths;
  std::string dir;
  bool have_command = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--catalogue" || a == "-o") {
      if (i + 1 >= argc)
        return bad_usage(a + " needs a value");
      std::string v = argv[++i];
      if (v.empty())
        return bad_usage(a + " needs a value");
      if (a == "-o")
        dir = v;
      else
        catalogue_paths.push_back(v);
    } else if (!a.empty() && a[0] == '-') {
      return bad_usage("unknown option '" + a + "' (tracepoints takes --catalogue and -o)");
    } else if (!have_command && a == "tracepoints") {
      have_command = true;
    } else {
      return bad_usage("unexpected argument '" + a + "'");
    }
  }
  if (catalogue_paths.empty())
    return bad_usage("tracepoints needs at least one --catalogue FILE");
  if (dir.empty())
    return bad_usage("tracepoints needs -o DIR");
  while (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  std::string dir_name = base_name(dir);
  if (dir_name.empty() || dir_name == "." || dir_name == ".." || dir == "/")
    return bad_usage("-o '" + dir + "': name the folder itself (tracepoints.h goes beside it)");
  std::string parent = dir.find('/') == std::string::npos ? "." : dir.substr(0, dir.rfind('/'));
  if (parent.empty())
    parent = "/";

  std::vector<iu::tpgen::Catalogue> catalogues;
  for (const std::string &path : catalogue_paths) {
    std::string text, error;
    if (!read_file(path, &text, &error))
      return fail(error);
    iu::tpgen::Catalogue c;
    c.kernel = base_name(path);
    if (c.kernel.size() > 8 && c.kernel.compare(c.kernel.size() - 8, 8, ".formats") == 0)
      c.kernel.resize(c.kernel.size() - 8);
    for (const iu::tpgen::Catalogue &other : catalogues)
      if (other.kernel == c.kernel)
        return fail(path + ": a second catalogue named " + c.kernel +
                    " (the file names tell the kernels apart)");
    if (!iu::tpgen::parse_catalogue(text, path, &c, &error))
      return fail(error);
    catalogues.push_back(std::move(c));
  }

  iu::tpgen::Output out = iu::tpgen::generate(catalogues, dir_name);
  std::string error;
  if (!make_dirs(dir, &error))
    return fail(error);
  for (const auto &[name, text] : out.category_headers) {
    std::string path = dir + "/" + name;
    if (int rc = iu_file__write_atomic(path.c_str(), text.data(), text.size(), -1); rc < 0)
      return fail(path + ": " + iu_strerror(rc));
  }
  // A category no catalogue has any more: its old header goes (only ours).
  if (DIR *d = opendir(dir.c_str())) {
    std::vector<std::string> stale;
    while (dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 2 && name.compare(name.size() - 2, 2, ".h") == 0 &&
          !out.category_headers.count(name) && starts_with_mark(dir + "/" + name))
        stale.push_back(dir + "/" + name);
    }
    closedir(d);
    for (const std::string &path : stale)
      if (unlink(path.c_str()) != 0)
        return fail(path + ": " + strerror(errno));
  }
  // Last: the build's witness that everything else is written.
  std::string all = parent + "/tracepoints.h";
  if (int rc = iu_file__write_atomic(all.c_str(), out.all_header.data(), out.all_header.size(), -1);
      rc < 0)
    return fail(all + ": " + iu_strerror(rc));
  return 0;
}

// The command: the first argument that is neither an option nor an
// option's value.
std::string command_of(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--format" || a == "--btf" || a == "--types" || a == "--functions" || a == "-o" ||
        a == "--catalogue")
      ++i;
    else if (a.empty() || a[0] != '-')
      return a;
  }
  return "";
}

} // namespace

int main(int argc, char **argv) {
  if (command_of(argc, argv) == "tracepoints")
    return tracepoints_main(argc, argv);
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
                       (have_command ? "" : " (the commands are dump and tracepoints)"));
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
