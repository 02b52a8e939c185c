// tracex2_user: Linux's samples/bpf/tracex2_user.c against libiu. Runs a
// command (default: dd writing 4 KiB blocks) while tracex2.iu's programs
// fire, then prints where skbs were freed (my_map) and, per task, the
// log2 histogram of its write(2) sizes (my_hist_map, summed over CPUs).
// On the user backend only the write histogram runs (kprobes there are
// limited to __seccomp_filter).
//
//   tracex2_user [--backend user|kernel] [IMAGE] [-- COMMAND ARGS...]
#include <map>
#include <tuple>

#include "../common/sample.h"
#include "tracex2.h"

namespace {

const char *const kTool = "tracex2_user";
constexpr int kMaxIndex = 64;
constexpr int kMaxStars = 38;

void print_locations(iu_map *map) {
  long long key = 0, next = 0, count = 0;
  const void *cur = nullptr;
  while (iu_map__get_next_key(map, cur, &next, sizeof(next)) == 0) {
    if (iu_map__lookup_elem(map, &next, sizeof(next), &count, sizeof(count), 0) == 0)
      printf("location 0x%llx count %lld\n", static_cast<unsigned long long>(next), count);
    key = next;
    cur = &key;
  }
}

void print_stars(long long value, long long max) {
  int n = max ? static_cast<int>(value * kMaxStars / max) : 0;
  printf("|");
  for (int i = 0; i < kMaxStars; ++i)
    putchar(i < n ? '*' : ' ');
  printf("|\n");
}

void print_hist(iu_map *map) {
  using Task = std::tuple<std::string, iu_u64, iu_u64>; // comm, pid_tgid, uid_gid
  std::map<Task, std::vector<long long>> tasks;
  int cpus = iu_num_cpus();
  std::vector<long long> values(static_cast<size_t>(cpus));
  hist_key key{}, next{};
  const void *cur = nullptr;
  while (iu_map__get_next_key(map, cur, &next, sizeof(next)) == 0) {
    if (iu_map__lookup_elem(map, &next, sizeof(next), values.data(),
                            values.size() * sizeof(long long), 0) == 0 &&
        next.index < kMaxIndex) {
      long long sum = 0;
      for (long long v : values)
        sum += v;
      auto &hist = tasks[{std::string(next.comm, strnlen(next.comm, sizeof(next.comm))),
                          next.pid_tgid, next.uid_gid}];
      hist.resize(kMaxIndex);
      hist[next.index] += sum;
    }
    key = next;
    cur = &key;
  }
  for (const auto &[task, hist] : tasks) {
    printf("pid %u cmd %s uid %u\n", static_cast<unsigned>(std::get<1>(task)),
           std::get<0>(task).c_str(), static_cast<unsigned>(std::get<2>(task)));
    printf("           syscall write() stats\n");
    printf("     byte_size       : count     distribution\n");
    int max_index = -1;
    long long max_value = 0;
    for (int i = 0; i < kMaxIndex; ++i) {
      if (hist[i])
        max_index = i;
      if (hist[i] > max_value)
        max_value = hist[i];
    }
    for (int i = 1; i <= max_index + 1; ++i) {
      printf("%8ld -> %-8ld : %-8lld ", (1l << i) >> 1, (1l << i) - 1, hist[i - 1]);
      print_stars(hist[i - 1], max_value);
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  sample::Args args;
  if (!sample::parse_args(kTool, argc, argv, "tracex2.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(kTool, args, [](iu_object *) { return true; });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  // The skb probe needs the kernel; the write histogram runs anywhere.
  bool user = iu_object__backend(obj) == IU_BACKEND_USER;
  bool ok = sample::attach_all(kTool, obj, &links,
                               [&](const char *name) { return user && !strcmp(name, "bpf_prog2"); });
  ok = ok && sample::run(kTool, obj, args,
                         {"dd", "if=/dev/zero", "of=/dev/null", "bs=4096", "count=8"}) >= 0;
  if (ok) {
    print_locations(iu_object__find_map_by_name(obj, "my_map"));
    print_hist(iu_object__find_map_by_name(obj, "my_hist_map"));
  }
  sample::close(obj, links);
  return ok ? 0 : 1;
}
