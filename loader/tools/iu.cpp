// iu: inspect and manage what runs in iu.ko, in bpftool's shape
// (docs/iu.md).
//
//   iu [-j|--json] [-p|--pretty] prog { list | show [ID] | load IMAGE --pin NAME | detach ID }
//   iu [-j|--json] [-p|--pretty] map  { list | dump MAP | lookup MAP key K | update MAP key K value V | delete MAP key K }
//   iu [-j|--json] [-p|--pretty] stats { show [ID] | enable | disable }
//
// Everything goes through libiu: the registry calls (iu_kernel_*) for
// objects and programs, and the maps' own BPF map descriptors (libbpf,
// bpf_map_get_fd_by_id) for reading maps loaded by any process; writes go
// through the object's descriptor (IU_OBJ_MAP_UPDATE), since iu.ko keeps
// its keyed maps frozen to the bpf() system call.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>
#include <vector>

#include <iu/ioctl.h>
#include <iu/libiu.h>

#include "output_format.h"
#include "value_format.h"

namespace {

const char *const kTool = "iu";

// ---- JSON ----

// A JSON value built in memory, printed compact (--json) or indented
// (--pretty). Raw holds JSON text made elsewhere (value_format.h).
struct Json {
  enum Kind { Null, Bool, Int, Uint, String, Raw, Array, Object } kind = Null;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  std::string s;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> fields;

  static Json str(std::string v) { Json j; j.kind = String; j.s = std::move(v); return j; }
  static Json raw(std::string v) { Json j; j.kind = Raw; j.s = std::move(v); return j; }
  static Json num(uint64_t v) { Json j; j.kind = Uint; j.u = v; return j; }
  static Json snum(int64_t v) { Json j; j.kind = Int; j.i = v; return j; }
  static Json boolean(bool v) { Json j; j.kind = Bool; j.b = v; return j; }
  static Json array() { Json j; j.kind = Array; return j; }
  static Json object() { Json j; j.kind = Object; return j; }
  Json &add(const std::string &k, Json v) { fields.emplace_back(k, std::move(v)); return *this; }
  Json &push(Json v) { items.push_back(std::move(v)); return *this; }

