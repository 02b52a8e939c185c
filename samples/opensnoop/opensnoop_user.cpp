// opensnoop_user: bcc's libbpf-tools opensnoop.c against libiu. Sets the
// filters before load, attaches, runs a command (default: a shell that
// opens a file that exists and one that does not) and prints each open as
// it arrives, in the original's format:
//
//   PID    COMM              FD ERR PATH
//
//   opensnoop_user [--backend user|kernel] [-T] [-U] [-e] [-x] [-p PID]
//                  [-t TID] [-u UID] [-n NAME] [IMAGE] [-- COMMAND ARGS...]
//
// -T prints the time, -U the uid, -e the flags (octal) and the mode; -x
// only failed opens; -p, -t, -u and -n (a substring of the comm) filter in
// the extension.
#include <cstdlib>
#include <ctime>

#include "../common/sample.h"
#include "opensnoop.h"

namespace {

struct Options {
  bool timestamp = false;
  bool print_uid = false;
  bool extended = false;
  bool failed = false;
  long pid = 0;
  long tid = 0;
  long uid = INVALID_UID;
  const char *name = "";
};

Options env;

int handle_event(void *, iu_map *, int, const void *data, size_t size) {
  if (size < sizeof(event))
    return 0;
  event e;
  memcpy(&e, data, sizeof(e));
  e.comm[TASK_COMM_LEN - 1] = 0;
  e.fname[NAME_MAX - 1] = 0;
  int fd = e.ret >= 0 ? e.ret : -1;
  int err = e.ret >= 0 ? 0 : -e.ret;
  if (env.timestamp) {
    char ts[32];
    time_t t = time(nullptr);
    strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
    printf("%-8s ", ts);
  }
  if (env.print_uid)
    printf("%-7u ", e.uid);
  printf("%-6d %-16s %3d %3d ", e.pid, e.comm, fd, err);
  if (env.extended) {
    if (e.mode == 0 && (e.flags & OPENSNOOP_O_CREAT) == 0 &&
        (e.flags & OPENSNOOP_O_TMPFILE) != OPENSNOOP_O_TMPFILE)
      printf("%08o n/a  ", static_cast<unsigned>(e.flags));
    else
      printf("%08o %04o ", static_cast<unsigned>(e.flags), e.mode);
  }
  printf("%s\n", e.fname);
  fflush(stdout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  const char *tool = "opensnoop_user";
  std::vector<char *> rest = {argv[0]};
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    const char *a = argv[i];
    bool has_value = i + 1 < argc;
    if (!strcmp(a, "-T")) {
      env.timestamp = true;
    } else if (!strcmp(a, "-U")) {
      env.print_uid = true;
    } else if (!strcmp(a, "-e")) {
      env.extended = true;
    } else if (!strcmp(a, "-x")) {
      env.failed = true;
    } else if ((!strcmp(a, "-p") || !strcmp(a, "--pid")) && has_value) {
      if (!sample::parse_number(tool, "PID", argv[++i], 1, INT32_MAX, &env.pid))
        return 2;
    } else if ((!strcmp(a, "-t") || !strcmp(a, "--tid")) && has_value) {
      if (!sample::parse_number(tool, "TID", argv[++i], 1, INT32_MAX, &env.tid))
        return 2;
    } else if ((!strcmp(a, "-u") || !strcmp(a, "--uid")) && has_value) {
      if (!sample::parse_number(tool, "UID", argv[++i], 0, INVALID_UID - 1, &env.uid))
        return 2;
    } else if ((!strcmp(a, "-n") || !strcmp(a, "--name")) && has_value) {
      env.name = argv[++i];
      // A comm has at most 15 characters: a longer name matches nothing.
      if (strlen(env.name) >= TASK_COMM_LEN) {
        fprintf(stderr, "%s: invalid NAME: %s (at most %d characters, as a comm)\n", tool,
                env.name, TASK_COMM_LEN - 1);
        return 2;
      }
    } else {
      rest.push_back(argv[i]);
    }
  }
  for (; i < argc; ++i)
    rest.push_back(argv[i]);
  sample::Args args;
  if (!sample::parse_args(tool, static_cast<int>(rest.size()), rest.data(), "opensnoop.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(tool, args, [&](iu_object *o) {
    iu_u32 tgid = static_cast<iu_u32>(env.pid), pid = static_cast<iu_u32>(env.tid);
    iu_u32 uid = static_cast<iu_u32>(env.uid);
    bool failed = env.failed;
    return iu_object__set_config(o, "targ_tgid", &tgid, sizeof(tgid)) == 0 &&
           iu_object__set_config(o, "targ_pid", &pid, sizeof(pid)) == 0 &&
           iu_object__set_config(o, "targ_uid", &uid, sizeof(uid)) == 0 &&
           iu_object__set_config(o, "targ_failed", &failed, sizeof(failed)) == 0 &&
           iu_object__set_config_str(o, "targ_name", env.name) == 0;
  });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  if (env.timestamp)
    printf("%-8s ", "TIME");
  if (env.print_uid)
    printf("%-7s ", "UID");
  printf("%-6s %-16s %3s %3s ", "PID", "COMM", "FD", "ERR");
  if (env.extended)
    printf("%-8s %-5s ", "FLAGS", "MODE");
  printf("PATH\n");
  fflush(stdout);
  IU_OPTS(iu_run_opts, opts, .event_fn = handle_event);
  bool ok = sample::attach_all(tool, obj, &links) &&
            sample::run(tool, obj, args,
                        {"sh", "-c", "cat /etc/hostname >/dev/null; cat /nonexistent 2>/dev/null; exit 0"},
                        &opts) >= 0;
  iu_map *events = iu_object__find_map_by_name(obj, "events");
  if (events && iu_map__events_lost(events))
    fprintf(stderr, "%s: %llu events lost\n", tool,
            static_cast<unsigned long long>(iu_map__events_lost(events)));
  sample::close(obj, links);
  return ok ? 0 : 1;
}
