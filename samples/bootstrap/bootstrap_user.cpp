// bootstrap_user: libbpf-bootstrap's bootstrap.c against libiu. Sets the
// minimum duration (-d MS) before load, attaches, runs a command (default:
// a shell that starts a few short processes) and prints each exec and exit
// event as it arrives, in the original's format. Every process's events,
// not only the command's: the hooks are the scheduler's exec and exit
// events, which only the kernel backend has (the user backend refuses to
// attach them).
//
//   bootstrap_user [--backend kernel] [-d MS] [IMAGE] [-- COMMAND ARGS...]
#include <cstdlib>
#include <ctime>

#include "../common/sample.h"
#include "bootstrap.h"

namespace {

int handle_event(void *, iu_map *, int, const void *data, size_t size) {
  if (size < sizeof(event))
    return 0;
  event e;
  memcpy(&e, data, sizeof(e));
  e.comm[TASK_COMM_LEN - 1] = 0;
  e.filename[MAX_FILENAME_LEN - 1] = 0;
  char ts[32];
  time_t t = time(nullptr);
  strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
  if (e.exit_event) {
    printf("%-8s %-5s %-16s %-7d %-7d [%u]", ts, "EXIT", e.comm, e.pid, e.ppid, e.exit_code);
    if (e.duration_ns)
      printf(" (%llums)", static_cast<unsigned long long>(e.duration_ns / 1000000));
    printf("\n");
  } else {
    printf("%-8s %-5s %-16s %-7d %-7d %s\n", ts, "EXEC", e.comm, e.pid, e.ppid, e.filename);
  }
  fflush(stdout);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  const char *tool = "bootstrap_user";
  unsigned long long min_duration_ms = 0;
  std::vector<char *> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-d") && i + 1 < argc) {
      char *end = nullptr;
      long ms = strtol(argv[++i], &end, 10);
      if (*end || ms <= 0) {
        fprintf(stderr, "%s: invalid duration: %s\n", tool, argv[i]);
        return 2;
      }
      min_duration_ms = static_cast<unsigned long long>(ms);
    } else {
      rest.push_back(argv[i]);
    }
  }
  sample::Args args;
  if (!sample::parse_args(tool, static_cast<int>(rest.size()), rest.data(), "bootstrap.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(tool, args, [&](iu_object *o) {
    unsigned long long ns = min_duration_ms * 1000000ull;
    return iu_object__set_config(o, "min_duration_ns", &ns, sizeof(ns)) == 0;
  });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  bool ok = sample::attach_all(tool, obj, &links);
  if (ok) {
    printf("%-8s %-5s %-16s %-7s %-7s %s\n", "TIME", "EVENT", "COMM", "PID", "PPID",
           "FILENAME/EXIT CODE");
    fflush(stdout); // before the command's own output
    IU_OPTS(iu_run_opts, opts, .event_fn = handle_event);
    ok = sample::run(tool, obj, args,
                     {"sh", "-c", "/bin/true; sleep 0.2; sh -c 'exit 3'; exit 0"}, &opts) >= 0;
  }
  iu_map *rb = iu_object__find_map_by_name(obj, "rb");
  if (rb && iu_map__events_lost(rb))
    fprintf(stderr, "%s: %llu events lost\n", tool,
            static_cast<unsigned long long>(iu_map__events_lost(rb)));
  sample::close(obj, links);
  return ok ? 0 : 1;
}