  void print(std::string *out, bool pretty, int depth = 0) const {
    auto nl = [&](int d) {
      if (pretty) {
        *out += '\n';
        out->append(static_cast<size_t>(d) * 2, ' ');
      }
    };
    switch (kind) {
    case Null: *out += "null"; break;
    case Bool: *out += b ? "true" : "false"; break;
    case Int: *out += std::to_string(i); break;
    case Uint: *out += std::to_string(u); break;
    case String: *out += iu::json_quote(s); break;
    case Raw: *out += s; break;
    case Array:
      *out += '[';
      for (size_t n = 0; n < items.size(); ++n) {
        if (n)
          *out += ',';
        nl(depth + 1);
        items[n].print(out, pretty, depth + 1);
      }
      if (!items.empty())
        nl(depth);
      *out += ']';
      break;
    case Object:
      *out += '{';
      for (size_t n = 0; n < fields.size(); ++n) {
        if (n)
          *out += ',';
        nl(depth + 1);
        *out += iu::json_quote(fields[n].first);
        *out += pretty ? ": " : ":";
        fields[n].second.print(out, pretty, depth + 1);
      }
      if (!fields.empty())
        nl(depth);
      *out += '}';
      break;
    }
  }
};

struct Options {
  bool json = false;
  bool pretty = false;
};
Options g_opts;

void emit_json(const Json &j) {
  std::string out;
  j.print(&out, g_opts.pretty);
  out += '\n';
  fflush(stdout);
  iu::write_all(1, out);
}

void emit_text(const std::string &s) {
  fflush(stdout);
  iu::write_all(1, s);
}

// ---- usage and errors ----

const char kMainUsage[] =
    "Usage: iu [OPTIONS] OBJECT COMMAND [ARGS...]\n"
    "       iu OBJECT help\n"
    "\n"
    "Inspects and manages what runs in iu.ko (the kernel backend), like bpftool:\n"
    "\n"
    "  iu prog { list | show [ID] | load IMAGE --pin NAME | detach ID }\n"
    "  iu map  { list | dump MAP | lookup MAP key K | update MAP key K value V [FLAG]\n"
    "          | delete MAP key K }\n"
    "  iu stats { show [ID] | enable | disable }\n"
    "\n"
    "OPTIONS (anywhere on the line):\n"
    "  -j, --json     print JSON\n"
    "  -p, --pretty   print indented JSON (implies --json)\n"
    "  -h, --help     show this help (iu OBJECT help: that object's)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Needs iu.ko (/dev/iu) and CAP_SYS_ADMIN. Exit status: 0 success, 1 the\n"
    "operation failed, 2 usage error.\n";

const char kProgUsage[] =
    "Usage: iu prog list                  every program loaded into iu.ko\n"
    "       iu prog show [ID]             one program (all without ID)\n"
    "       iu prog load IMAGE --pin NAME [--set NAME=VALUE]... [--trust CERT]...\n"
    "                                     load IMAGE into iu.ko, attach every program\n"
    "                                     and keep them attached after iu exits\n"
    "       iu prog detach ID             detach a program, whoever loaded it; a\n"
    "                                     pinned object left with no attached\n"
    "                                     program is unpinned and unloaded\n"
    "\n"
    "ID is a program id from iu prog list. NAME: 1 to 31 of A-Z a-z 0-9 _ . -,\n"
    "unique. Output of pinned programs: /sys/kernel/tracing/trace_pipe.\n";

const char kMapUsage[] =
    "Usage: iu map list\n"
    "       iu map dump MAP [--image IMAGE]\n"
    "       iu map lookup MAP key DATA [--image IMAGE]\n"
    "       iu map update MAP key DATA value DATA [any|noexist|exist]\n"
    "       iu map delete MAP key DATA\n"
    "\n"
    "MAP := { id BPF_MAP_ID | name NAME }   (a map of an object loaded into iu.ko)\n"
    "DATA := { NUMBER | BYTE... | hex HEXBYTE... }\n"
    "  NUMBER   one integer (decimal, or 0x hex; a leading - for negative) for a\n"
    "           key or value of 1, 2, 4 or 8 bytes, stored little-endian\n"
    "  BYTE...  exactly the key's or value's size in bytes, each 0..255 (or 0xNN)\n"
    "A per-CPU map's update sets every CPU's value. --image formats keys and\n"
    "values with the image's types (without it: numbers, or hex bytes).\n";

const char kStatsUsage[] =
    "Usage: iu stats [show [ID]]   per program: invocations, measured runs, total\n"
    "                              and average run time (ns), panics, fuel\n"
    "                              exhaustions, the last panic\n"
    "       iu stats enable        start measuring run time (a static key in\n"
    "       iu stats disable       iu.ko: nothing is measured while off)\n";

int usage_error(const std::string &msg, const char *object = nullptr) {
  fprintf(stderr, "%s: %s\nTry '%s%s%s --help'.\n", kTool, msg.c_str(), kTool,
          object ? " " : "", object ? object : "");
  return 2;
}

int fail(const std::string &msg) {
  if (g_opts.json) {
    Json j = Json::object();
    j.add("error", Json::str(msg));
    std::string out;
    j.print(&out, g_opts.pretty);
    fprintf(stderr, "%s\n", out.c_str());
  } else {
    fprintf(stderr, "%s: %s\n", kTool, msg.c_str());
  }
  return 1;
}

int fail_last() { return fail(iu_last_error()); }

bool parse_u32(const std::string &s, uint32_t *out) {
  if (s.empty() || s.size() > 10)
    return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = strtoull(s.c_str(), &end, 10);
  if (errno || *end || v > UINT32_MAX || s[0] == '-' || s[0] == '+')
    return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

// ---- the registry ----

// Every object, by id (-errno on failure, the reason recorded).
int list_objects(std::map<uint32_t, iu_obj_info> *objs) {
  uint32_t id = 0;
  for (;;) {
    int rc = iu_kernel_next_id(IU_ID_OBJ, id, &id);
    if (rc == -ENOENT)
      return 0;
    if (rc < 0)
      return rc;
    iu_obj_info info;
    rc = iu_kernel_obj_info(id, &info);
    if (rc == -ENOENT)
      continue; // unloaded meanwhile
    if (rc < 0)
      return rc;
    (*objs)[id] = info;
  }
}

int list_programs(std::vector<iu_prog_entry> *progs) {
  uint32_t id = 0;
  for (;;) {
    int rc = iu_kernel_next_id(IU_ID_PROG, id, &id);
    if (rc == -ENOENT)
      return 0;
    if (rc < 0)
      return rc;
    iu_prog_entry e;
    rc = iu_kernel_prog_info(id, &e);
    if (rc == -ENOENT)
      continue;
    if (rc < 0)
      return rc;
    progs->push_back(e);
  }
}

std::string cstr(const char *s, size_t max) { return std::string(s, strnlen(s, max)); }

std::string section_of(const iu_prog_entry &e) {
  return std::string(iu_prog_type_str(e.type)) + "/" + cstr(e.target, sizeof(e.target));
}

std::string panic_text(const iu_panic_report &rep) {
  std::string file = cstr(rep.file, sizeof(rep.file));
  std::string where = file.empty() ? "" : file + ":" + std::to_string(rep.line);
  return iu::panic_report(rep.status, rep.panic_kind, cstr(rep.msg, sizeof(rep.msg)), where);
}

Json prog_json(const iu_prog_entry &e, const iu_obj_info *obj) {
  Json j = Json::object();
  j.add("id", Json::num(e.id));
  j.add("name", Json::str(cstr(e.name, sizeof(e.name))));
  j.add("type", Json::str(iu_prog_type_str(e.type)));
  j.add("section", Json::str(section_of(e)));
  j.add("object", Json::num(e.obj_id));
  j.add("index", Json::num(e.prog));
  j.add("attached", Json::boolean(e.attached));
  j.add("dead", Json::boolean(e.flags & IU_PROG_F_DEAD));
  j.add("keep_on_panic", Json::boolean(e.flags & IU_PROG_F_KEEP_ON_PANIC));
  if (obj && (obj->flags & IU_OBJ_F_PINNED))
    j.add("pinned", Json::str(cstr(obj->pin_name, sizeof(obj->pin_name))));
  else
    j.add("pinned", Json());
  if (obj) {
    j.add("loader_pid", Json::snum(obj->loader_tgid));
    j.add("loader_comm", Json::str(cstr(obj->loader_comm, sizeof(obj->loader_comm))));
  }
  j.add("runs", Json::num(e.runs));
  j.add("panics", Json::num(e.panics - e.fuel_exhausted));
  j.add("fuel_exhausted", Json::num(e.fuel_exhausted));
  j.add("missed", Json::num(e.missed));
  return j;
}

std::string prog_text(const iu_prog_entry &e, const iu_obj_info *obj) {
  char buf[256];
  std::string out;
  snprintf(buf, sizeof(buf), "%u: %s  name %s  object %u", e.id, iu_prog_type_str(e.type),
           cstr(e.name, sizeof(e.name)).c_str(), e.obj_id);
  out += buf;
  if (obj && (obj->flags & IU_OBJ_F_PINNED))
    out += "  pinned " + cstr(obj->pin_name, sizeof(obj->pin_name));
  if (obj)
    out += "  loader " + cstr(obj->loader_comm, sizeof(obj->loader_comm)) + "[" +
           std::to_string(obj->loader_tgid) + "]";
  out += "\n\tsection " + section_of(e) + "  " +
         (e.attached ? "attached" : (e.flags & IU_PROG_F_DEAD) ? "detached (panicked)"
                                                              : "detached");
  snprintf(buf, sizeof(buf), "\n\truns %" PRIu64 "  panics %" PRIu64 "  fuel_exhausted %" PRIu64
                             "  missed %" PRIu64 "\n",
           static_cast<uint64_t>(e.runs), static_cast<uint64_t>(e.panics - e.fuel_exhausted),
           static_cast<uint64_t>(e.fuel_exhausted), static_cast<uint64_t>(e.missed));
  out += buf;
  return out;
}

// ---- iu prog ----

int prog_show(const std::vector<std::string> &args) {
  std::optional<uint32_t> only;
  if (args.size() > 1)
    return usage_error("prog show: too many arguments", "prog");
  if (args.size() == 1) {
    uint32_t id;
    if (!parse_u32(args[0], &id))
      return usage_error("prog show: '" + args[0] + "' is not a program id", "prog");
    only = id;
  }
  std::vector<iu_prog_entry> progs;
  if (only) {
    iu_prog_entry e;
    if (iu_kernel_prog_info(*only, &e) < 0)
      return fail_last();
    progs.push_back(e);
  } else if (list_programs(&progs) < 0) {
    return fail_last();
  }
  std::map<uint32_t, iu_obj_info> objs;
  for (const iu_prog_entry &e : progs) {
    if (objs.count(e.obj_id))
      continue;
    iu_obj_info info;
    if (iu_kernel_obj_info(e.obj_id, &info) == 0)
      objs[e.obj_id] = info;
  }
  auto obj_of = [&](const iu_prog_entry &e) -> const iu_obj_info * {
    auto it = objs.find(e.obj_id);
    return it == objs.end() ? nullptr : &it->second;
  };
  if (g_opts.json) {
    if (only) {
      emit_json(prog_json(progs[0], obj_of(progs[0])));
    } else {
      Json a = Json::array();
      for (const iu_prog_entry &e : progs)
        a.push(prog_json(e, obj_of(e)));
      emit_json(a);
    }
    return 0;
  }
  std::string out;
  for (const iu_prog_entry &e : progs)
    out += prog_text(e, obj_of(e));
  emit_text(out);
  return 0;
}

int prog_detach(const std::vector<std::string> &args) {
  if (args.size() != 1)
    return usage_error("prog detach: expected one program id", "prog");
  uint32_t id;
  if (!parse_u32(args[0], &id))
    return usage_error("prog detach: '" + args[0] + "' is not a program id", "prog");
  iu_prog_entry e;
  if (iu_kernel_prog_info(id, &e) < 0)
    return fail_last();
  iu_obj_info before{};
  bool pinned = iu_kernel_obj_info(e.obj_id, &before) == 0 && (before.flags & IU_OBJ_F_PINNED);
  if (int rc = iu_kernel_prog_detach(id); rc < 0) {
    if (rc == -EALREADY)
      return fail("program " + std::to_string(id) + " ('" + cstr(e.name, sizeof(e.name)) +
                  "') is not attached");
    return fail_last();
  }
  iu_obj_info after{};
  bool unpinned = pinned && !(iu_kernel_obj_info(e.obj_id, &after) == 0 &&
                              (after.flags & IU_OBJ_F_PINNED));
  std::string name = cstr(e.name, sizeof(e.name));
  if (g_opts.json) {
    Json j = Json::object();
    j.add("id", Json::num(id)).add("name", Json::str(name)).add("detached", Json::boolean(true));
    j.add("object", Json::num(e.obj_id));
    j.add("unpinned", unpinned ? Json::str(cstr(before.pin_name, sizeof(before.pin_name)))
                               : Json());
    emit_json(j);
  } else {
    std::string out = "program " + std::to_string(id) + " ('" + name + "') detached";
    if (unpinned)
      out += "; object " + std::to_string(e.obj_id) + " unpinned ('" +
             cstr(before.pin_name, sizeof(before.pin_name)) + "')";
    emit_text(out + "\n");
  }
  return 0;
}

int prog_load(const std::vector<std::string> &args) {
  std::string image, pin;
  std::vector<std::string> sets, trust;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](std::string *out) {
      if (i + 1 >= args.size())
        return false;
      *out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--pin" || a == "pin") {
      if (!value(&pin))
        return usage_error("prog load: --pin needs a NAME", "prog");
    } else if (a.starts_with("--pin=")) {
      pin = a.substr(6);
    } else if (a == "--set") {
      if (!value(&v))
        return usage_error("prog load: --set needs NAME=VALUE", "prog");
      sets.push_back(v);
    } else if (a.starts_with("--set=")) {
      sets.push_back(a.substr(6));
    } else if (a == "--trust") {
      if (!value(&v))
        return usage_error("prog load: --trust needs a certificate", "prog");
      trust.push_back(v);
    } else if (a.starts_with("-") && a != "-") {
      return usage_error("prog load: unknown option '" + a + "'", "prog");
    } else if (image.empty()) {
      image = a;
    } else {
      return usage_error("prog load: more than one IMAGE ('" + image + "', '" + a + "')",
                         "prog");
    }
  }
  if (image.empty())
    return usage_error("prog load: no IMAGE", "prog");
  if (pin.empty())
    return usage_error("prog load: --pin NAME is required (the programs stay attached "
                       "after iu exits, under that name)",
                       "prog");
  std::vector<const char *> certs;
  for (const std::string &c : trust)
    certs.push_back(c.c_str());
  IU_OPTS(iu_object_open_opts, open_opts, .backend = IU_BACKEND_KERNEL,
          .trusted_certs = certs.empty() ? nullptr : certs.data(),
          .trusted_cert_cnt = certs.size());
  iu_object *obj = iu_object__open_file(image.c_str(), &open_opts);
  if (!obj)
    return fail_last();
  auto done = [&](int rc) {
    // Closing our descriptor leaves a pinned object as it is; anything
    // else (a failure before the pin) is detached and unloaded.
    iu_object__close(obj);
    return rc;
  };
  for (const std::string &s : sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return done(usage_error("prog load: --set '" + s + "': expected NAME=VALUE", "prog"));
    if (iu_object__set_config_str(obj, s.substr(0, eq).c_str(), s.substr(eq + 1).c_str()) < 0)
      return done(fail_last());
  }
  if (iu_object__load(obj) < 0)
    return done(fail_last());
  for (iu_program *p = iu_object__next_program(obj, nullptr); p;
       p = iu_object__next_program(obj, p)) {
    // The link is never destroyed: the pin keeps the program attached.
    if (!iu_program__attach(p))
      return done(fail_last());
  }
  uint32_t obj_id = 0;
  if (iu_object__pin(obj, pin.c_str(), &obj_id) < 0)
    return done(fail_last());
  iu_obj_info info{};
  iu_kernel_obj_info(obj_id, &info);
  std::vector<iu_prog_entry> progs;
  for (uint32_t i = 0; i < info.nprogs && i < IU_OBJ_PROGS_MAX; ++i) {
    iu_prog_entry e;
    if (iu_kernel_prog_info(info.prog_ids[i], &e) == 0)
      progs.push_back(e);
  }
  if (g_opts.json) {
    Json j = Json::object();
    j.add("object", Json::num(obj_id)).add("pinned", Json::str(pin));
    Json a = Json::array();
    for (const iu_prog_entry &e : progs)
      a.push(Json::object()
                 .add("id", Json::num(e.id))
                 .add("name", Json::str(cstr(e.name, sizeof(e.name))))
                 .add("section", Json::str(section_of(e))));
    j.add("programs", a);
    emit_json(j);
  } else {
    std::string out = "object " + std::to_string(obj_id) + " pinned as '" + pin + "'\n";
    for (const iu_prog_entry &e : progs)
      out += "  program " + std::to_string(e.id) + " '" + cstr(e.name, sizeof(e.name)) +
             "' attached to " + section_of(e) + "\n";
    emit_text(out);
  }
  return done(0);
}

