// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// iu-sign show: what an image's signature says, whether it verifies, and
// what the image inside declares (note, programs, maps, configurations,
// helper imports).
#include <cstdlib>
#include <span>
#include <string>

#include <getopt.h>

#include <iu/image.h>

#include "cli.h"
#include "json_writer.h"

namespace iu::sign_tool {
namespace {

// Everything show prints, gathered before printing.
struct ShowResult {
  const char *file = nullptr;
  std::size_t file_size = 0;
  enum { kUnsigned, kSigned, kMalformed } state = kUnsigned;
  struct iu_sig_info info = {};
  std::string sig_error; // malformed trailer or bad CMS
  bool verified = false;
  std::string verify_error;
  ImageSummary image;
  std::size_t payload_size = 0;
};

void print_text(const ShowResult &r) {
  std::printf("%s: %s\n", r.file,
              r.state == ShowResult::kSigned      ? "signed"
              : r.state == ShowResult::kMalformed ? "signature unreadable"
                                                  : "unsigned");
  const iu_sig_info &i = r.info;
  if (r.state == ShowResult::kMalformed)
    std::printf("  error:      %s\n", printable(r.sig_error).c_str());
  if (r.state == ShowResult::kSigned) {
    if (i.issuer[0] != '\0')
      std::printf("  signer:     %s (issuer %s, serial %s)\n",
                  i.issuer_cn[0] != '\0' ? i.issuer_cn : "-", i.issuer, i.serial);
    else
      std::printf("  signer:     subject key id %s\n", i.signer_skid);
    std::printf("  key id:     %s\n", i.key_id[0] != '\0' ? i.key_id : "unknown");
    std::printf("  digest:     %s\n", i.digest_algo);
    std::printf("  algorithm:  %s\n", i.sig_algo);
    std::printf("  signature:  %zu bytes\n", i.cms_len);
    if (r.verified)
      std::printf("  verified:   yes\n");
    else
      std::printf("  verified:   no: %s\n", printable(r.verify_error).c_str());
  }
  if (r.state == ShowResult::kMalformed)
    return;
  std::printf("  payload:    %zu bytes\n", r.payload_size);
  const ImageSummary &s = r.image;
  if (!s.is_elf) {
    std::printf("  image:      %s\n", s.elf_error.c_str());
    return;
  }
  if (!s.elf_error.empty())
    std::printf("  image:      %s\n", printable(s.elf_error).c_str());
  if (!s.has_note) {
    std::printf("  note:       none\n");
  } else if (!s.note_error.empty()) {
    std::printf("  note:       unusable: %s\n", printable(s.note_error).c_str());
  } else {
    const ImageNote &n = s.note;
    std::printf("  note:       abi %u, rule set %u, helper abi %u, stack bound %u, "
                "fuel %llu\n",
                n.abi_version, n.ruleset_version, n.helper_abi_version, n.stack_bound,
                static_cast<unsigned long long>(n.fuel_budget));
    std::printf("  toolchain:  %s\n", printable(n.toolchain).c_str());
    std::printf("  license:    %s\n", printable(n.license).c_str());
  }
  if (!s.progs_error.empty())
    std::printf("  programs:   unusable: %s\n", printable(s.progs_error).c_str());
  else
    std::printf("  programs:   %zu\n", s.programs.size());
  for (const ImageProgram &p : s.programs)
    std::printf("    %s %s -> %s%s\n", printable(p.type).c_str(), printable(p.name).c_str(),
                printable(p.target).c_str(), p.magic_ok ? "" : " (bad magic)");
  if (!s.maps.empty() || !s.maps_error.empty()) {
    if (!s.maps_error.empty())
      std::printf("  maps:       unusable: %s\n", printable(s.maps_error).c_str());
    else
      std::printf("  maps:       %zu\n", s.maps.size());
    for (const ImageMap &m : s.maps)
      std::printf("    %s %s: key %u, value %u, entries %u%s\n", printable(m.type).c_str(),
                  printable(m.name).c_str(), m.key_size, m.value_size, m.max_entries,
                  m.magic_ok ? "" : " (bad magic)");
  }
  if (!s.configs.empty() || !s.configs_error.empty()) {
    if (!s.configs_error.empty())
      std::printf("  configs:    unusable: %s\n", printable(s.configs_error).c_str());
    else
      std::printf("  configs:    %zu\n", s.configs.size());
    for (const ImageConfig &c : s.configs)
      std::printf("    %s: %s%u bytes%s\n", printable(c.name).c_str(),
                  c.kind == IU_CONFIG_CORE       ? "kernel type field (offset from BTF at load), "
                  : c.kind == IU_CONFIG_TP_FIELD ? "trace event field (offset from its format at "
                                                   "load), "
                  : c.kind == IU_CONFIG_ARGS ? "the program's typed arguments (checked against its "
                                               "function's BTF at load), "
                                                 : ("kind " + std::to_string(c.kind) + ", ").c_str(),
                  c.size, c.magic_ok ? "" : " (bad magic)");
  }
  std::printf("  imports:    %zu\n", s.imports.size());
  for (const std::string &name : s.imports)
    std::printf("    %s\n", printable(name).c_str());
}

void print_json(const ShowResult &r) {
  JsonWriter w(stdout);
  const iu_sig_info &i = r.info;
  w.begin_object();
  w.key("file").string(r.file);
  w.key("size").number(r.file_size);
  w.key("signed").boolean(r.state != ShowResult::kUnsigned);
  if (r.state == ShowResult::kMalformed)
    w.key("error").string(r.sig_error);
  if (r.state == ShowResult::kSigned) {
    w.key("signer").begin_object();
    w.key("issuer").string(i.issuer);
    w.key("issuer_cn").string(i.issuer_cn);
    w.key("serial").string(i.serial);
    if (i.signer_skid[0] != '\0')
      w.key("subject_key_id").string(i.signer_skid);
    w.end_object();
    if (i.key_id[0] != '\0')
      w.key("key_id").string(i.key_id);
    else
      w.key("key_id").null();
    w.key("digest").string(i.digest_algo);
    w.key("signature_algorithm").string(i.sig_algo);
    w.key("signature_size").number(i.cms_len);
    w.key("verified").boolean(r.verified);
    if (!r.verified)
      w.key("verify_error").string(r.verify_error);
  }
  if (r.state != ShowResult::kMalformed) {
    const ImageSummary &s = r.image;
    w.key("payload_size").number(r.payload_size);
    w.key("elf").boolean(s.is_elf);
    if (!s.elf_error.empty())
      w.key("elf_error").string(s.elf_error);
    if (s.has_note && s.note_error.empty()) {
      w.key("note").begin_object();
      w.key("abi_version").number(s.note.abi_version);
      w.key("ruleset_version").number(s.note.ruleset_version);
      w.key("helper_abi_version").number(s.note.helper_abi_version);
      w.key("stack_bound").number(s.note.stack_bound);
      w.key("fuel_budget").number(s.note.fuel_budget);
      w.key("toolchain").string(s.note.toolchain);
      w.key("license").string(s.note.license);
      w.end_object();
    } else {
      w.key("note").null();
      if (!s.note_error.empty())
        w.key("note_error").string(s.note_error);
    }
    w.key("programs").begin_array();
    for (const ImageProgram &p : s.programs) {
      w.begin_object();
      w.key("type").string(p.type);
      w.key("name").string(p.name);
      w.key("target").string(p.target);
      if (!p.magic_ok)
        w.key("bad_magic").boolean(true);
      w.end_object();
    }
    w.end_array();
    if (!s.progs_error.empty())
      w.key("programs_error").string(s.progs_error);
    w.key("maps").begin_array();
    for (const ImageMap &m : s.maps) {
      w.begin_object();
      w.key("type").string(m.type);
      w.key("name").string(m.name);
      w.key("key_size").number(m.key_size);
      w.key("value_size").number(m.value_size);
      w.key("max_entries").number(m.max_entries);
      if (!m.magic_ok)
        w.key("bad_magic").boolean(true);
      w.end_object();
    }
    w.end_array();
    if (!s.maps_error.empty())
      w.key("maps_error").string(s.maps_error);
    w.key("configs").begin_array();
    for (const ImageConfig &c : s.configs) {
      w.begin_object();
      w.key("name").string(c.name);
      w.key("kind").number(c.kind);
      w.key("size").number(c.size);
      if (!c.magic_ok)
        w.key("bad_magic").boolean(true);
      w.end_object();
    }
    w.end_array();
    if (!s.configs_error.empty())
      w.key("configs_error").string(s.configs_error);
    w.key("imports").begin_array();
    for (const std::string &name : s.imports)
      w.string(name);
    w.end_array();
  }
  w.end_object();
}

} // namespace

int cmd_show(int argc, char **argv) {
  TrustArgs targs;
  const char *image = nullptr;
  if (int e = parse_trust_and_image("show", argc, argv, &targs, &image); e != kExitOk)
    return e;

  ShowResult r;
  r.file = image;
  struct iu_trust *trust = nullptr;
  if (int e = load_trust(targs, &trust); e != kExitOk)
    return e;
  bool defaults = targs.certs.empty() && targs.dirs.empty();
  void *data = nullptr;
  size_t len = 0;
  if (int e = iu_file__read(r.file, &data, &len); e < 0) {
    iu_trust__free(trust);
    return lib_err(r.file, e);
  }
  r.file_size = len;
  std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t *>(data), len);

