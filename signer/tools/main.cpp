// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign: sign images and check their signatures.
//
//   iu-sign [OPTIONS] COMMAND [ARGS]
//
// Grammar and conventions follow bpftool: a table of commands, unambiguous
// prefixes accepted (`iu-sign ver` for verify), --help on the tool and on
// every command, --json on every command that prints, one error function.
#include <cstdarg>
#include <cstdlib>
#include <cstring>

#include <getopt.h>
#include <openssl/opensslv.h>

#include "cli.h"
#include "json_writer.h"

#ifndef IU_VERSION
#define IU_VERSION "0.0.0"
#endif

namespace iu::sign_tool {

bool g_json = false;

namespace {

int cmd_help(int argc, char **argv);

const Command kCommands[] = {
    {"keygen", cmd_keygen, "create a signing key and a self-signed certificate",
     "keygen --out DIR [--algo ecdsa-p256|rsa-3072] [--subject CN] [--days N] [--json]\n"
     "\n"
     "Write DIR/key.pem (mode 0600) and DIR/cert.pem: a new private key and a\n"
     "self-signed X.509 v3 certificate for code signing (default subject\n"
     "CN \"" IU_KEY_DEFAULT_CN "\", valid 10 years). DIR is created if missing.\n"
     "Existing files are never overwritten.\n"
     "\n"
     "  -o, --out DIR       directory to write key.pem and cert.pem into\n"
     "  -a, --algo ALGO     rsa-3072 (default; every supported kernel verifies it)\n"
     "                      or ecdsa-p256 (not on kernels without ECDSA, such as 6.1)\n"
     "  -s, --subject CN    certificate subject common name\n"
     "      --days N        validity in days (default 3650)\n"
     "  -j, --json          print the result as JSON\n"},
    {"sign", cmd_sign, "sign an image (re-signing replaces the signature)",
     "sign [--key KEY --cert CERT] IMAGE [-o OUT] [--json]\n"
     "\n"
     "Append a detached CMS signature (SHA-256) over IMAGE. An existing\n"
     "signature is replaced. Writes OUT, or IMAGE in place; the file is\n"
     "replaced atomically. Without --key/--cert the per-user key is used:\n"
     "$IU_SIGN_KEY/$IU_SIGN_CERT, else ~/.config/iu/signing/{key,cert}.pem\n"
     "(created on first use, and trusted for this user).\n"
     "\n"
     "  -k, --key KEY       PEM private key (passphrase from $IU_SIGN_PIN)\n"
     "  -c, --cert CERT     PEM certificate of that key\n"
     "  -o, --out OUT       write the signed image here instead of in place\n"
     "  -j, --json          print the result as JSON\n"},
    {"verify", cmd_verify, "check an image's signature against trusted certificates",
     "verify [--cert CERT]... [--trust-dir DIR]... IMAGE [--json]\n"
     "\n"
     "Check that IMAGE carries a valid signature by a trusted key. Trusted are\n"
     "exactly the certificates given with --cert and those in each --trust-dir\n"
     "(files *.pem, *.crt); with neither, the per-user directory\n"
     "~/.config/iu/trusted and " IU_SYSTEM_TRUST_DIR ". Prints\n"
     "\"IMAGE: OK (...)\" and exits 0, or prints the reason and exits 1.\n"
     "\n"
     "  -c, --cert CERT     trust the certificate(s) in this PEM file\n"
     "  -d, --trust-dir DIR trust the certificates in this directory\n"
     "  -j, --json          print the result as JSON\n"},
    {"show", cmd_show, "describe an image's signature, note and programs",
     "show IMAGE [--cert CERT]... [--trust-dir DIR]... [--json]\n"
     "\n"
     "Print the signer (issuer and serial), the key id if a trusted\n"
     "certificate matches (else \"unknown\"), digest and signature algorithm,\n"
     "whether the signature verifies, payload and signature sizes, and the\n"
     "image's note, programs and helper imports. Works on unsigned images.\n"
     "Trust is chosen as for verify.\n"
     "\n"
     "  -c, --cert CERT     trust the certificate(s) in this PEM file\n"
     "  -d, --trust-dir DIR trust the certificates in this directory\n"
     "  -j, --json          print the result as JSON\n"},
    {"help", cmd_help, "show help for iu-sign or a command", "help [COMMAND]\n"},
};

void print_usage(std::FILE *out) {
  std::fprintf(out,
               "Usage: iu-sign [OPTIONS] COMMAND [ARGS]\n"
               "\n"
               "Sign iu images and verify their signatures.\n"
               "\n"
               "Commands:\n");
  for (const Command &c : kCommands)
    std::fprintf(out, "  %-8s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\n"
               "Options:\n"
               "  -h, --help     show this help (iu-sign COMMAND --help: the command's)\n"
               "  -V, --version  show the version\n"
               "  -j, --json     print results as JSON\n"
               "\n"
               "Exit status: 0 success (verify: signature good), 1 failure (bad,\n"
               "missing or untrusted signature, unreadable file, refused overwrite),\n"
               "2 usage error. Errors are printed as \"iu-sign: FILE: reason\".\n");
}

int cmd_help(int argc, char **argv) {
  if (argc < 2) {
    print_usage(stdout);
    return kExitOk;
  }
  const Command *c = find_command(argv[1]);
  if (c == nullptr)
    return usage_err(nullptr, "unknown command '%s'", argv[1]);
  std::printf("Usage: iu-sign %s", c->usage);
  return kExitOk;
}

void vreport(std::FILE *out, const char *file, const char *fmt, va_list ap) {
  std::fputs("iu-sign: ", out);
  if (file != nullptr)
    std::fprintf(out, "%s: ", file);
  std::vfprintf(out, fmt, ap);
  std::fputc('\n', out);
}

} // namespace

int p_err(const char *file, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char msg[2048];
  std::vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  std::fflush(stdout);
  std::fprintf(stderr, "iu-sign: %s%s%s\n", file != nullptr ? file : "",
               file != nullptr ? ": " : "", msg);
  if (g_json) {
    JsonWriter w(stdout);
    w.begin_object();
    if (file != nullptr)
      w.key("file").string(file);
    w.key("error").string(msg);
    w.end_object();
  }
  return kExitFail;
}

int p_err_line(const char *file, const std::string &msg) {
  bool json = g_json;
  g_json = false;
  p_err(file, "%s", msg.c_str());
  g_json = json;
  return kExitFail;
}

int lib_err(const char *file, int err) {
  const char *about = iu_sign__errfile();
  const char *msg = iu_sign__errmsg();
  if (msg == nullptr || *msg == '\0')
    msg = iu_sign__strerror(err);
  return p_err(about != nullptr ? about : file, "%s", msg);
}

int usage_err(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(stderr, nullptr, fmt, ap);
  va_end(ap);
  if (cmd != nullptr)
    std::fprintf(stderr, "Try 'iu-sign %s --help'.\n", cmd);
  else
    std::fprintf(stderr, "Try 'iu-sign --help'.\n");
  return kExitUsage;
}

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Exact name, or a prefix that matches exactly one command.
const Command *find_command(const char *name) {
  const Command *found = nullptr;
  std::size_t n = std::strlen(name);
  if (n == 0)
    return nullptr;
  for (const Command &c : kCommands) {
    if (std::strcmp(c.name, name) == 0)
      return &c;
    if (std::strncmp(c.name, name, n) == 0) {
      if (found != nullptr)
        return nullptr; // ambiguous
      found = &c;
    }
  }
  return found;
}

} // namespace iu::sign_tool