int cmd_prog(const std::vector<std::string> &args) {
  if (args.empty() || args[0] == "help") {
    fputs(kProgUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string &c = args[0];
  if (c == "list")
    return rest.empty() ? prog_show({}) : usage_error("prog list takes no arguments", "prog");
  if (c == "show")
    return prog_show(rest);
  if (c == "detach")
    return prog_detach(rest);
  if (c == "load")
    return prog_load(rest);
  return usage_error("unknown prog command '" + c + "'", "prog");
}

// ---- iu map ----

// One map of an object in iu.ko.
struct MapRef {
  uint32_t obj_id = 0;
  uint32_t index = 0;
  iu_obj_info obj{};
  iu_map_info info{};
  bpf_map_info bpf{};
  int fd = -1; // the BPF map's
};

// Every map of every object, with iu.ko's and the BPF map's view of it.
int list_maps(std::vector<MapRef> *out) {
  std::map<uint32_t, iu_obj_info> objs;
  if (list_objects(&objs) < 0)
    return -1;
  for (auto &[id, obj] : objs) {
    if (!obj.nmaps)
      continue;
    int ofd = iu_kernel_obj_fd(id);
    if (ofd == -ENOENT)
      continue;
    if (ofd < 0)
      return -1;
    for (uint32_t i = 0; i < obj.nmaps && i < IU_MAPS_MAX; ++i) {
      MapRef m;
      m.obj_id = id;
      m.index = i;
      m.obj = obj;
      m.info.map = i;
      if (ioctl(ofd, IU_OBJ_MAP_INFO, &m.info) != 0)
        continue;
      int fd = bpf_map_get_fd_by_id(m.info.bpf_id);
      if (fd >= 0) {
        uint32_t len = sizeof(m.bpf);
        if (bpf_obj_get_info_by_fd(fd, &m.bpf, &len) != 0)
          memset(&m.bpf, 0, sizeof(m.bpf));
        close(fd);
      }
      out->push_back(m);
    }
    close(ofd);
  }
  return 0;
}

std::string map_name(const MapRef &m) { return cstr(m.info.name, sizeof(m.info.name)); }

bool is_percpu(const MapRef &m) {
  return m.info.type == IU_MAP_PERCPU_ARRAY || m.info.type == IU_MAP_PERCPU_HASH;
}

// MAP := id N | name NAME, consumed from args at *i.
int resolve_map(const std::vector<std::string> &args, size_t *i, MapRef *out,
                const char *cmd) {
  if (*i + 2 > args.size())
    return usage_error(std::string("map ") + cmd + ": expected MAP (id ID or name NAME)", "map");
  std::string how = args[*i], what = args[*i + 1];
  *i += 2;
  uint32_t id = 0;
  if (how == "id") {
    if (!parse_u32(what, &id))
      return usage_error(std::string("map ") + cmd + ": '" + what + "' is not a map id", "map");
  } else if (how != "name") {
    return usage_error(std::string("map ") + cmd + ": expected MAP (id ID or name NAME), not '" +
                           how + "'",
                       "map");
  }
  std::vector<MapRef> maps;
  if (list_maps(&maps) < 0)
    return fail_last();
  std::vector<MapRef> found;
  for (const MapRef &m : maps)
    if (how == "id" ? m.info.bpf_id == id : map_name(m) == what)
      found.push_back(m);
  if (found.empty())
    return fail(how == "id" ? "no map with id " + what + " in iu.ko"
                            : "no map named '" + what + "' in iu.ko");
  if (found.size() > 1) {
    std::string ids;
    for (const MapRef &m : found)
      ids += (ids.empty() ? "" : ", ") + std::to_string(m.info.bpf_id);
    return fail(std::to_string(found.size()) + " maps are named '" + what + "' (ids " + ids +
                "): use id ID");
  }
  *out = found[0];
  out->fd = bpf_map_get_fd_by_id(out->info.bpf_id);
  if (out->fd < 0)
    return fail("map '" + map_name(*out) + "' (id " + std::to_string(out->info.bpf_id) +
                "): " + strerror(errno));
  return 0;
}

// Formats keys and values: with the image's types when --image names the
// map's image, else untyped (numbers for 1/2/4/8 bytes, hex otherwise).
struct Formatter {
  iu_object *image = nullptr;
  iu_map *map = nullptr;
  ~Formatter() { iu_object__close(image); }

  int open(const std::string &path, const MapRef &m) {
    if (path.empty())
      return 0;
    IU_OPTS(iu_object_open_opts, o, .backend = IU_BACKEND_USER);
    image = iu_object__open_file(path.c_str(), &o);
    if (!image)
      return fail_last();
    map = iu_object__find_map_by_name(image, map_name(m).c_str());
    if (!map || iu_map__key_size(map) != m.bpf.key_size ||
        iu_map__value_size(map) != m.bpf.value_size)
      return fail(path + ": has no map '" + map_name(m) + "' of this map's key and value sizes");
    return 0;
  }
  std::string key(const MapRef &m, const void *k, iu::ValueStyle st) const {
    if (map)
      return iu::format_map_key(map, k, st);
    std::string out;
    iu::format_value(&out, {}, iu::kNoType, static_cast<const uint8_t *>(k), m.bpf.key_size, st);
    return out;
  }
  std::string value(const MapRef &m, const void *v, iu::ValueStyle st) const {
    if (map)
      return iu::format_map_value(map, v, st);
    auto *data = static_cast<const uint8_t *>(v);
    std::string out;
    if (!is_percpu(m)) {
      iu::format_value(&out, {}, iu::kNoType, data, m.bpf.value_size, st);
      return out;
    }
    size_t stride = (m.bpf.value_size + 7u) & ~size_t{7};
    int cpus = libbpf_num_possible_cpus();
    out += '[';
    for (int cpu = 0; cpu < cpus; ++cpu) {
      if (cpu)
        out += ", ";
      iu::format_value(&out, {}, iu::kNoType, data + cpu * stride, m.bpf.value_size, st);
    }
    out += ']';
    return out;
  }
};

size_t value_buf_size(const MapRef &m) {
  if (!is_percpu(m))
    return m.bpf.value_size;
  int cpus = libbpf_num_possible_cpus();
  return ((m.bpf.value_size + 7u) & ~size_t{7}) * static_cast<size_t>(cpus > 0 ? cpus : 1);
}

// DATA for size bytes from args[*i...] up to a keyword in stop.
int parse_data(const std::vector<std::string> &args, size_t *i, size_t size, const char *what,
               std::vector<uint8_t> *out, const std::vector<std::string> &stop) {
  std::vector<std::string> toks;
  bool hex = false;
  if (*i < args.size() && args[*i] == "hex") {
    hex = true;
    ++*i;
  }
  while (*i < args.size()) {
    bool is_stop = false;
    for (const std::string &s : stop)
      is_stop |= args[*i] == s;
    if (is_stop)
      break;
    toks.push_back(args[(*i)++]);
  }
  if (toks.empty())
    return usage_error(std::string("no ") + what + " given", "map");
  out->assign(size, 0);
  if (!hex && toks.size() == 1 && (size == 1 || size == 2 || size == 4 || size == 8)) {
    const std::string &t = toks[0];
    char *end = nullptr;
    errno = 0;
    uint64_t v;
    if (t[0] == '-') {
      long long s = strtoll(t.c_str(), &end, 0);
      v = static_cast<uint64_t>(s);
      if (!errno && *end == 0 && size < 8 && s < -(1ll << (size * 8 - 1)))
        errno = ERANGE;
    } else {
      v = strtoull(t.c_str(), &end, 0);
      if (!errno && *end == 0 && size < 8 && v >> (size * 8))
        errno = ERANGE;
    }
    if (errno || *end || t.empty())
      return fail(std::string(what) + " '" + t + "': not a number that fits " +
                  std::to_string(size) + " bytes");
    memcpy(out->data(), &v, size); // little-endian
    return 0;
  }
  if (toks.size() != size)
    return fail(std::string(what) + ": " + std::to_string(toks.size()) + " bytes given, the map's " +
                what + "s are " + std::to_string(size) + " bytes");
  for (size_t n = 0; n < size; ++n) {
    char *end = nullptr;
    errno = 0;
    unsigned long v = strtoul(toks[n].c_str(), &end, hex ? 16 : 0);
    if (errno || *end || toks[n].empty() || v > 255 || toks[n][0] == '-')
      return fail(std::string(what) + ": '" + toks[n] + "' is not a byte");
    (*out)[n] = static_cast<uint8_t>(v);
  }
  return 0;
}

Json map_list_json(const MapRef &m) {
  Json j = Json::object();
  j.add("id", Json::num(m.info.bpf_id));
  j.add("name", Json::str(map_name(m)));
  j.add("type", Json::str(iu_map_type_str(m.info.type)));
  j.add("object", Json::num(m.obj_id));
  j.add("index", Json::num(m.index));
  j.add("pinned", m.obj.flags & IU_OBJ_F_PINNED
                      ? Json::str(cstr(m.obj.pin_name, sizeof(m.obj.pin_name)))
                      : Json());
  j.add("key_size", Json::num(m.bpf.key_size));
  j.add("value_size", Json::num(m.bpf.value_size));
  j.add("max_entries", Json::num(m.bpf.max_entries));
  if (m.info.type == IU_MAP_EVENTS)
    j.add("dropped", Json::num(m.info.dropped));
  return j;
}

int map_list(const std::vector<std::string> &args) {
  if (!args.empty())
    return usage_error("map list takes no arguments", "map");
  std::vector<MapRef> maps;
  if (list_maps(&maps) < 0)
    return fail_last();
  if (g_opts.json) {
    Json a = Json::array();
    for (const MapRef &m : maps)
      a.push(map_list_json(m));
    emit_json(a);
    return 0;
  }
  std::string out;
  char buf[512];
  for (const MapRef &m : maps) {
    snprintf(buf, sizeof(buf), "%u: %s  name %s  object %u", m.info.bpf_id,
             iu_map_type_str(m.info.type), map_name(m).c_str(), m.obj_id);
    out += buf;
    if (m.obj.flags & IU_OBJ_F_PINNED)
      out += "  pinned " + cstr(m.obj.pin_name, sizeof(m.obj.pin_name));
    snprintf(buf, sizeof(buf), "\n\tkey %uB  value %uB  max_entries %u", m.bpf.key_size,
             m.bpf.value_size, m.bpf.max_entries);
    out += buf;
    if (m.info.type == IU_MAP_EVENTS)
      out += "  dropped " + std::to_string(m.info.dropped);
    out += "\n";
  }
  emit_text(out);
  return 0;
}

// Splits "--image IMAGE" off args.
int take_image(std::vector<std::string> *args, std::string *image) {
  for (size_t i = 0; i < args->size(); ++i) {
    if ((*args)[i] == "--image") {
      if (i + 1 >= args->size())
        return usage_error("--image needs an IMAGE", "map");
      *image = (*args)[i + 1];
      args->erase(args->begin() + i, args->begin() + i + 2);
      return 0;
    }
    if ((*args)[i].starts_with("--image=")) {
      *image = (*args)[i].substr(8);
      args->erase(args->begin() + i);
      return 0;
    }
  }
  return 0;
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0)
      close(fd);
  }
};

