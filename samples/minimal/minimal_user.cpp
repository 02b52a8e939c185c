// minimal_user: libbpf-bootstrap's minimal.c against libiu. Sets my_pid
// (from --pid, default 0: every process) before load, attaches, and runs a
// command (default: three writes from a shell) while the program prints.
//
//   minimal_user [--backend user|kernel] [--pid PID] [IMAGE] [-- COMMAND ARGS...]
#include <cstdlib>

#include "../common/sample.h"

int main(int argc, char **argv) {
  const char *tool = "minimal_user";
  // --pid PID is ours; everything else is the common arguments.
  unsigned int pid = 0;
  std::vector<char *> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--pid") && i + 1 < argc)
      pid = static_cast<unsigned int>(strtoul(argv[++i], nullptr, 0));
    else
      rest.push_back(argv[i]);
  }
  sample::Args args;
  if (!sample::parse_args(tool, static_cast<int>(rest.size()), rest.data(), "minimal.iu", &args))
    return 2;
  iu_object *obj = sample::open_and_load(tool, args, [&](iu_object *o) {
    return iu_object__set_config(o, "my_pid", &pid, sizeof(pid)) == 0;
  });
  if (!obj)
    return 1;
  std::vector<iu_link *> links;
  bool ok = sample::attach_all(tool, obj, &links) &&
            sample::run(tool, obj, args, {"sh", "-c", "echo .; echo .; echo ."}) >= 0;
  sample::close(obj, links);
  return ok ? 0 : 1;
}
