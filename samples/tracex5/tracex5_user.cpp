// tracex5_user: Linux samples/bpf/tracex5_user.c written against libiu.
// Opens tracex5.iu, attaches its program, installs an allow-all seccomp
// filter for the workload (so __seccomp_filter runs at each of its system
// calls in the kernel), runs dd and prints the trace.
//
//   tracex5_user [IMAGE]      (default: tracex5.iu)
#include <cstdio>
#include <cstdlib>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <iu/libiu.h>

namespace {

// As in the original: with a seccomp filter installed, every system call
// of the task and of the children it starts goes through __seccomp_filter,
// where the kprobe fires. (On the user backend the tracer's own
// SECCOMP_RET_TRACE filter takes precedence over this one.)
void install_accept_all_seccomp() {
  sock_filter filter[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  sock_fprog prog = {1, filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
    perror("prctl");
}

} // namespace

int main(int argc, char **argv) {
  const char *image = argc > 1 ? argv[1] : "tracex5.iu";
  iu_object *obj = iu_object__open_file(image, nullptr);
  if (!obj) {
    fprintf(stderr, "tracex5_user: %s\n", iu_last_error());
    return 1;
  }
  if (iu_object__load(obj) < 0) {
    fprintf(stderr, "tracex5_user: %s\n", iu_last_error());
    iu_object__close(obj);
    return 1;
  }
  iu_program *prog = iu_object__find_program_by_name(obj, "bpf_prog1");
  iu_link *link = prog ? iu_program__attach(prog) : nullptr;
  if (!link) {
    fprintf(stderr, "tracex5_user: %s\n", iu_last_error());
    iu_object__close(obj);
    return 1;
  }
  install_accept_all_seccomp();
  char *const dd[] = {const_cast<char *>("dd"), const_cast<char *>("if=/dev/zero"),
                      const_cast<char *>("of=/dev/null"), const_cast<char *>("count=5"), nullptr};
  int status = iu_object__run_command(obj, dd, nullptr);
  if (status < 0)
    fprintf(stderr, "tracex5_user: %s\n", iu_last_error());
  iu_link__destroy(link);
  iu_object__close(obj);
  return status < 0 ? 1 : status;
}