int map_dump(std::vector<std::string> args) {
  std::string image;
  if (int rc = take_image(&args, &image))
    return rc;
  size_t i = 0;
  MapRef m;
  if (int rc = resolve_map(args, &i, &m, "dump"))
    return rc;
  FdCloser closer{m.fd};
  if (i != args.size())
    return usage_error("map dump: unexpected '" + args[i] + "'", "map");
  if (m.info.type == IU_MAP_EVENTS)
    return fail("map '" + map_name(m) + "' is an events map: it has no entries (iu-load "
                "--events, or iu_map__poll_events, reads its records)");
  Formatter fmt;
  if (int rc = fmt.open(image, m))
    return rc;
  iu::ValueStyle st = g_opts.json ? iu::ValueStyle::Json : iu::ValueStyle::Text;
  std::vector<uint8_t> key(m.bpf.key_size), next(m.bpf.key_size), value(value_buf_size(m));
  std::vector<std::pair<std::string, std::string>> entries;
  bool have = false;
  // At most max_entries keys, even if the map changes under the walk.
  for (uint32_t n = 0; n < m.bpf.max_entries; ++n) {
    if (bpf_map_get_next_key(m.fd, have ? key.data() : nullptr, next.data()) != 0) {
      if (errno == ENOENT)
        break;
      return fail("map '" + map_name(m) + "': next key: " + strerror(errno));
    }
    key.swap(next);
    have = true;
    if (bpf_map_lookup_elem(m.fd, key.data(), value.data()) != 0) {
      if (errno == ENOENT)
        continue;
      return fail("map '" + map_name(m) + "': lookup: " + strerror(errno));
    }
    entries.emplace_back(fmt.key(m, key.data(), st), fmt.value(m, value.data(), st));
  }
  if (g_opts.json) {
    Json j = Json::object();
    j.add("id", Json::num(m.info.bpf_id)).add("name", Json::str(map_name(m)));
    j.add("type", Json::str(iu_map_type_str(m.info.type)));
    Json a = Json::array();
    for (auto &[k, v] : entries)
      a.push(Json::object().add("key", Json::raw(k)).add("value", Json::raw(v)));
    j.add("entries", a);
    emit_json(j);
    return 0;
  }
  std::string out = map_name(m) + " (" + iu_map_type_str(m.info.type) + "): " +
                    std::to_string(entries.size()) +
                    (entries.size() == 1 ? " entry\n" : " entries\n");
  for (auto &[k, v] : entries)
    out += "  key: " + k + "  value: " + v + "\n";
  emit_text(out);
  return 0;
}

