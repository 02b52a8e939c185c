// What every sample's user-space part does the same way, on libiu:
//
//   tool [--backend user|kernel] IMAGE [-- COMMAND ARGS...]
//
// opens and loads IMAGE, attaches its programs, runs COMMAND (or the
// sample's default workload) while they fire, and leaves the maps for the
// sample to read. Errors are printed as "tool: reason" (libiu's reason
// names the file and the problem).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <iu/libiu.h>

namespace sample {

struct Args {
  iu_backend backend = IU_BACKEND_AUTO;
  const char *image = nullptr;
  std::vector<char *> command; // NULL-terminated, or empty
};

inline bool parse_args(const char *tool, int argc, char **argv, const char *default_image,
                       Args *out) {
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
      const char *b = argv[++i];
      out->backend = !strcmp(b, "user")     ? IU_BACKEND_USER
                     : !strcmp(b, "kernel") ? IU_BACKEND_KERNEL
                                            : IU_BACKEND_AUTO;
      if (out->backend == IU_BACKEND_AUTO && strcmp(b, "auto")) {
        fprintf(stderr, "%s: unknown backend '%s' (user, kernel or auto)\n", tool, b);
        return false;
      }
    } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fprintf(stderr, "usage: %s [--backend user|kernel] [IMAGE] [-- COMMAND ARGS...]\n", tool);
      return false;
    } else if (!out->image && argv[i][0] != '-') {
      out->image = argv[i];
    } else {
      fprintf(stderr, "%s: unexpected argument '%s' (see --help)\n", tool, argv[i]);
      return false;
    }
  }
  if (!out->image)
    out->image = default_image;
  if (i < argc)
    for (++i; i < argc; ++i)
      out->command.push_back(argv[i]);
  if (!out->command.empty())
    out->command.push_back(nullptr);
  return true;
}

// A decimal option value in lo..hi into *out; false, said as "tool:
// invalid WHAT: S (lo..hi)", otherwise.
inline bool parse_number(const char *tool, const char *what, const char *s, long lo, long hi,
                         long *out) {
  char *end = nullptr;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > hi) {
    fprintf(stderr, "%s: invalid %s: %s (%ld..%ld)\n", tool, what, s, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

// Opens, lets configure() set configuration (may be empty), loads.
template <class Configure>
inline iu_object *open_and_load(const char *tool, const Args &args, Configure configure) {
  IU_OPTS(iu_object_open_opts, opts, .backend = args.backend);
  iu_object *obj = iu_object__open_file(args.image, &opts);
  if (!obj) {
    fprintf(stderr, "%s: %s\n", tool, iu_last_error());
    return nullptr;
  }
  if (!configure(obj) || iu_object__load(obj) < 0) {
    fprintf(stderr, "%s: %s\n", tool, iu_last_error());
    iu_object__close(obj);
    return nullptr;
  }
  return obj;
}

// Attaches every program; a program whose hook this backend does not have
// is reported and skipped when optional() says so for its name.
template <class Optional>
inline bool attach_all(const char *tool, iu_object *obj, std::vector<iu_link *> *links,
                       Optional optional) {
  for (iu_program *p = iu_object__next_program(obj, nullptr); p;
       p = iu_object__next_program(obj, p)) {
    iu_link *link = iu_program__attach(p);
    if (link) {
      links->push_back(link);
      continue;
    }
    if (optional(iu_program__name(p))) {
      fprintf(stderr, "%s: note: %s not attached: %s\n", tool, iu_program__name(p),
              iu_last_error());
      continue;
    }
    fprintf(stderr, "%s: %s\n", tool, iu_last_error());
    return false;
  }
  return true;
}

inline bool attach_all(const char *tool, iu_object *obj, std::vector<iu_link *> *links) {
  return attach_all(tool, obj, links, [](const char *) { return false; });
}

// Runs the command (args.command, else fallback) while the programs fire.
// Returns its exit status, or -1 (reported) if it could not run.
inline int run(const char *tool, iu_object *obj, const Args &args,
               std::vector<const char *> fallback, const iu_run_opts *opts = nullptr) {
  std::vector<char *> argv = args.command;
  if (argv.empty()) {
    for (const char *a : fallback)
      argv.push_back(const_cast<char *>(a));
    argv.push_back(nullptr);
  }
  int status = iu_object__run_command(obj, argv.data(), opts);
  if (status < 0) {
    fprintf(stderr, "%s: %s\n", tool, iu_last_error());
    return -1;
  }
  return status;
}

inline void close(iu_object *obj, std::vector<iu_link *> &links) {
  for (iu_link *l : links)
    iu_link__destroy(l);
  links.clear();
  iu_object__close(obj);
}

} // namespace sample
