// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign internals shared by the commands: exit codes, the one error
// function, option helpers.
#ifndef IU_SIGN_CLI_H
#define IU_SIGN_CLI_H

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "iu/signer.h"

namespace iu::sign_tool {

// Exit codes, documented in `iu-sign --help` and docs/signature.md.
constexpr int kExitOk = 0;    // success; for verify: the signature is good
constexpr int kExitFail = 1;  // the operation failed: bad or untrusted
                              // signature, unreadable file, refused overwrite
constexpr int kExitUsage = 2; // the command line is wrong

extern bool g_json; // -j/--json was given

// The one error function: "iu-sign: FILE: reason" on stderr (without
// "FILE: " if file is null); with --json also {"error": ...} on stdout.
// Returns kExitFail.
[[gnu::format(printf, 2, 3)]] int p_err(const char *file, const char *fmt, ...);
// The stderr half of p_err only, for commands that already printed their
// JSON verdict. Returns kExitFail.
int p_err_line(const char *file, const std::string &msg);
// p_err for a failed library call: the library names the file if it is not
// the one the command was working on.
int lib_err(const char *file, int err);
// A command-line mistake: message, then a pointer to --help. Returns
// kExitUsage.
[[gnu::format(printf, 2, 3)]] int usage_err(const char *cmd, const char *fmt, ...);

// Escape control characters for one-line text output.
std::string printable(std::string_view s);

// getopt_long for a command: argv[0] is the command name. Long options
// common to all commands (--help, --json) are handled by the caller.
struct Command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
  const char *usage; // full --help text after "Usage: iu-sign "
};
const Command *find_command(const char *name);

// Trust for verify and show: the --cert files and --trust-dir directories,
// or, if none was given, the per-user and system trust directories.
struct TrustArgs {
  std::vector<const char *> certs;
  std::vector<const char *> dirs;
};
// Returns kExitOk and a new set in *out, or an exit code after reporting.
int load_trust(const TrustArgs &args, struct iu_trust **out);
// The command line of verify and show: [--cert F]... [--trust-dir D]...
// [--json] IMAGE. Returns kExitOk, or the exit code after a usage error.
int parse_trust_and_image(const char *cmd, int argc, char **argv, TrustArgs *targs,
                          const char **image);
// Why an untrusted result happened with default trust, for the message.
std::string default_trust_hint();

int cmd_keygen(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_show(int argc, char **argv);

} // namespace iu::sign_tool

#endif