int map_lookup(std::vector<std::string> args) {
  std::string image;
  if (int rc = take_image(&args, &image))
    return rc;
  size_t i = 0;
  MapRef m;
  if (int rc = resolve_map(args, &i, &m, "lookup"))
    return rc;
  FdCloser closer{m.fd};
  if (i >= args.size() || args[i] != "key")
    return usage_error("map lookup: expected key DATA", "map");
  ++i;
  if (m.info.type == IU_MAP_EVENTS)
    return fail("map '" + map_name(m) + "' is an events map: it has no keys");
  std::vector<uint8_t> key;
  if (int rc = parse_data(args, &i, m.bpf.key_size, "key", &key, {}))
    return rc;
  Formatter fmt;
  if (int rc = fmt.open(image, m))
    return rc;
  std::vector<uint8_t> value(value_buf_size(m));
  if (bpf_map_lookup_elem(m.fd, key.data(), value.data()) != 0) {
    if (errno == ENOENT)
      return fail("map '" + map_name(m) + "': no entry for key " +
                  fmt.key(m, key.data(), iu::ValueStyle::Text));
    return fail("map '" + map_name(m) + "': lookup: " + strerror(errno));
  }
  iu::ValueStyle st = g_opts.json ? iu::ValueStyle::Json : iu::ValueStyle::Text;
  if (g_opts.json)
    emit_json(Json::object()
                  .add("key", Json::raw(fmt.key(m, key.data(), st)))
                  .add("value", Json::raw(fmt.value(m, value.data(), st))));
  else
    emit_text("key: " + fmt.key(m, key.data(), st) + "  value: " + fmt.value(m, value.data(), st) +
              "\n");
  return 0;
}