using namespace iu::sign_tool;

int main(int argc, char **argv) {
  static const option opts[] = {
      {"help", no_argument, nullptr, 'h'},
      {"version", no_argument, nullptr, 'V'},
      {"json", no_argument, nullptr, 'j'},
      {nullptr, 0, nullptr, 0},
  };
  // "+": stop at the command; its options are its own.
  opterr = 0;
  for (int c; (c = getopt_long(argc, argv, "+hVj", opts, nullptr)) != -1;) {
    switch (c) {
    case 'h':
      print_usage(stdout);
      return kExitOk;
    case 'V':
      std::printf("iu-sign %s (%s)\n", IU_VERSION, OPENSSL_VERSION_TEXT);
      return kExitOk;
    case 'j':
      g_json = true;
      break;
    default:
      return usage_err(nullptr, "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc) {
    print_usage(stderr);
    return kExitUsage;
  }
  const char *name = argv[optind];
  const Command *cmd = find_command(name);
  if (cmd == nullptr)
    return usage_err(nullptr, "unknown or ambiguous command '%s'", name);
  int cargc = argc - optind;
  char **cargv = argv + optind;
  // Each command parses its own options; --help anywhere shows its help.
  for (int i = 1; i < cargc; i++) {
    if (std::strcmp(cargv[i], "--") == 0)
      break;
    if (std::strcmp(cargv[i], "--help") == 0 || std::strcmp(cargv[i], "-h") == 0) {
      std::printf("Usage: iu-sign %s", cmd->usage);
      return kExitOk;
    }
  }
  optind = 0; // full getopt reset for the command's own parse
  return cmd->run(cargc, cargv);
}
