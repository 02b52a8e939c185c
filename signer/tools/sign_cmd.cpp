// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign sign: append (or replace) an image's signature.
#include <cstdlib>
#include <string>

#include <getopt.h>

#include "cli.h"
#include "json_writer.h"

namespace iu::sign_tool {

int cmd_sign(int argc, char **argv) {
  static const option opts[] = {
      {"key", required_argument, nullptr, 'k'},
      {"cert", required_argument, nullptr, 'c'},
      {"out", required_argument, nullptr, 'o'},
      {"json", no_argument, nullptr, 'j'},
      {nullptr, 0, nullptr, 0},
  };
  const char *key = nullptr, *cert = nullptr, *out = nullptr;
  opterr = 0;
  for (int c; (c = getopt_long(argc, argv, ":k:c:o:j", opts, nullptr)) != -1;) {
    switch (c) {
    case 'k':
      key = optarg;
      break;
    case 'c':
      cert = optarg;
      break;
    case 'o':
      out = optarg;
      break;
    case 'j':
      g_json = true;
      break;
    case ':':
      return usage_err("sign", "option '%s' needs an argument", argv[optind - 1]);
    default:
      return usage_err("sign", "unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return usage_err("sign", "no IMAGE given");
  if (argc - optind > 1)
    return usage_err("sign", "one IMAGE at a time (got '%s' and '%s')", argv[optind],
                     argv[optind + 1]);
  if ((key == nullptr) != (cert == nullptr))
    return usage_err("sign", "--key and --cert go together");
  const char *image = argv[optind];
  const char *dst = out != nullptr ? out : image;

  struct iu_sign_identity id;
  if (key == nullptr) {
    if (int r = iu_sign__user_identity(&id); r < 0)
      return lib_err(nullptr, r);
    key = id.key_path;
    cert = id.cert_path;
    if (id.created)
      std::fprintf(stderr,
                   "iu-sign: created signing key %s (key id %s); certificate %s, "
                   "trusted for this user as %s\n",
                   id.key_path, id.key_id, id.cert_path, id.trusted_copy);
  }

  if (int r = iu_sig__sign_file(image, out, key, cert); r < 0)
    return lib_err(image, r);

  // Check the result against the certificate we signed with, and report
  // what was written.
  void *data = nullptr;
  size_t len = 0;
  if (int r = iu_file__read(dst, &data, &len); r < 0)
    return lib_err(dst, r);
  struct iu_trust *trust = iu_trust__new();
  if (trust == nullptr) {
    std::free(data);
    return p_err(nullptr, "out of memory");
  }
  struct iu_sig_info info = {};
  ssize_t v = iu_trust__add_cert_file(trust, cert);
  if (v >= 0)
    v = iu_sig__verify(data, len, trust, &info);
  iu_trust__free(trust);
  std::free(data);
  if (v < 0)
    return lib_err(dst, static_cast<int>(v));

  if (g_json) {
    JsonWriter w(stdout);
    w.begin_object();
    w.key("file").string(dst);
    w.key("signer").string(info.signer_cn);
    w.key("key_id").string(info.key_id);
    w.key("signature_algorithm").string(info.sig_algo);
    w.key("payload_size").number(info.payload_len);
    w.key("signature_size").number(info.cms_len);
    w.end_object();
  } else {
    std::printf("%s: signed (signer %s, key id %s)\n", dst, info.signer_cn, info.key_id);
  }
  return kExitOk;
}

} // namespace iu::sign_tool
