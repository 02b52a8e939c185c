// runqlat_user: bcc's libbpf-tools runqlat.c against libiu. Sets the
// options before load, attaches, and prints the run-queue latency of every
// thread in the system as a log2 histogram, in the original's format:
//
//   Tracing run queue latency... Hit Ctrl-C to end.
//
//        usecs               : count    distribution
//            0 -> 1          : 233      |*************                           |
//            2 -> 3          : 742      |****************************************|
//
// Without a command, as the original: a histogram every INTERVAL seconds,
// COUNT times (default: one, at Ctrl-C). With -- COMMAND: one histogram
// when the command exits (what ran meanwhile, not only the command).
//
//   runqlat_user [--backend kernel] [-T] [-m] [-L] [-p TID] [IMAGE] [INTERVAL [COUNT]]
//   runqlat_user [--backend kernel] [-m] [-L] [-p TID] [IMAGE] -- COMMAND ARGS...
//
// -m: milliseconds; -L: a histogram per thread; -p: only that thread (a
// single-threaded process's pid; the original's -p takes a process, see
// runqlat.cpp); -T: a timestamp before each histogram. The extension's
// hooks are scheduler trace events, which only the kernel backend has: the
// user backend refuses to attach them.
#include <cerrno>
#include <csignal>
#include <ctime>
#include <unistd.h>

#include "../common/sample.h"
#include "runqlat.h"

