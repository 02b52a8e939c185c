// iu-gen-skeleton's parts: a typed C++ header for one image (in the spirit
// of `bpftool gen skeleton`), written from what the image records of its
// maps, configurations and programs (.iu.types, .maps, .iu.config,
// .iu.progs), and a readable dump of the recorded layouts. docs/skeleton.md
// shows how to use the header.
#pragma once
#include <string>

#include <iu/image.h>

namespace iu::skeleton {

struct Options {
  std::string name;       // the class is <name>_skel
  std::string image_path; // what open() opens by default
};

// The header's text. False (and *error) when the image lacks what a
// skeleton needs: the layout of every map and configuration.
bool generate(const Image &image, const Options &opts, std::string *out, std::string *error);

// Every map and configuration with its recorded types, one field a line:
//   map counts: hash, 10240 entries
//     key: struct demo::key_t, 80 bytes
//       +0 pid: int iu::u32, 4 bytes, unsigned
std::string dump_types(const Image &image);

// A C++ identifier made from a file name: "tracex2.iu" -> "tracex2",
// "my-prog.iu" -> "my_prog".
std::string name_from_path(const std::string &path);

} // namespace iu::skeleton
