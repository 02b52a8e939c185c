#include "subprocess.h"

#include <cerrno>
#include <cstdio>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

namespace iucc {
namespace {

std::string quote(const std::string &s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?;&|<>()[]{}!#~") == std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

} // namespace

int run_command(const std::vector<std::string> &argv, bool verbose) {
  if (verbose) {
    std::string line;
    for (const std::string &a : argv)
      line += (line.empty() ? "" : " ") + quote(a);
    fprintf(stderr, " %s\n", line.c_str());
  }
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0)
    return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

} // namespace iucc