namespace {

const char *const kTool = "runqlat_user";

struct Options {
  bool timestamp = false;
  bool milliseconds = false;
  bool per_thread = false;
  long pid = 0;
  long interval = 99999999; // the original's "until Ctrl-C"
  long times = 1;
  int positional = 0;
};

Options env;
volatile sig_atomic_t exiting = 0;

void sig_handler(int) { exiting = 1; }

// bcc's trace_helpers.c print_stars and print_log2_hist.
void print_stars(unsigned int val, unsigned int val_max, int width) {
  int num_stars = static_cast<int>(static_cast<unsigned long long>(val < val_max ? val : val_max) *
                                   static_cast<unsigned>(width) / val_max);
  for (int i = 0; i < num_stars; i++)
    putchar('*');
  for (int i = num_stars; i < width; i++)
    putchar(' ');
  if (val > val_max)
    putchar('+');
}

void print_log2_hist(const unsigned int *vals, int vals_size, const char *val_type) {
  int stars_max = 40, idx_max = -1;
  unsigned int val_max = 0;
  for (int i = 0; i < vals_size; i++) {
    if (vals[i] > 0)
      idx_max = i;
    if (vals[i] > val_max)
      val_max = vals[i];
  }
  if (idx_max < 0)
    return;
  printf("%*s%-*s : count    distribution\n", idx_max <= 32 ? 5 : 15, "", idx_max <= 32 ? 19 : 29,
         val_type);
  int stars = idx_max <= 32 ? stars_max : stars_max / 2;
  int width = idx_max <= 32 ? 10 : 20;
  for (int i = 0; i <= idx_max; i++) {
    unsigned long long low = (1ULL << (i + 1)) >> 1;
    unsigned long long high = (1ULL << (i + 1)) - 1;
    if (low == high)
      low -= 1;
    printf("%*lld -> %-*lld : %-8d |", width, low, width, high, vals[i]);
    print_stars(vals[i], val_max, stars);
    printf("|\n");
  }
}

// The array map of all threads: what it counted since the previous call
// (the map only grows; zeroing it from here would lose adds racing with the
// write).
bool print_total(iu_map *slots, iu_u32 *previous, const char *units) {
  iu_u32 now[MAX_SLOTS];
  unsigned int vals[MAX_SLOTS];
  for (iu_u32 i = 0; i < MAX_SLOTS; ++i) {
    if (iu_map__lookup_elem(slots, &i, sizeof(i), &now[i], sizeof(now[i]), 0) != 0) {
      fprintf(stderr, "%s: failed to lookup hist: %s\n", kTool, iu_last_error());
      return false;
    }
    vals[i] = now[i] - previous[i];
    previous[i] = now[i];
  }
  print_log2_hist(vals, MAX_SLOTS, units);
  return true;
}

// The per-thread hash (-L): printed and emptied, as the original does.
bool print_threads(iu_map *hists, const char *units) {
  std::vector<iu_u32> keys;
  iu_u32 key = 0, next = 0;
  const void *cur = nullptr;
  while (iu_map__get_next_key(hists, cur, &next, sizeof(next)) == 0) {
    keys.push_back(next);
    key = next;
    cur = &key;
  }
  for (iu_u32 tid : keys) {
    hist h;
    if (iu_map__lookup_elem(hists, &tid, sizeof(tid), &h, sizeof(h), 0) != 0)
      continue; // deleted meanwhile
    h.comm[TASK_COMM_LEN - 1] = 0;
    printf("\ntid = %u %s\n", tid, h.comm);
    unsigned int vals[MAX_SLOTS];
    for (int i = 0; i < MAX_SLOTS; ++i)
      vals[i] = h.slots[i];
    print_log2_hist(vals, MAX_SLOTS, units);
  }
  for (iu_u32 tid : keys) {
    int rc = iu_map__delete_elem(hists, &tid, sizeof(tid), 0);
    if (rc < 0 && rc != -ENOENT) {
      fprintf(stderr, "%s: failed to cleanup hist: %s\n", kTool, iu_last_error());
      return false;
    }
  }
  return true;
}

bool print_hists(iu_object *obj, iu_u32 *previous) {
  const char *units = env.milliseconds ? "msecs" : "usecs";
  if (env.timestamp) {
    char ts[32];
    time_t t = time(nullptr);
    strftime(ts, sizeof(ts), "%H:%M:%S", localtime(&t));
    printf("%-8s\n", ts);
  }
  bool ok = env.per_thread ? print_threads(iu_object__find_map_by_name(obj, "hists"), units)
                           : print_total(iu_object__find_map_by_name(obj, "slots"), previous, units);
  fflush(stdout);
  return ok;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> rest = {argv[0]};
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-T")) {
      env.timestamp = true;
    } else if (!strcmp(a, "-m")) {
      env.milliseconds = true;
    } else if (!strcmp(a, "-L")) {
      env.per_thread = true;
    } else if (!strcmp(a, "-p") && i + 1 < argc) {
      if (!sample::parse_number(kTool, "PID", argv[++i], 1, 0x7fffffff, &env.pid))
        return 2;
    } else if (a[0] >= '0' && a[0] <= '9') {
      // INTERVAL, then COUNT; a name that is not a number is the image.
      if (env.positional == 2) {
        fprintf(stderr, "%s: unrecognized positional argument: %s\n", kTool, a);
        return 2;
      }
      long *out = env.positional == 0 ? &env.interval : &env.times;
      if (!sample::parse_number(kTool, env.positional == 0 ? "interval" : "count", a, 1,
                                99999999, out))
        return 2;
      if (env.positional++ == 0)
        env.times = 99999999;
    } else if (!strcmp(a, "--backend") && i + 1 < argc) {
      rest.push_back(argv[i++]);
      rest.push_back(argv[i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  for (; i < argc; ++i)
    rest.push_back(argv[i]);
  sample::Args args;
  if (!sample::parse_args(kTool, static_cast<int>(rest.size()), rest.data(), "runqlat.iu", &args))
    return 2;
  if (!args.command.empty() && env.positional) {
    fprintf(stderr, "%s: INTERVAL and COUNT are for tracing without a command\n", kTool);
    return 2;
  }
  iu_object *obj = sample::open_and_load(kTool, args, [](iu_object *o) {
    bool ms = env.milliseconds, per_thread = env.per_thread;
    iu_s32 pid = static_cast<iu_s32>(env.pid);
    return iu_object__set_config(o, "targ_ms", &ms, sizeof(ms)) == 0 &&
           iu_object__set_config(o, "targ_per_thread", &per_thread, sizeof(per_thread)) == 0 &&
           iu_object__set_config(o, "targ_pid", &pid, sizeof(pid)) == 0;
  });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  if (!sample::attach_all(kTool, obj, &links)) {
    sample::close(obj, links);
    return 1;
  }
  printf("Tracing run queue latency... Hit Ctrl-C to end.\n");
  fflush(stdout);
  iu_u32 previous[MAX_SLOTS] = {};
  bool ok = true;
  if (!args.command.empty()) {
    ok = sample::run(kTool, obj, args, {}) >= 0;
    if (ok) {
      printf("\n");
      ok = print_hists(obj, previous);
    }
  } else {
    signal(SIGINT, sig_handler);
    for (;;) {
      // sleep ends early at Ctrl-C; then the histogram so far.
      sleep(static_cast<unsigned>(env.interval));
      printf("\n");
      ok = print_hists(obj, previous);
      if (!ok || exiting || --env.times == 0)
        break;
    }
  }
  sample::close(obj, links);
  return ok ? 0 : 1;
}
