// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign keygen: a new signing key and its self-signed certificate.
#include <climits>
#include <cstdlib>
#include <string>

#include <getopt.h>

#include "cli.h"
#include "json_writer.h"

namespace iu::sign_tool {

int cmd_keygen(int argc, char **argv) {
  enum { kDays = 256 };
  static const option opts[] = {
      {"out", required_argument, nullptr, 'o'},
      {"algo", required_argument, nullptr, 'a'},
      {"subject", required_argument, nullptr, 's'},
      {"days", required_argument, nullptr, kDays},
      {"json", no_argument, nullptr, 'j'},
      {nullptr, 0, nullptr, 0},
  };
  const char *dir = nullptr;
  const char *algo_name = "rsa-3072"; // IU_KEY_DEFAULT
  struct iu_keygen_opts kopts = {};
  kopts.sz = sizeof kopts;
  opterr = 0;
  for (int c; (c = getopt_long(argc, argv, ":o:a:s:j", opts, nullptr)) != -1;) {
    switch (c) {
    case 'o':
      dir = optarg;
      break;
    case 'a': {
      int a = iu_key__algo_from_name(optarg);
      if (a < 0)
        return usage_err("keygen", "%s", iu_sign__errmsg());
      algo_name = optarg;
      kopts.algo = static_cast<iu_key_algo>(a);
      break;
    }
    case 's':
      kopts.subject_cn = optarg;
      break;
    case kDays: {
      char *end = nullptr;
      unsigned long d = std::strtoul(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || d == 0 || d > 36500)
        return usage_err("keygen", "--days wants a number of days from 1 to 36500");
      kopts.validity_days = static_cast<unsigned>(d);
      break;
    }
    case 'j':
      g_json = true;
      break;
    case ':':
      return usage_err("keygen", "option '%s' needs an argument", argv[optind - 1]);
    default:
      return usage_err("keygen", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (dir == nullptr)
    return usage_err("keygen", "--out DIR is required");
  if (optind < argc)
    return usage_err("keygen", "unexpected argument '%s'", argv[optind]);

  char key_id[IU_SIG_KEY_ID_SIZE] = "";
  if (int r = iu_key__generate(dir, &kopts, key_id); r < 0)
    return lib_err(dir, r);

  std::string key = std::string(dir) + "/" IU_KEY_FILE;
  std::string cert = std::string(dir) + "/" IU_CERT_FILE;
  const char *cn = kopts.subject_cn != nullptr ? kopts.subject_cn : IU_KEY_DEFAULT_CN;
  if (g_json) {
    JsonWriter w(stdout);
    w.begin_object();
    w.key("key").string(key);
    w.key("cert").string(cert);
    w.key("algo").string(algo_name);
    w.key("subject").string(cn);
    w.key("key_id").string(key_id);
    w.end_object();
  } else {
    std::printf("%s: private key (%s)\n%s: certificate CN=%s, key id %s\n",
                key.c_str(), algo_name, cert.c_str(), printable(cn).c_str(), key_id);
  }
  return kExitOk;
}

} // namespace iu::sign_tool
