// The typed tracepoint contexts (iu-btf tracepoints): from catalogues of
// trace event formats (runtime/tracepoints/*.formats), one header per
// category with a struct per event deriving from iu::tracepoint_ctx
// (runtime/include/iu/tracepoint.h), one accessor per field, and a header
// that includes them all.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "trace_format.h"

namespace iu::tpgen {

// One catalogue: a kernel's events and their own fields (the common_*
// ones left out), as runtime/tracepoints/capture.sh prints them.
struct Catalogue {
  std::string kernel; // its name in comments: the file's name without ".formats"
  // "<category>/<event>" -> its fields, in the format's order.
  std::map<std::string, std::vector<trace_format::Field>> events;
};

// Parses a catalogue's text; file names it in *error ("file:line: ...").
bool parse_catalogue(std::string_view text, const std::string &file, Catalogue *out,
                     std::string *error);

struct Output {
  // "<category>.h" -> text, for each category with at least one event.
  std::map<std::string, std::string> category_headers;
  // The header that includes them all, as "<include_dir>/<category>.h".
  std::string all_header;
};

// The headers for the union of the catalogues' events. include_dir is how
// the all-including header names the category headers' folder, relative to
// itself ("tp": #include "tp/sched.h").
Output generate(const std::vector<Catalogue> &catalogues, const std::string &include_dir);

// The first line of every generated header (iu-btf replaces or removes
// only files that start with it).
extern const char *const kGeneratedMark;

} // namespace iu::tpgen
