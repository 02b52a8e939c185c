// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign verify: is this image signed by a trusted key? Also the trust
// loading shared with show.
#include <cstdlib>
#include <string>

#include <getopt.h>

#include "cli.h"
#include "json_writer.h"

namespace iu::sign_tool {

int load_trust(const TrustArgs &args, struct iu_trust **out) {
  struct iu_trust *trust = iu_trust__new();
  if (trust == nullptr)
    return p_err(nullptr, "out of memory");
  for (const char *cert : args.certs) {
    if (int r = iu_trust__add_cert_file(trust, cert); r < 0) {
      iu_trust__free(trust);
      return lib_err(cert, r);
    }
  }
  for (const char *dir : args.dirs) {
    if (int r = iu_trust__add_dir(trust, dir); r < 0) {
      iu_trust__free(trust);
      return lib_err(dir, r);
    }
  }
  if (args.certs.empty() && args.dirs.empty()) {
    if (int r = iu_trust__add_default_dirs(trust); r < 0) {
      iu_trust__free(trust);
      return lib_err(nullptr, r);
    }
  }
  *out = trust;
  return kExitOk;
}

int parse_trust_and_image(const char *cmd, int argc, char **argv, TrustArgs *targs,
                          const char **image) {
  static const option opts[] = {
      {"cert", required_argument, nullptr, 'c'},
      {"trust-dir", required_argument, nullptr, 'd'},
      {"json", no_argument, nullptr, 'j'},
      {nullptr, 0, nullptr, 0},
  };
  opterr = 0;
  for (int c; (c = getopt_long(argc, argv, ":c:d:j", opts, nullptr)) != -1;) {
    switch (c) {
    case 'c':
      targs->certs.push_back(optarg);
      break;
    case 'd':
      targs->dirs.push_back(optarg);
      break;
    case 'j':
      g_json = true;
      break;
    case ':':
      return usage_err(cmd, "option '%s' needs an argument", argv[optind - 1]);
    default:
      return usage_err(cmd, "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return usage_err(cmd, "no IMAGE given");
  if (argc - optind > 1)
    return usage_err(cmd, "one IMAGE at a time (got '%s' and '%s')", argv[optind],
                     argv[optind + 1]);
  *image = argv[optind];
  return kExitOk;
}

std::string default_trust_hint() {
  char user[IU_SIGN_PATH_MAX];
  std::string dirs;
  if (iu_sign__user_trust_dir(user, sizeof user) == 0)
    dirs = std::string(user) + " and ";
  return "looked in " + dirs + iu_sign__system_trust_dir() +
         "; pass --cert or --trust-dir";
}

int cmd_verify(int argc, char **argv) {
  TrustArgs targs;
  const char *image = nullptr;
  if (int e = parse_trust_and_image("verify", argc, argv, &targs, &image); e != kExitOk)
    return e;

  struct iu_trust *trust = nullptr;
  if (int r = load_trust(targs, &trust); r != kExitOk)
    return r;
  bool defaults = targs.certs.empty() && targs.dirs.empty();
  std::size_t trusted = iu_trust__count(trust);

  void *data = nullptr;
  size_t len = 0;
  if (int r = iu_file__read(image, &data, &len); r < 0) {
    iu_trust__free(trust);
    return lib_err(image, r);
  }
  struct iu_sig_info info = {};
  ssize_t n = iu_sig__verify(data, len, trust, &info);
  std::string reason = n < 0 ? iu_sign__errmsg() : "";
  std::free(data);
  iu_trust__free(trust);

  if (n < 0) {
    if (n == -IU_SIGN_ERRNO__UNTRUSTED && defaults && trusted == 0)
      reason += " (" + default_trust_hint() + ")";
    if (g_json) {
      JsonWriter w(stdout);
      w.begin_object();
      w.key("file").string(image);
      w.key("ok").boolean(false);
      w.key("error").string(iu_sign__strerror(static_cast<int>(n)));
      w.key("reason").string(reason);
      w.end_object();
    }
    return p_err_line(image, reason);
  }

  if (g_json) {
    JsonWriter w(stdout);
    w.begin_object();
    w.key("file").string(image);
    w.key("ok").boolean(true);
    w.key("signer").string(info.signer_cn);
    w.key("key_id").string(info.key_id);
    w.key("payload_size").number(static_cast<std::uint64_t>(n));
    w.end_object();
  } else {
    std::printf("%s: OK (signer %s, key id %s)\n", image, info.signer_cn, info.key_id);
  }
  return kExitOk;
}

} // namespace iu::sign_tool
