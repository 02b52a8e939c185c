// iu-load: load an iu image, attach its programs and stream their output.
//
//   iu-load [options] IMAGE [-- COMMAND ARGS...]
//   iu-load --test-run PROGRAM [--ctx FILE] [--repeat N] IMAGE
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <iu/abi.h>
#include <iu/libiu.h>

#include "output_format.h"
#include "value_format.h"

namespace {

const char *const kTool = "iu-load";

void usage(FILE *f) {
  fprintf(f,
          "Usage: %s [options] IMAGE [-- COMMAND [ARGS...]]\n"
          "       %s --test-run PROGRAM [--ctx FILE] [--repeat N] IMAGE\n"
          "\n"
          "Verifies and loads an iu image, attaches its programs, runs COMMAND and\n"
          "prints the programs' trace output (trace_pipe format) on stdout. Panics and\n"
          "terminations are reported on stderr. The exit status is COMMAND's.\n"
          "\n"
          "Options:\n"
          "  --backend user|kernel|auto  where programs run (default auto: kernel if\n"
          "                              /dev/iu exists, else user)\n"
          "  --trust CERT                also trust this certificate (repeatable)\n"
          "  --only PROG[,PROG...]       attach only these programs (repeatable); the\n"
          "                              others stay loaded but unattached\n"
          "  --keep-on-panic             keep a program attached after it panics\n"
          "  --test-run PROGRAM          run one program on a context, like\n"
          "                              BPF_PROG_TEST_RUN, and print its result\n"
          "  --ctx FILE                  context bytes for --test-run (default: zeroed)\n"
          "  --repeat N                  runs for --test-run (default 1)\n"
          "  --set NAME=VALUE            set configuration NAME (an IU_CONFIG) before\n"
          "                              loading: an integer (decimal or 0x), true or\n"
          "                              false, or a string for a char array (repeatable)\n"
          "  --dump-maps[=text|json]     after COMMAND exits (or the test runs), print\n"
          "                              every map but events maps\n"
          "  --events=text|json          how each event of an events map is printed\n"
          "                              (one line each, on stdout; default text)\n"
          "  -h, --help                  show this help\n"
          "\n"
          "The user backend fires kprobe/__seccomp_filter and\n"
          "tracepoint/syscalls/sys_enter_* programs at each system call of COMMAND,\n"
          "and tracepoint/syscalls/sys_exit_* programs at its exit; kprobes on other\n"
          "functions, kretprobes, fentry, fexit, perf_event, other tracepoints' and raw\n"
          "tracepoint programs need the kernel backend.\n",
          kTool, kTool);
}

int usage_error(const std::string &msg) {
  fprintf(stderr, "%s: %s\nTry '%s --help'.\n", kTool, msg.c_str(), kTool);
  return 2;
}

// Reads a --test-run context: a regular file of exactly the size the
// program's context has, with one bounded read (a FIFO, a device or a
// growing file cannot make it wait or read without end). Returns "" or the
// problem.
std::string read_ctx(const std::string &path, const iu_program *prog,
                     std::vector<unsigned char> *out) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return strerror(errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return strerror(e);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return "not a regular file";
  }
  size_t want = iu_program__ctx_size(prog);
  auto wrong_size = [&](unsigned long long have) {
    return "is " + std::to_string(have) + " bytes, program " + iu_program__name(prog) +
           " of type " + iu_prog_type_str(iu_program__type(prog)) + " takes a " +
           std::to_string(want) + "-byte context";
  };
  if (static_cast<unsigned long long>(st.st_size) != want) {
    close(fd);
    return wrong_size(static_cast<unsigned long long>(st.st_size));
  }
  // One byte more than wanted, to see a file that grew since fstat.
  out->assign(want + 1, 0);
  size_t got = 0;
  while (got < out->size()) {
    ssize_t n = read(fd, out->data() + got, out->size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      return strerror(e);
    }
    if (n == 0)
      break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  if (got != want)
    return wrong_size(got);
  out->resize(want);
  return "";
}

int fail(const char *what) {
  fprintf(stderr, "%s: %s\n", kTool, what && *what ? what : strerror(errno));
  return 1;
}

// One line per event: "MAP: VALUE", or in JSON
// {"map": "MAP", "cpu": N, "value": VALUE}. Written straight to stdout's fd
// so that it stays in order with the programs' trace lines.
int print_event(void *ctx, iu_map *map, int cpu, const void *data, size_t size) {
  auto style = *static_cast<const iu::ValueStyle *>(ctx);
  std::string line;
  if (size != iu_map__value_size(map))
    line = std::string(iu_map__name(map)) + ": a record of " + std::to_string(size) + " bytes";
  else if (style == iu::ValueStyle::Json)
    line = "{\"map\": " + iu::json_quote(iu_map__name(map)) + ", \"cpu\": " + std::to_string(cpu) +
           ", \"value\": " + iu::format_map_value(map, data, style) + "}";
  else
    line = std::string(iu_map__name(map)) + ": " + iu::format_map_value(map, data, style);
  line += '\n';
  iu::write_all(1, line);
  return 0;
}

struct PollTarget {
  iu_map *map;
  iu::ValueStyle style;
};
int print_polled_event(void *ctx, int cpu, const void *data, size_t size) {
  auto *t = static_cast<PollTarget *>(ctx);
  return print_event(&t->style, t->map, cpu, data, size);
}

// Events still queued (a test run delivers none while it runs), then the
// records each events map dropped, on stderr: never a silent loss.
void finish_events(iu_object *obj, iu::ValueStyle style, bool poll) {
  for (iu_map *m = iu_object__next_map(obj, nullptr); m; m = iu_object__next_map(obj, m)) {
    if (iu_map__type(m) != IU_MAP_EVENTS)
      continue;
    if (poll) {
      PollTarget t{m, style};
      iu_map__poll_events(m, 0, print_polled_event, &t);
    }
    if (uint64_t lost = iu_map__events_lost(m))
      fprintf(stderr, "%s: map '%s': %llu events dropped (buffer full)\n", kTool, iu_map__name(m),
              static_cast<unsigned long long>(lost));
  }
}

// --dump-maps: every map but events maps, keys in the map's order. Returns
// false (with the reason printed) if a map cannot be read.
bool dump_maps(iu_object *obj, iu::ValueStyle style) {
  bool json = style == iu::ValueStyle::Json;
  int cpus = iu_num_cpus();
  std::string out = json ? "[" : "";
  bool first_map = true, ok = true;
  for (iu_map *m = iu_object__next_map(obj, nullptr); m; m = iu_object__next_map(obj, m)) {
    unsigned type = iu_map__type(m);
    if (type == IU_MAP_EVENTS)
      continue;
    size_t ksz = iu_map__key_size(m), vsz = iu_map__value_size(m);
    if (type == IU_MAP_PERCPU_ARRAY || type == IU_MAP_PERCPU_HASH)
      vsz = ((vsz + 7) & ~size_t{7}) * static_cast<size_t>(cpus > 0 ? cpus : 1);
    std::vector<unsigned char> key(ksz), next(ksz), value(vsz);
    std::vector<std::string> entries;
    bool have = false;
    // At most max_entries keys: a map that changes under the walk cannot
    // make it endless.
    for (uint32_t n = 0; n < iu_map__max_entries(m); ++n) {
      int rc = iu_map__get_next_key(m, have ? key.data() : nullptr, next.data(), ksz);
      if (rc == -ENOENT)
        break;
      if (rc < 0) {
        fprintf(stderr, "%s: %s\n", kTool, iu_last_error());
        ok = false;
        break;
      }
      key.swap(next);
      have = true;
      rc = iu_map__lookup_elem(m, key.data(), ksz, value.data(), vsz, 0);
      if (rc == -ENOENT)
        continue; // erased since
      if (rc < 0) {
        fprintf(stderr, "%s: %s\n", kTool, iu_last_error());
        ok = false;
        break;
      }
      std::string k = iu::format_map_key(m, key.data(), style);
      std::string v = iu::format_map_value(m, value.data(), style);
      entries.push_back(json ? "{\"key\": " + k + ", \"value\": " + v + "}"
                             : "  key: " + k + "  value: " + v + "\n");
    }
    if (json) {
      out += first_map ? "\n" : ",\n";
      out += "  {\"name\": " + iu::json_quote(iu_map__name(m)) + ", \"type\": " +
             iu::json_quote(iu_map_type_str(type)) + ", \"entries\": [";
      for (size_t i = 0; i < entries.size(); ++i)
        out += (i ? ",\n    " : "\n    ") + entries[i];
      out += entries.empty() ? "]}" : "\n  ]}";
    } else {
      out += std::string(iu_map__name(m)) + " (" + iu_map_type_str(type) + "): " +
             std::to_string(entries.size()) + (entries.size() == 1 ? " entry\n" : " entries\n");
      for (const std::string &e : entries)
        out += e;
    }
    first_map = false;
  }
  if (json)
    out += first_map ? "]\n" : "\n]\n";
  fflush(stdout);
  iu::write_all(1, out);
  return ok;
}

} // namespace

