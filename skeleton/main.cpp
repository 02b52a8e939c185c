// iu-gen-skeleton: a typed C++ header for one iu image, in the spirit of
// `bpftool gen skeleton` (skeleton.h; docs/skeleton.md shows the header's use).
//
//   iu-gen-skeleton tracex2.iu > tracex2.skel.hpp
//   iu-gen-skeleton --types tracex2.iu      (the recorded layouts, readable)
//
// It reads the image's signed bytes with the strict reader (as libiu does,
// without checking whom the signature is from: a header is not a load), so
// the layouts it uses are the ones the image carries.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <iu/image.h>
#include <iu/signer.h>

#include "skeleton.h"

namespace {

const char *g_argv0 = "iu-gen-skeleton";

void usage(FILE *f) {
  fprintf(f,
          "Usage: %s [--name NAME] [--image-path PATH] [-o OUT.hpp] IMAGE.iu\n"
          "       %s --types IMAGE.iu\n"
          "\n"
          "Writes a typed C++ header for the image's configuration, maps, events and\n"
          "programs, built on libiu (class NAME_skel; NAME defaults to the image's base\n"
          "name). It names the key, value and event types of the extension: include\n"
          "the header the extension shares with user space first; the skeleton checks\n"
          "their layout against the one the image records.\n"
          "\n"
          "  --name NAME        the class is NAME_skel\n"
          "  --image-path PATH  the image open() opens by default (default: the base\n"
          "                     name of IMAGE.iu)\n"
          "  -o OUT.hpp         write there instead of to standard output\n"
          "  --types            print the recorded layouts of maps and configurations\n"
          "  -h, --help         this text\n",
          g_argv0, g_argv0);
}

int fail(const std::string &msg) {
  fprintf(stderr, "%s: error: %s\n", g_argv0, msg.c_str());
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  std::string name, image_path, out_path, input;
  bool types = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string *dst) {
      if (i + 1 >= argc) {
        fprintf(stderr, "%s: error: %s needs a value\n", g_argv0, a.c_str());
        exit(2);
      }
      *dst = argv[++i];
    };
    if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--name") {
      value(&name);
    } else if (a == "--image-path") {
      value(&image_path);
    } else if (a == "-o") {
      value(&out_path);
    } else if (a == "--types") {
      types = true;
    } else if (!a.empty() && a[0] == '-') {
      fprintf(stderr, "%s: error: unknown option '%s'\n", g_argv0, a.c_str());
      usage(stderr);
      return 2;
    } else if (!input.empty()) {
      fprintf(stderr, "%s: error: one image at a time\n", g_argv0);
      return 2;
    } else {
      input = a;
    }
  }
  if (input.empty()) {
    usage(stderr);
    return 2;
  }

  void *data = nullptr;
  size_t len = 0;
  if (int rc = iu_file__read(input.c_str(), &data, &len); rc < 0)
    return fail(input + ": " + iu_strerror(rc));
  std::unique_ptr<void, decltype(&free)> owner(data, free);
  iu_sig_layout layout{};
  size_t payload = len;
  int rc = iu_sig__split(data, len, &layout);
  if (rc == 0)
    payload = layout.payload_len;
  else if (rc != -IU_SIGN_ERRNO__NOSIG)
    return fail(input + ": " + iu_strerror(rc));
  iu::Image image;
  std::string err;
  if (!iu::parse_image({static_cast<const uint8_t *>(data), payload}, &image, &err))
    return fail(input + ": " + err);

  std::string text;
  if (types) {
    text = iu::skeleton::dump_types(image);
  } else {
    iu::skeleton::Options opts;
    opts.name = name.empty() ? iu::skeleton::name_from_path(input) : name;
    opts.image_path = image_path.empty() ? input.substr(input.rfind('/') + 1) : image_path;
    if (!iu::skeleton::generate(image, opts, &text, &err))
      return fail(input + ": " + err);
  }
  if (out_path.empty()) {
    if (fwrite(text.data(), 1, text.size(), stdout) != text.size() || fflush(stdout) != 0)
      return fail("cannot write the output");
    return 0;
  }
  if (int wrc = iu_file__write_atomic(out_path.c_str(), text.data(), text.size(), -1); wrc < 0)
    return fail(out_path + ": " + iu_strerror(wrc));
  return 0;
}
