// Resolves trace event fields against the events' formats, as libbpf's
// users do by hand for SEC("tracepoint/...") programs. The result needs no
// trust: the image reads only inside the record the kernel hands it, so a
// wrong offset gives wrong data, never an unsafe access.
#include "tracepoint_fields.h"

#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

#include <iu/abi.h>

#include "trace_format.h"

namespace iu {
namespace {

using trace_format::Field;
using trace_format::Kind;

std::string describe(const Field &f) {
  return "'" + f.type + "' (" + std::to_string(f.size) + " byte" + (f.size == 1 ? "" : "s") + ")";
}

const char *expected_kind(uint32_t kind) {
  switch (kind) {
  case IU_TP_FIELD_INT:
    return "an integer";
  case IU_TP_FIELD_CHARS:
    return "an array of characters or bytes";
  default:
    return "a string (__data_loc char[])";
  }
}

// The flags the image reads the field with, or 0 if field is not of the
// kind the image expects (kind, at most size bytes for an integer).
uint32_t flags_for(const Field &f, uint32_t kind, uint32_t size) {
  switch (kind) {
  case IU_TP_FIELD_INT:
    if (f.kind != Kind::Integer || f.size > size)
      return 0;
    return kind | (f.is_signed ? IU_TP_FIELD_SIGNED : 0);
  case IU_TP_FIELD_CHARS:
    return f.kind == Kind::Chars || f.kind == Kind::Bytes ? kind : 0;
  case IU_TP_FIELD_STRING:
    if (f.size != 4)
      return 0;
    if (f.kind == Kind::String)
      return kind;
    return f.kind == Kind::RelString ? kind | IU_TP_FIELD_RELATIVE : 0;
  default:
    return 0;
  }
}

// "<category>/<event>/<field>", each a name of letters, digits and '_'
// (so the path cannot leave events_dir).
bool good_path(const std::string &path) {
  int slashes = 0;
  size_t run = 0;
  for (char c : path) {
    if (c == '/') {
      if (!run || ++slashes > 2)
        return false;
      run = 0;
    } else if (isalnum(static_cast<unsigned char>(c)) || c == '_') {
      ++run;
    } else {
      return false;
    }
  }
  return slashes == 2 && run;
}

} // namespace

int resolve_tracepoint_fields(const std::string &events_dir, const std::vector<TpField> &fields,
                              std::vector<uint8_t> *config, std::string *error) {
  std::map<std::string, std::vector<Field>> formats; // by "<category>/<event>"
  for (const TpField &tf : fields) {
    if (!good_path(tf.path)) {
      *error = "tracepoint field record '" + tf.path + "' is not <category>/<event>/<field>";
      return -EINVAL;
    }
    const size_t slash = tf.path.rfind('/');
    const std::string event = tf.path.substr(0, slash), name = tf.path.substr(slash + 1);
    auto it = formats.find(event);
    if (it == formats.end()) {
      const std::string file = events_dir + "/" + event + "/format";
      std::ifstream in(file);
      if (!in) {
        *error = "the image reads tracepoint field '" + tf.path + "', but this kernel has no "
                 "tracepoint '" + event + "' (" + file + ": " + strerror(errno) + ")";
        return -ENOENT;
      }
      std::stringstream text;
      text << in.rdbuf();
      std::vector<Field> parsed;
      std::string why;
      if (!trace_format::parse(text.str(), &parsed, &why)) {
        *error = file + ": " + why;
        return -EINVAL;
      }
      it = formats.emplace(event, std::move(parsed)).first;
    }
    const Field *f = trace_format::find(it->second, name);
    if (!f) {
      *error = "tracepoint '" + event + "' has no field '" + name +
               "' in this kernel (the image reads it)";
      return -ENOENT;
    }
    uint32_t flags = flags_for(*f, tf.kind, tf.size);
    if (!flags) {
      *error = "tracepoint field '" + tf.path + "' is " + describe(*f) +
               " in this kernel; the image reads " + expected_kind(tf.kind) +
               (tf.kind == IU_TP_FIELD_INT ? " of at most " + std::to_string(tf.size) + " bytes"
                                           : std::string());
      return -EINVAL;
    }
    if (tf.offset + sizeof(iu_tp_field_value) > config->size()) {
      *error = "tracepoint field '" + tf.path + "': its record is outside .iu.config";
      return -EINVAL;
    }
    int64_t offset = f->offset;
    uint32_t size = f->size;
    uint8_t *value = config->data() + tf.offset;
    memcpy(value + offsetof(iu_tp_field_value, offset), &offset, sizeof(offset));
    memcpy(value + offsetof(iu_tp_field_value, size), &size, sizeof(size));
    memcpy(value + offsetof(iu_tp_field_value, flags), &flags, sizeof(flags));
  }
  return 0;
}

int resolve_tracepoint_fields(const std::vector<TpField> &fields, std::vector<uint8_t> *config,
                              std::string *error) {
  if (fields.empty())
    return 0;
  for (const char *dir : {"/sys/kernel/tracing/events", "/sys/kernel/debug/tracing/events"}) {
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
      return resolve_tracepoint_fields(dir, fields, config, error);
  }
  *error = "the image reads tracepoint fields, and tracefs is not mounted to read their "
           "formats (mount -t tracefs nodev /sys/kernel/tracing)";
  return -ENOENT;
}

} // namespace iu