// Writes go through the object's descriptor: iu.ko keeps keyed maps frozen
// to the bpf() system call.
int map_write(const MapRef &m, const std::vector<uint8_t> &key, const std::vector<uint8_t> *value,
              uint64_t flags) {
  int ofd = iu_kernel_obj_fd(m.obj_id);
  if (ofd < 0)
    return fail_last();
  FdCloser closer{ofd};
  iu_map_elem_args a{};
  a.map = m.index;
  a.key = reinterpret_cast<uintptr_t>(key.data());
  a.value = value ? reinterpret_cast<uintptr_t>(value->data()) : 0;
  a.flags = flags;
  int rc = ioctl(ofd, value ? IU_OBJ_MAP_UPDATE : IU_OBJ_MAP_DELETE, &a);
  if (rc != 0) {
    int e = errno;
    std::string why = strerror(e);
    if (e == EEXIST)
      why = "the key exists (noexist)";
    else if (e == ENOENT)
      why = value ? "no entry for the key (exist)" : "no entry for the key";
    else if (e == E2BIG)
      why = "the map is full, or the index is past its end";
    else if (e == EINVAL && !value && (m.info.type == IU_MAP_ARRAY ||
                                        m.info.type == IU_MAP_PERCPU_ARRAY))
      why = "an array's entries cannot be deleted";
    return fail("map '" + map_name(m) + "': " + (value ? "update" : "delete") + ": " + why);
  }
  return 0;
}