  int e = iu_sig__inspect(data, len, trust, &r.info);
  if (e == 0) {
    r.state = ShowResult::kSigned;
    r.payload_size = r.info.payload_len;
    struct iu_sig_info vinfo = {};
    ssize_t v = iu_sig__verify(data, len, trust, &vinfo);
    r.verified = v >= 0;
    if (v < 0) {
      r.verify_error = iu_sign__errmsg();
      if (v == -IU_SIGN_ERRNO__UNTRUSTED && defaults && iu_trust__count(trust) == 0)
        r.verify_error += " (" + default_trust_hint() + ")";
    }
  } else if (e == -IU_SIGN_ERRNO__NOSIG) {
    r.state = ShowResult::kUnsigned;
    r.payload_size = len;
  } else if (e == -IU_SIGN_ERRNO__TRAILER) {
    r.state = ShowResult::kMalformed;
    r.sig_error = iu_sign__errmsg();
  } else if (e == -IU_SIGN_ERRNO__CMS) {
    // The trailer is fine, so the payload is known; show it, flag the blob.
    r.state = ShowResult::kSigned;
    r.payload_size = r.info.payload_len;
    r.verify_error = iu_sign__errmsg();
  } else {
    std::free(data);
    iu_trust__free(trust);
    return lib_err(r.file, e);
  }
  iu_trust__free(trust);
  if (r.state != ShowResult::kMalformed)
    r.image = summarize_image(bytes.first(r.payload_size));
  std::free(data);

  if (g_json)
    print_json(r);
  else
    print_text(r);
  // show describes; it fails only if it cannot say what is in the file.
  if (r.state == ShowResult::kMalformed)
    return p_err_line(r.file, r.sig_error);
  return kExitOk;
}

} // namespace iu::sign_tool