int main(int argc, char **argv) {
  iu_object_open_opts open_opts{};
  open_opts.sz = sizeof(open_opts);
  iu_run_opts run_opts{};
  run_opts.sz = sizeof(run_opts);
  std::vector<const char *> trust;
  std::string image, test_prog, ctx_file;
  unsigned long repeat = 1;
  char **command = nullptr;
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<std::string> only; // --only's names; empty: attach every program
  bool dump = false;
  iu::ValueStyle dump_style = iu::ValueStyle::Text, event_style = iu::ValueStyle::Text;

  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](const char *flag) -> const char * {
      if (i + 1 >= argc)
        return nullptr;
      (void)flag;
      return argv[++i];
    };
    if (a == "--") {
      command = argv + i + 1;
      break;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--backend") {
      const char *v = next("--backend");
      if (!v)
        return usage_error("--backend needs an argument");
      std::string b = v;
      if (b == "user")
        open_opts.backend = IU_BACKEND_USER;
      else if (b == "kernel")
        open_opts.backend = IU_BACKEND_KERNEL;
      else if (b == "auto")
        open_opts.backend = IU_BACKEND_AUTO;
      else
        return usage_error("unknown backend '" + b + "' (user, kernel or auto)");
    } else if (a == "--trust") {
      const char *v = next("--trust");
      if (!v)
        return usage_error("--trust needs a certificate file");
      trust.push_back(v);
    } else if (a == "--only") {
      const char *v = next("--only");
      if (!v || !*v)
        return usage_error("--only needs PROG[,PROG...]");
      std::string list = v;
      for (size_t pos = 0;;) {
        size_t comma = list.find(',', pos);
        std::string name = list.substr(pos, comma == std::string::npos ? comma : comma - pos);
        if (name.empty())
          return usage_error("--only: empty program name in '" + list + "'");
        only.push_back(name);
        if (comma == std::string::npos)
          break;
        pos = comma + 1;
      }
    } else if (a == "--keep-on-panic") {
      run_opts.keep_on_panic = true;
    } else if (a == "--test-run") {
      const char *v = next("--test-run");
      if (!v)
        return usage_error("--test-run needs a program name");
      test_prog = v;
    } else if (a == "--ctx") {
      const char *v = next("--ctx");
      if (!v)
        return usage_error("--ctx needs a file");
      ctx_file = v;
    } else if (a == "--repeat") {
      const char *v = next("--repeat");
      char *end = nullptr;
      if (!v || (repeat = strtoul(v, &end, 10)) == 0 || *end || repeat > 100000000)
        return usage_error("--repeat needs a number from 1 to 100000000");
    } else if (a == "--set") {
      const char *v = next("--set");
      std::string kv = v ? v : "";
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        return usage_error("--set needs NAME=VALUE");
      settings.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (a == "--dump-maps" || a == "--dump-maps=text") {
      dump = true;
      dump_style = iu::ValueStyle::Text;
    } else if (a == "--dump-maps=json") {
      dump = true;
      dump_style = iu::ValueStyle::Json;
    } else if (a.starts_with("--dump-maps=")) {
      return usage_error("unknown --dump-maps format '" + a.substr(12) + "' (text or json)");
    } else if (a == "--events=text" || a == "--events=json") {
      event_style = a == "--events=json" ? iu::ValueStyle::Json : iu::ValueStyle::Text;
    } else if (a.starts_with("--events")) {
      return usage_error("--events takes =text or =json");
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else if (image.empty()) {
      image = a;
    } else {
      return usage_error("unexpected argument '" + a + "' (put the command after --)");
    }
  }
  if (image.empty())
    return usage_error("no image given");
  if (test_prog.empty() && (!command || !*command))
    return usage_error("no command given (iu-load IMAGE -- COMMAND ARGS...)");
  if (!test_prog.empty() && command)
    return usage_error("--test-run takes no command");
  if (!test_prog.empty() && !only.empty())
    return usage_error("--only chooses programs to attach; --test-run attaches none");
  if (!test_prog.empty() && open_opts.backend == IU_BACKEND_AUTO)
    open_opts.backend = IU_BACKEND_USER;
  open_opts.trusted_certs = trust.data();
  open_opts.trusted_cert_cnt = trust.size();

  iu_object *obj = iu_object__open_file(image.c_str(), &open_opts);
  if (!obj)
    return fail(iu_last_error());
  if (!only.empty()) {
    // Every name must be the image's, or nothing is attached: a typo would
    // otherwise trace less than asked for without a word.
    for (const std::string &name : only)
      if (!iu_object__find_program_by_name(obj, name.c_str())) {
        std::string all;
        for (iu_program *p = iu_object__next_program(obj, nullptr); p;
             p = iu_object__next_program(obj, p))
          all += (all.empty() ? "" : ", ") + std::string(iu_program__name(p));
        fprintf(stderr, "%s: %s: no program named '%s' (the image's programs: %s)\n", kTool,
                image.c_str(), name.c_str(), all.c_str());
        iu_object__close(obj);
        return 2;
      }
    for (iu_program *p = iu_object__next_program(obj, nullptr); p;
         p = iu_object__next_program(obj, p))
      iu_program__set_autoload(
          p, std::find(only.begin(), only.end(), iu_program__name(p)) != only.end());
  }
  for (const auto &[name, value] : settings)
    if (iu_object__set_config_str(obj, name.c_str(), value.c_str()) < 0) {
      int rc = fail(iu_last_error());
      iu_object__close(obj);
      return rc;
    }
  if (iu_object__load(obj) < 0) {
    int rc = fail(iu_last_error());
    iu_object__close(obj);
    return rc;
  }

  if (!test_prog.empty()) {
    iu_program *prog = iu_object__find_program_by_name(obj, test_prog.c_str());
    if (!prog) {
      int rc = fail(iu_last_error());
      iu_object__close(obj);
      return rc;
    }
    std::vector<unsigned char> ctx;
    iu_test_run_opts t{};
    t.sz = sizeof(t);
    if (!ctx_file.empty()) {
      std::string err = read_ctx(ctx_file, prog, &ctx);
      if (!err.empty()) {
        fprintf(stderr, "%s: %s: %s\n", kTool, ctx_file.c_str(), err.c_str());
        iu_object__close(obj);
        return 1;
      }
      t.ctx_in = ctx.data();
      t.ctx_size_in = ctx.size();
    }
    t.repeat = static_cast<unsigned>(repeat);
    fflush(stdout);
    int rc = iu_program__test_run(prog, &t);
    if (rc < 0) {
      rc = fail(iu_last_error());
      iu_object__close(obj);
      return rc;
    }
    finish_events(obj, event_style, true);
    printf("program: %s\nreturn value: %lld\nstatus: %s\nruns: %lu\nmean time per run: %llu ns\n",
           test_prog.c_str(), static_cast<long long>(t.retval),
           t.status == IU_RUN_OK ? "ok" : t.panic_msg, repeat,
           static_cast<unsigned long long>(t.duration_ns));
    bool dumped = !dump || dump_maps(obj, dump_style);
    iu_object__close(obj);
    return t.status == IU_RUN_OK && dumped ? 0 : 1;
  }

  std::vector<iu_link *> links;
  for (iu_program *p = iu_object__next_program(obj, nullptr); p; p = iu_object__next_program(obj, p)) {
    if (!iu_program__autoload(p))
      continue;
    iu_link *link = iu_program__attach(p);
    if (!link) {
      int rc = fail(iu_last_error());
      for (iu_link *l : links)
        iu_link__destroy(l);
      iu_object__close(obj);
      return rc;
    }
    links.push_back(link);
  }
  fflush(stdout);
  run_opts.event_fn = print_event;
  run_opts.event_ctx = &event_style;
  int status = iu_object__run_command(obj, command, &run_opts);
  if (status < 0) {
    fail(iu_last_error());
    for (iu_link *l : links)
      iu_link__destroy(l);
    iu_object__close(obj);
    return 127;
  }
  // Maps are read once nothing fires any more.
  for (iu_link *l : links)
    iu_link__destroy(l);
  finish_events(obj, event_style, false);
  if (dump && !dump_maps(obj, dump_style) && status == 0)
    status = 1;
  iu_object__close(obj);
  return status;
}