int map_update(const std::vector<std::string> &args) {
  size_t i = 0;
  MapRef m;
  if (int rc = resolve_map(args, &i, &m, "update"))
    return rc;
  FdCloser closer{m.fd};
  if (m.info.type == IU_MAP_EVENTS)
    return fail("map '" + map_name(m) + "' is an events map: it has no entries");
  if (i >= args.size() || args[i] != "key")
    return usage_error("map update: expected key DATA value DATA", "map");
  ++i;
  std::vector<uint8_t> key, one;
  if (int rc = parse_data(args, &i, m.bpf.key_size, "key", &key, {"value"}))
    return rc;
  if (i >= args.size() || args[i] != "value")
    return usage_error("map update: expected value DATA after the key", "map");
  ++i;
  if (int rc = parse_data(args, &i, m.bpf.value_size, "value", &one, {"any", "noexist", "exist"}))
    return rc;
  uint64_t flags = IU_MAP_ANY;
  if (i < args.size()) {
    const std::string &f = args[i++];
    flags = f == "noexist" ? IU_MAP_NOEXIST : f == "exist" ? IU_MAP_EXIST : IU_MAP_ANY;
  }
  if (i != args.size())
    return usage_error("map update: unexpected '" + args[i] + "'", "map");
  std::vector<uint8_t> value(value_buf_size(m));
  size_t stride = is_percpu(m) ? (m.bpf.value_size + 7u) & ~size_t{7} : value.size();
  for (size_t off = 0; off + m.bpf.value_size <= value.size(); off += stride)
    memcpy(value.data() + off, one.data(), m.bpf.value_size);
  if (int rc = map_write(m, key, &value, flags))
    return rc;
  if (g_opts.json)
    emit_json(Json::object().add("id", Json::num(m.info.bpf_id)).add("updated", Json::boolean(true)));
  return 0;
}

int map_delete(const std::vector<std::string> &args) {
  size_t i = 0;
  MapRef m;
  if (int rc = resolve_map(args, &i, &m, "delete"))
    return rc;
  FdCloser closer{m.fd};
  if (m.info.type == IU_MAP_EVENTS)
    return fail("map '" + map_name(m) + "' is an events map: it has no entries");
  if (i >= args.size() || args[i] != "key")
    return usage_error("map delete: expected key DATA", "map");
  ++i;
  std::vector<uint8_t> key;
  if (int rc = parse_data(args, &i, m.bpf.key_size, "key", &key, {}))
    return rc;
  if (int rc = map_write(m, key, nullptr, 0))
    return rc;
  if (g_opts.json)
    emit_json(Json::object().add("id", Json::num(m.info.bpf_id)).add("deleted", Json::boolean(true)));
  return 0;
}

