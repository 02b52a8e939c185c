// execsnoop_user: bcc's libbpf-tools execsnoop.c against libiu. Sets the
// filters before load, attaches, runs a command (default: a shell that
// execs a few programs) and prints each exec as it arrives, in the
// original's format:
//
//   PCOMM            PID    PPID   RET ARGS
//
//   execsnoop_user [--backend user|kernel] [-x] [-u UID] [-U] [-q] [-n NAME]
//                  [--max-args N] [IMAGE] [-- COMMAND ARGS...]
//
// -x includes failed execs, -u only traces that uid, -U prints the uid,
// -q quotes the arguments, -n prints only commands whose comm contains NAME,
// --max-args (1..60, default 20) limits the arguments read.
#include <cstdlib>

#include "../common/sample.h"
#include "execsnoop.h"

namespace {

struct Options {
  bool fails = false;
  unsigned uid = INVALID_UID;
  bool print_uid = false;
  bool quote = false;
  const char *name = nullptr;
  int max_args = DEFAULT_MAXARGS;
};

Options env;

void quoted_char(char c) {
  switch (c) {
  case '"':
    fputs("\\\"", stdout);
    break;
  case '\t':
    fputs("\\t", stdout);
    break;
  case '\n':
    fputs("\\n", stdout);
    break;
  default:
    putchar(c);
  }
}

// The arguments as the original prints them, each followed by a space;
// "..." when more followed than --max-args.
void print_args(const event &e) {
  int stored = e.args_count > env.max_args ? env.max_args : e.args_count;
  unsigned size = e.args_size < FULL_MAX_ARGS_ARR ? e.args_size : FULL_MAX_ARGS_ARR;
  unsigned i = 0;
  for (int k = 0; k < stored && i < size; ++k, ++i) {
    if (env.quote)
      putchar('"');
    for (; i < size && e.args[i]; ++i) {
      if (env.quote)
        quoted_char(e.args[i]);
      else
        putchar(e.args[i]);
    }
    if (env.quote)
      putchar('"');
    putchar(' ');
  }
  if (e.args_count == env.max_args + 1)
    fputs("...", stdout);
}

int handle_event(void *, iu_map *, int, const void *data, size_t size) {
  if (size < sizeof(event))
    return 0;
  static event e; // about 7.7 KiB: not on the stack of every call
  memcpy(&e, data, sizeof(e));
  e.comm[TASK_COMM_LEN - 1] = 0;
  if (env.name && !strstr(e.comm, env.name))
    return 0;
  if (env.print_uid)
    printf("%-6u ", e.uid);
  printf("%-16s %-6d %-6d %3d ", e.comm, e.pid, e.ppid, e.retval);
  print_args(e);
  putchar('\n');
  fflush(stdout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  const char *tool = "execsnoop_user";
  std::vector<char *> rest = {argv[0]};
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    long v;
    if (!strcmp(argv[i], "-x")) {
      env.fails = true;
    } else if (!strcmp(argv[i], "-U")) {
      env.print_uid = true;
    } else if (!strcmp(argv[i], "-q")) {
      env.quote = true;
    } else if (!strcmp(argv[i], "-u") && i + 1 < argc) {
      if (!sample::parse_number(tool, "UID", argv[++i], 0, INVALID_UID - 1, &v))
        return 2;
      env.uid = static_cast<unsigned>(v);
    } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
      env.name = argv[++i];
    } else if (!strcmp(argv[i], "--max-args") && i + 1 < argc) {
      if (!sample::parse_number(tool, "MAX_ARGS", argv[++i], 1, TOTAL_MAX_ARGS, &v))
        return 2;
      env.max_args = static_cast<int>(v);
    } else {
      rest.push_back(argv[i]);
    }
  }
  for (; i < argc; ++i)
    rest.push_back(argv[i]);
  sample::Args args;
  if (!sample::parse_args(tool, static_cast<int>(rest.size()), rest.data(), "execsnoop.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(tool, args, [&](iu_object *o) {
    bool ignore_failed = !env.fails;
    iu_u32 uid = env.uid;
    iu_s32 max_args = env.max_args;
    return iu_object__set_config(o, "ignore_failed", &ignore_failed, sizeof(ignore_failed)) == 0 &&
           iu_object__set_config(o, "targ_uid", &uid, sizeof(uid)) == 0 &&
           iu_object__set_config(o, "max_args", &max_args, sizeof(max_args)) == 0;
  });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  if (env.print_uid)
    printf("%-6s ", "UID");
  printf("%-16s %-6s %-6s %3s %s\n", "PCOMM", "PID", "PPID", "RET", "ARGS");
  fflush(stdout);
  IU_OPTS(iu_run_opts, opts, .event_fn = handle_event);
  bool ok = sample::attach_all(tool, obj, &links) &&
            sample::run(tool, obj, args, {"sh", "-c", "/bin/true; /bin/echo a b c >/dev/null"},
                        &opts) >= 0;
  iu_map *events = iu_object__find_map_by_name(obj, "events");
  if (events && iu_map__events_lost(events))
    fprintf(stderr, "%s: %llu events lost\n", tool,
            static_cast<unsigned long long>(iu_map__events_lost(events)));
  sample::close(obj, links);
  return ok ? 0 : 1;
}
