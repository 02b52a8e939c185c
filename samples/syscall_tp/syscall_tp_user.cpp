// syscall_tp_user: Linux's samples/bpf/syscall_tp_user.c against libiu.
// Loads syscall_tp.iu, runs a command that opens files (default: cat
// /etc/hostname) and checks that both maps counted: open/openat entries
// and exits. Prints the counts; exits 1 if a map is still zero.
//
//   syscall_tp_user [--backend user|kernel] [IMAGE] [-- COMMAND ARGS...]
#include "../common/sample.h"

namespace {

const char *const kTool = "syscall_tp_user";

// The original's verify_map: the count must not be zero; then reset it.
bool verify_map(iu_object *obj, const char *name) {
  iu_map *map = iu_object__find_map_by_name(obj, name);
  unsigned int key = 0, value = 0;
  if (!map || iu_map__lookup_elem(map, &key, sizeof(key), &value, sizeof(value), 0) < 0) {
    fprintf(stderr, "%s: %s\n", kTool, iu_last_error());
    return false;
  }
  printf("%s: %u\n", name, value);
  if (value == 0) {
    fprintf(stderr, "%s: failed: map %s returns value 0\n", kTool, name);
    return false;
  }
  value = 0;
  return iu_map__update_elem(map, &key, sizeof(key), &value, sizeof(value), IU_MAP_ANY) == 0;
}

} // namespace

int main(int argc, char **argv) {
  sample::Args args;
  if (!sample::parse_args(kTool, argc, argv, "syscall_tp.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(kTool, args, [](iu_object *) { return true; });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  bool ok = sample::attach_all(kTool, obj, &links) &&
            sample::run(kTool, obj, args, {"cat", "/etc/hostname"}) == 0;
  ok = ok && verify_map(obj, "enter_open_map");
  ok = verify_map(obj, "exit_open_map") && ok;
  sample::close(obj, links);
  return ok ? 0 : 1;
}