int cmd_map(const std::vector<std::string> &args) {
  if (args.empty() || args[0] == "help") {
    fputs(kMapUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string &c = args[0];
  if (c == "list" || (c == "show" && rest.empty()))
    return map_list(rest);
  if (c == "dump")
    return map_dump(rest);
  if (c == "lookup")
    return map_lookup(rest);
  if (c == "update")
    return map_update(rest);
  if (c == "delete")
    return map_delete(rest);
  return usage_error("unknown map command '" + c + "'", "map");
}

// ---- iu stats ----

int stats_show(const std::vector<std::string> &args) {
  std::optional<uint32_t> only;
  if (args.size() > 1)
    return usage_error("stats show: too many arguments", "stats");
  if (args.size() == 1) {
    uint32_t id;
    if (!parse_u32(args[0], &id))
      return usage_error("stats show: '" + args[0] + "' is not a program id", "stats");
    only = id;
  }
  bool enabled = false;
  if (iu_kernel_stats(IU_STATS_QUERY, &enabled) < 0)
    return fail_last();
  std::vector<iu_prog_entry> progs;
  if (only) {
    iu_prog_entry e;
    if (iu_kernel_prog_info(*only, &e) < 0)
      return fail_last();
    progs.push_back(e);
  } else if (list_programs(&progs) < 0) {
    return fail_last();
  }
  auto avg = [](const iu_prog_entry &e) { return e.run_cnt ? e.run_time_ns / e.run_cnt : 0; };
  if (g_opts.json) {
    Json j = Json::object();
    j.add("enabled", Json::boolean(enabled));
    Json a = Json::array();
    for (const iu_prog_entry &e : progs) {
      Json p = Json::object();
      p.add("id", Json::num(e.id)).add("name", Json::str(cstr(e.name, sizeof(e.name))));
      p.add("object", Json::num(e.obj_id));
      p.add("invocations", Json::num(e.runs));
      p.add("measured", Json::num(e.run_cnt));
      p.add("run_time_ns", Json::num(e.run_time_ns));
      p.add("avg_ns", Json::num(avg(e)));
      p.add("panics", Json::num(e.panics - e.fuel_exhausted));
      p.add("fuel_exhausted", Json::num(e.fuel_exhausted));
      p.add("missed", Json::num(e.missed));
      if (e.last_panic.status) {
        Json lp = Json::object();
        lp.add("status", Json::str(e.last_panic.status == IU_RUN_FUEL ? "terminated" : "panicked"));
        lp.add("kind", Json::str(iu_panic_kind_str(e.last_panic.panic_kind)));
        lp.add("file", Json::str(cstr(e.last_panic.file, sizeof(e.last_panic.file))));
        lp.add("line", Json::num(e.last_panic.line));
        lp.add("message", Json::str(cstr(e.last_panic.msg, sizeof(e.last_panic.msg))));
        lp.add("text", Json::str(panic_text(e.last_panic)));
        p.add("last_panic", lp);
      } else {
        p.add("last_panic", Json());
      }
      a.push(p);
    }
    j.add("programs", a);
    emit_json(only ? a.items[0] : j);
    return 0;
  }
  std::string out;
  if (!only)
    out += std::string("statistics: ") + (enabled ? "enabled" : "disabled (iu stats enable)") + "\n";
  char buf[512];
  for (const iu_prog_entry &e : progs) {
    snprintf(buf, sizeof(buf),
             "%u: %s  object %u\n\tinvocations %" PRIu64 "  measured %" PRIu64
             "  run_time_ns %" PRIu64 "  avg_ns %" PRIu64 "\n\tpanics %" PRIu64
             "  fuel_exhausted %" PRIu64 "  missed %" PRIu64 "\n",
             e.id, cstr(e.name, sizeof(e.name)).c_str(), e.obj_id,
             static_cast<uint64_t>(e.runs), static_cast<uint64_t>(e.run_cnt),
             static_cast<uint64_t>(e.run_time_ns), static_cast<uint64_t>(avg(e)),
             static_cast<uint64_t>(e.panics - e.fuel_exhausted),
             static_cast<uint64_t>(e.fuel_exhausted), static_cast<uint64_t>(e.missed));
    out += buf;
    if (e.last_panic.status)
      out += "\tlast panic: " + panic_text(e.last_panic) + "\n";
  }
  emit_text(out);
  return 0;
}

int stats_set(bool on, const std::vector<std::string> &args) {
  if (!args.empty())
    return usage_error(std::string("stats ") + (on ? "enable" : "disable") +
                           " takes no arguments",
                       "stats");
  bool enabled = false;
  if (iu_kernel_stats(on ? IU_STATS_ENABLE : IU_STATS_DISABLE, &enabled) < 0)
    return fail_last();
  if (g_opts.json)
    emit_json(Json::object().add("enabled", Json::boolean(enabled)));
  else
    emit_text(std::string("statistics ") + (enabled ? "enabled" : "disabled") + "\n");
  return 0;
}

int cmd_stats(const std::vector<std::string> &args) {
  if (!args.empty() && args[0] == "help") {
    fputs(kStatsUsage, stdout);
    return 0;
  }
  if (args.empty())
    return stats_show({});
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string &c = args[0];
  if (c == "show" || c == "list")
    return stats_show(rest);
  if (c == "enable")
    return stats_set(true, rest);
  if (c == "disable")
    return stats_set(false, rest);
  return usage_error("unknown stats command '" + c + "'", "stats");
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args;
  bool help = false, dashdash = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (dashdash) {
      args.push_back(a);
    } else if (a == "--") {
      dashdash = true;
    } else if (a == "-j" || a == "--json") {
      g_opts.json = true;
    } else if (a == "-p" || a == "--pretty") {
      g_opts.json = g_opts.pretty = true;
    } else if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "-V" || a == "--version") {
      printf("iu %s\n", IU_VERSION);
      return 0;
    } else {
      args.push_back(a);
    }
  }
  static const std::map<std::string, const char *> usages = {
      {"prog", kProgUsage}, {"map", kMapUsage}, {"stats", kStatsUsage}};
  if (help) {
    auto it = args.empty() ? usages.end() : usages.find(args[0]);
    fputs(it == usages.end() ? kMainUsage : it->second, stdout);
    return 0;
  }
  if (args.empty()) {
    fputs(kMainUsage, stderr);
    return 2;
  }
  if (args[0] == "help") {
    fputs(kMainUsage, stdout);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "prog")
    return cmd_prog(rest);
  if (args[0] == "map")
    return cmd_map(rest);
  if (args[0] == "stats")
    return cmd_stats(rest);
  return usage_error("unknown object '" + args[0] + "' (prog, map or stats)");
}
