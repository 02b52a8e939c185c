#include "skeleton.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include <iu/abi.h>
#include <iu/types_section.h>

namespace iu::skeleton {
namespace {

// What every skeleton header shares, once per translation unit however
// many skeletons it includes (guarded by its version).
const char kSupport[] = R"(#ifndef IU_SKEL_SUPPORT_1
#define IU_SKEL_SUPPORT_1
// The skeletons' shared support (iu-gen-skeleton, version 1).
namespace iu_skel {

// A failed libiu call: what() is libiu's one-line reason, code() the errno.
class error : public ::std::runtime_error {
public:
  error(int code, const ::std::string &what) : ::std::runtime_error(what), code_(code) {}
  int code() const noexcept { return code_; }

private:
  int code_;
};

[[noreturn]] inline void fail(int err, const ::std::string &what) {
  if (err < 0)
    err = -err;
  const char *detail = ::iu_last_error();
  throw error(err, what + ": " + (detail && *detail ? detail : ::iu_strerror(err)));
}

// iu::array<char, N> (and char[N]): a string of at most N bytes, NUL-padded.
template <::std::size_t N> struct chars {
  char value[N] = {};
  chars() = default;
  chars(const char *s) { assign(s); }
  chars(const ::std::string &s) { assign(s); }
  chars &operator=(const char *s) { return assign(s); }
  chars &operator=(const ::std::string &s) { return assign(s); }
  chars &assign(::std::string_view s) {
    if (s.size() > N)
      throw error(EINVAL, "a string of " + ::std::to_string(s.size()) +
                              " bytes does not fit in " + ::std::to_string(N));
    ::std::memset(value, 0, N);
    ::std::memcpy(value, s.data(), s.size());
    return *this;
  }
  // Up to the first NUL.
  ::std::string str() const {
    ::std::size_t n = 0;
    while (n < N && value[n])
      ++n;
    return ::std::string(value, n);
  }
  friend bool operator==(const chars &a, const chars &b) { return ::std::memcmp(a.value, b.value, N) == 0; }
  friend bool operator!=(const chars &a, const chars &b) { return !(a == b); }
};

// A type whose name the image does not give (unnamed, or the runtime's
// own): its bytes.
template <::std::size_t N> using bytes = ::std::array<unsigned char, N>;

// A keyed map (array, hash, LRU hash): copies in and out through libiu.
template <class K, class V> class map {
public:
  using key_type = K;
  using value_type = V;
  map() = default;
  explicit map(::iu_map *m) : m_(m) {}
  ::iu_map *raw() const { return m_; }
  const char *name() const { return ::iu_map__name(m_); }

  // The value, or nullopt when the key is absent.
  ::std::optional<V> lookup(const K &key) const {
    V value{};
    int rc = ::iu_map__lookup_elem(m_, &key, sizeof(K), &value, sizeof(V), 0);
    if (rc == -ENOENT)
      return ::std::nullopt;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": lookup");
    return value;
  }
  // IU_MAP_ANY, IU_MAP_NOEXIST or IU_MAP_EXIST. Returns 0, or a negative
  // errno: -EEXIST, -ENOENT, -E2BIG (the map is full).
  int update(const K &key, const V &value, ::std::uint64_t flags = IU_MAP_ANY) const {
    return ::iu_map__update_elem(m_, &key, sizeof(K), &value, sizeof(V), flags);
  }
  // false when the key was absent.
  bool erase(const K &key) const {
    int rc = ::iu_map__delete_elem(m_, &key, sizeof(K), 0);
    if (rc == -ENOENT)
      return false;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": erase");
    return true;
  }
  // The key after *after (the first key when after is null), or nullopt.
  ::std::optional<K> next_key(const K *after) const {
    K next{};
    int rc = ::iu_map__get_next_key(m_, after, &next, sizeof(K));
    if (rc == -ENOENT)
      return ::std::nullopt;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": next key");
    return next;
  }
  ::std::vector<K> keys() const {
    ::std::vector<K> out;
    for (::std::optional<K> k = next_key(nullptr); k; k = next_key(&*k))
      out.push_back(*k);
    return out;
  }
  ::std::vector<::std::pair<K, V>> entries() const {
    ::std::vector<::std::pair<K, V>> out;
    for (const K &k : keys())
      if (::std::optional<V> v = lookup(k))
        out.emplace_back(k, *v);
    return out;
  }

private:
  ::iu_map *m_ = nullptr;
};

// A per-CPU map: one value per CPU (iu_num_cpus() of them).
template <class K, class V> class percpu_map {
public:
  using key_type = K;
  using value_type = V;
  percpu_map() = default;
  explicit percpu_map(::iu_map *m) : m_(m) {}
  ::iu_map *raw() const { return m_; }
  const char *name() const { return ::iu_map__name(m_); }
  static int cpus() { return ::iu_num_cpus(); }

  // Every CPU's value, or nullopt when the key is absent.
  ::std::optional<::std::vector<V>> lookup(const K &key) const {
    ::std::vector<unsigned char> buf(slots() * kStride);
    int rc = ::iu_map__lookup_elem(m_, &key, sizeof(K), buf.data(), buf.size(), 0);
    if (rc == -ENOENT)
      return ::std::nullopt;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": lookup");
    ::std::vector<V> out(slots());
    for (::std::size_t i = 0; i < out.size(); ++i)
      ::std::memcpy(&out[i], buf.data() + i * kStride, sizeof(V));
    return out;
  }
  // The values of all CPUs added up (integer values only).
  template <class W = V>
  ::std::optional<W> sum(const K &key) const {
    static_assert(::std::is_integral_v<W>, "sum() adds up integer values");
    ::std::optional<::std::vector<V>> v = lookup(key);
    if (!v)
      return ::std::nullopt;
    W total = 0;
    for (const V &x : *v)
      total += x;
    return total;
  }
  // One value per CPU (values.size() == cpus()), as libbpf's per-CPU update.
  int update(const K &key, const ::std::vector<V> &values, ::std::uint64_t flags = IU_MAP_ANY) const {
    if (values.size() != slots())
      return -EINVAL;
    ::std::vector<unsigned char> buf(slots() * kStride);
    for (::std::size_t i = 0; i < values.size(); ++i)
      ::std::memcpy(buf.data() + i * kStride, &values[i], sizeof(V));
    return ::iu_map__update_elem(m_, &key, sizeof(K), buf.data(), buf.size(), flags);
  }
  bool erase(const K &key) const {
    int rc = ::iu_map__delete_elem(m_, &key, sizeof(K), 0);
    if (rc == -ENOENT)
      return false;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": erase");
    return true;
  }
  ::std::optional<K> next_key(const K *after) const {
    K next{};
    int rc = ::iu_map__get_next_key(m_, after, &next, sizeof(K));
    if (rc == -ENOENT)
      return ::std::nullopt;
    if (rc < 0)
      fail(rc, ::std::string("map ") + name() + ": next key");
    return next;
  }
  ::std::vector<K> keys() const {
    ::std::vector<K> out;
    for (::std::optional<K> k = next_key(nullptr); k; k = next_key(&*k))
      out.push_back(*k);
    return out;
  }
  ::std::vector<::std::pair<K, ::std::vector<V>>> entries() const {
    ::std::vector<::std::pair<K, ::std::vector<V>>> out;
    for (const K &k : keys())
      if (::std::optional<::std::vector<V>> v = lookup(k))
        out.emplace_back(k, *v);
    return out;
  }

private:
  static constexpr ::std::size_t kStride = (sizeof(V) + 7) / 8 * 8;
  static ::std::size_t slots() {
    int n = cpus();
    return n > 0 ? static_cast<::std::size_t>(n) : 1;
  }
  ::iu_map *m_ = nullptr;
};

// An events channel (iu::events<T>): records of T, in order per CPU.
template <class T> class events {
public:
  using value_type = T;
  events() = default;
  explicit events(::iu_map *m) : m_(m) {}
  ::iu_map *raw() const { return m_; }
  const char *name() const { return ::iu_map__name(m_); }

  // Calls fn(const T &) -- or fn(int cpu, const T &) -- for each record
  // that is ready, waiting up to timeout_ms for the first (0: do not wait,
  // -1: forever). fn may return void, or an int: non-zero stops the poll
  // and is returned. Otherwise returns the number of records handled.
  template <class F> int poll(F &&fn, int timeout_ms = 0) const {
    holder<::std::remove_reference_t<F>> h{fn};
    int rc = ::iu_map__poll_events(m_, timeout_ms, &call<::std::remove_reference_t<F>>, &h);
    if (h.stopped)
      return h.stopped;
    if (h.short_record)
      throw error(EBADMSG, ::std::string("events ") + name() + ": a record of " +
                               ::std::to_string(h.short_record) + " bytes, not " +
                               ::std::to_string(sizeof(T)));
    if (rc < 0)
      fail(rc, ::std::string("events ") + name() + ": poll");
    return rc;
  }
  // Records dropped because a buffer was full, so far.
  ::std::uint64_t lost() const { return ::iu_map__events_lost(m_); }
  // Readable when poll has work (for epoll).
  int fd() const { return ::iu_map__events_fd(m_); }

private:
  template <class Fn> struct holder {
    Fn &fn;
    int stopped = 0;
    ::std::size_t short_record = 0;
  };
  template <class Fn> static int call(void *ctx, int cpu, const void *data, ::std::size_t size) {
    auto &h = *static_cast<holder<Fn> *>(ctx);
    if (size < sizeof(T)) {
      h.short_record = size ? size : 1;
      return -EBADMSG;
    }
    T value;
    ::std::memcpy(&value, data, sizeof(T));
    int rc = 0;
    if constexpr (::std::is_invocable_v<Fn &, int, const T &>) {
      if constexpr (::std::is_void_v<::std::invoke_result_t<Fn &, int, const T &>>)
        h.fn(cpu, value);
      else
        rc = static_cast<int>(h.fn(cpu, value));
    } else {
      if constexpr (::std::is_void_v<::std::invoke_result_t<Fn &, const T &>>)
        h.fn(value);
      else
        rc = static_cast<int>(h.fn(value));
    }
    if (rc)
      h.stopped = rc;
    return rc;
  }
  ::iu_map *m_ = nullptr;
};

} // namespace iu_skel
#endif // IU_SKEL_SUPPORT_1
)";

bool is_identifier(const std::string &s) {
  if (s.empty() || !(isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  for (char c : s)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return true;
}

// A C++ string literal for s (paths may hold anything).
std::string literal(const std::string &s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20 || c > 0x7e || c == '?') {
      char buf[8];
      snprintf(buf, sizeof(buf), "\\%03o", c);
      o += buf;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

std::string plural(uint64_t n, const char *one) {
  return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
}

class Generator {
public:
  Generator(const Image &image, const Options &opts) : img_(image), opts_(opts) {}
  bool run(std::string *out, std::string *error);

private:
  const TypeDesc &type(uint32_t i) const { return img_.types[i]; }
  // A type the user's shared header defines and the skeleton names.
  bool user_named(const TypeDesc &t) const {
    return (t.kind == TypeDesc::Struct || t.kind == TypeDesc::Enum) && !t.name.empty() &&
           t.name.rfind("iu::", 0) != 0;
  }
  std::string cpp(uint32_t i);
  void expect(uint32_t i, const std::string &use);
  void asserts(uint32_t i, std::set<uint32_t> *done, std::string *o);

  const Image &img_;
  const Options &opts_;
  // user-named types in the order first met, with what uses them
  std::vector<uint32_t> expected_;
  std::map<uint32_t, std::vector<std::string>> uses_;
};

// The C++ type the skeleton uses for a recorded type: the user's for
// structs and enums, standard ones for the rest.
std::string Generator::cpp(uint32_t i) {
  const TypeDesc &t = type(i);
  switch (t.kind) {
  case TypeDesc::Int:
    return std::string(t.is_signed ? "::std::int" : "::std::uint") + std::to_string(t.size * 8) +
           "_t";
  case TypeDesc::Bool:
    return "bool";
  case TypeDesc::Chars:
    return "::iu_skel::chars<" + std::to_string(t.size) + ">";
  case TypeDesc::Array:
    return "::std::array<" + cpp(t.elem) + ", " + std::to_string(t.count) + ">";
  case TypeDesc::Enum:
    if (user_named(t))
      return "::" + t.name;
    return std::string(t.is_signed ? "::std::int" : "::std::uint") + std::to_string(t.size * 8) +
           "_t";
  case TypeDesc::Struct:
    if (user_named(t))
      return "::" + t.name;
    return "::iu_skel::bytes<" + std::to_string(t.size) + ">";
  }
  return "void";
}

// Notes that use needs type i (and whatever it holds).
void Generator::expect(uint32_t i, const std::string &use) {
  const TypeDesc &t = type(i);
  if (t.kind == TypeDesc::Array) {
    expect(t.elem, use);
    return;
  }
  if (!user_named(t))
    return;
  if (!uses_.count(i))
    expected_.push_back(i);
  std::vector<std::string> &u = uses_[i];
  if (std::find(u.begin(), u.end(), use) == u.end())
    u.push_back(use);
}

// static_asserts that the user's type i has the recorded layout: its size,
// and each field's offset and size, for it and the named structs inside it.
void Generator::asserts(uint32_t i, std::set<uint32_t> *done, std::string *o) {
  const TypeDesc &t = type(i);
  if (t.kind == TypeDesc::Array) {
    asserts(t.elem, done, o);
    return;
  }
  if (!user_named(t) || !done->insert(i).second)
    return;
  std::string alias = "t" + std::to_string(i);
  std::string why = "\"" + t.name + ": the extension's layout differs (regenerate the skeleton, " +
                    "or include the header the extension was built with)\"";
  *o += "using " + alias + " = ::" + t.name + ";\n";
  *o += "static_assert(sizeof(" + alias + ") == " + std::to_string(t.size) + ", " + why + ");\n";
  if (t.kind == TypeDesc::Enum) {
    *o += "static_assert(::std::is_enum_v<" + alias + ">, " + why + ");\n";
    return;
  }
  *o += "static_assert(::std::is_trivially_copyable_v<" + alias + ">, " + why + ");\n";
  for (const TypeDesc::Field &f : t.fields) {
    *o += "static_assert(offsetof(" + alias + ", " + f.name + ") == " + std::to_string(f.offset) +
          " && sizeof(" + alias + "::" + f.name + ") == " + std::to_string(type(f.type).size) +
          ", " + why + ");\n";
  }
  for (const TypeDesc::Field &f : t.fields)
    asserts(f.type, done, o);
}

bool Generator::run(std::string *out, std::string *error) {
  const std::string cls = opts_.name + "_skel";
  // Every map and configuration needs its layout.
  for (const Map &m : img_.maps) {
    bool events = m.type == IU_MAP_EVENTS;
    if (m.value_type == kNoType || (!events && m.key_type == kNoType)) {
      *error = "the image records no layout for map '" + m.name +
               "' (was it built by an iu-cc without .iu.types?)";
      return false;
    }
    if (!is_identifier(m.name)) {
      *error = "map name '" + m.name + "' is not a C++ identifier";
      return false;
    }
  }
  for (const ConfigVar &c : img_.configs)
    if (c.type == kNoType) {
      *error = "the image records no layout for configuration '" + c.name +
               "' (was it built by an iu-cc without .iu.types?)";
      return false;
    }
  for (const Program &p : img_.programs)
    if (!is_identifier(p.name)) {
      *error = "program name '" + p.name + "' is not a C++ identifier";
      return false;
    }

  std::vector<const Map *> channels;
  for (const Map &m : img_.maps) {
    if (m.type == IU_MAP_EVENTS) {
      channels.push_back(&m);
      expect(m.value_type, "records of events channel " + m.name);
    } else {
      expect(m.key_type, "key of map " + m.name);
      expect(m.value_type, "value of map " + m.name);
    }
  }
  for (const ConfigVar &c : img_.configs)
    expect(c.type, "configuration " + c.name);

  std::string o;
  o += "// " + opts_.name + ".skel.hpp: a typed C++ interface to the iu image " +
       opts_.image_path + ",\n// generated by iu-gen-skeleton from the layouts the image " +
       "records. Do not edit:\n// regenerate it when the extension changes.\n//\n";
  if (!expected_.empty()) {
    o += "// It names these types of yours: include the header the extension shares\n"
         "// with user space before this one. Their layout is checked below.\n";
    for (uint32_t i : expected_) {
      const TypeDesc &t = type(i);
      o += "//   " + t.name + " (" + type_kind_name(t.kind) + ", " + plural(t.size, "byte") +
           "): ";
      const std::vector<std::string> &u = uses_[i];
      for (size_t k = 0; k < u.size(); ++k)
        o += (k ? ", " : "") + u[k];
      o += "\n";
    }
    o += "//\n";
  }
  o += "//   auto s = " + cls + "::open();    // " + opts_.image_path + ", or a path you give\n";
  if (!img_.configs.empty())
    o += "//   s.config." + img_.configs.front().name + " = ...;\n";
  o += "//   s.load();\n//   s.attach();\n";
  for (const Map &m : img_.maps)
    if (m.type != IU_MAP_EVENTS) {
      o += "//   s.maps." + m.name + ".lookup(key);\n";
      break;
    }
  if (!channels.empty())
    o += "//   s.events." + std::string(channels.size() == 1 ? "" : channels.front()->name + ".") +
         "poll([](const auto &record) { ... });\n";
  o += "//\n// Errors of libiu are thrown as iu_skel::error (what(): libiu's reason).\n";
  o += "#pragma once\n\n#include <iu/abi.h>\n#include <iu/libiu.h>\n\n";
  for (const char *h : {"array", "cerrno", "cstddef", "cstdint", "cstring", "optional",
                        "stdexcept", "string", "string_view", "type_traits", "utility", "vector"})
    o += std::string("#include <") + h + ">\n";
  o += "\n";
  o += kSupport;
  o += "\n";

  std::string checks;
  std::set<uint32_t> done;
  for (uint32_t i : expected_)
    asserts(i, &done, &checks);
  if (!checks.empty())
    o += "namespace " + cls + "_layout {\n" + checks + "} // namespace " + cls + "_layout\n\n";

  o += "class " + cls + " {\npublic:\n";
  o += "  static constexpr const char *default_image = " + literal(opts_.image_path) + ";\n\n";
  o += "  // Opens the image (verifying its signature) on the backend opts chooses.\n";
  o += "  static " + cls +
       " open(const char *path = default_image, const ::iu_object_open_opts *opts = nullptr) {\n"
       "    " + cls + " s;\n"
       "    s.obj_ = ::iu_object__open_file(path, opts);\n"
       "    if (!s.obj_)\n"
       "      ::iu_skel::fail(errno, ::std::string(\"cannot open \") + path);\n"
       "    s.bind();\n"
       "    return s;\n  }\n\n";
  o += "  " + cls + "(" + cls + " &&other) noexcept { take(other); }\n";
  o += "  " + cls + " &operator=(" + cls + " &&other) noexcept {\n"
       "    if (this != &other) {\n      destroy();\n      take(other);\n    }\n"
       "    return *this;\n  }\n";
  o += "  " + cls + "(const " + cls + " &) = delete;\n";
  o += "  " + cls + " &operator=(const " + cls + " &) = delete;\n";
  o += "  ~" + cls + "() { destroy(); }\n\n";

  o += "  // Sets the configuration from this->config, then loads the image.\n";
  o += "  void load() {\n";
  for (const ConfigVar &c : img_.configs)
    o += "    set_config(" + literal(c.name) + ", &config." + c.name + ", sizeof(config." + c.name +
         "));\n";
  o += "    if (int rc = ::iu_object__load(obj_); rc < 0)\n"
       "      ::iu_skel::fail(rc, \"cannot load " + opts_.image_path + "\");\n  }\n\n";
  o += "  // Attaches every program not attached yet whose autoload is on\n"
       "  // (iu_program__set_autoload; links.<program>).\n";
  o += "  void attach() {\n";
  for (const Program &p : img_.programs)
    o += "    if (!links." + p.name + " && ::iu_program__autoload(progs." + p.name +
         ") &&\n        !(links." + p.name + " = ::iu_program__attach(progs." + p.name +
         ")))\n      ::iu_skel::fail(errno, \"cannot attach " + p.name + "\");\n";
  o += "  }\n";
  o += "  void detach() {\n";
  for (const Program &p : img_.programs)
    o += "    if (links." + p.name + ")\n      ::iu_link__destroy(::std::exchange(links." + p.name +
         ", nullptr));\n";
  o += "  }\n\n";
  o += "  // Runs a command while the attached programs fire (iu_object__run_command);\n"
       "  // returns its exit status.\n";
  o += "  int run(const ::std::vector<::std::string> &argv, const ::iu_run_opts *opts = nullptr) {\n"
       "    ::std::vector<char *> args;\n"
       "    for (const ::std::string &a : argv)\n"
       "      args.push_back(const_cast<char *>(a.c_str()));\n"
       "    args.push_back(nullptr);\n"
       "    int rc = ::iu_object__run_command(obj_, args.data(), opts);\n"
       "    if (rc < 0)\n"
       "      ::iu_skel::fail(rc, \"cannot run \" + (argv.empty() ? ::std::string() : argv[0]));\n"
       "    return rc;\n  }\n\n";
  o += "  ::iu_object *object() const { return obj_; }\n\n";

  o += "  // Load-time configuration (IU_CONFIG): the image's defaults until set.\n";
  o += "  struct {\n";
  for (const ConfigVar &c : img_.configs)
    o += "    " + cpp(c.type) + " " + c.name + "{};\n";
  o += "  } config;\n\n";
  o += "  // Maps (IU_MAP), usable after load.\n";
  o += "  struct {\n";
  for (const Map &m : img_.maps) {
    std::string t;
    if (m.type == IU_MAP_EVENTS)
      t = "::iu_skel::events<" + cpp(m.value_type) + ">";
    else if (m.type == IU_MAP_PERCPU_ARRAY || m.type == IU_MAP_PERCPU_HASH)
      t = "::iu_skel::percpu_map<" + cpp(m.key_type) + ", " + cpp(m.value_type) + ">";
    else
      t = "::iu_skel::map<" + cpp(m.key_type) + ", " + cpp(m.value_type) + ">";
    o += "    " + t + " " + m.name + ";\n";
  }
  o += "  } maps;\n\n";
  if (!channels.empty()) {
    o += "  // The events channels (also in maps).\n";
    o += "  struct {\n";
    for (const Map *m : channels)
      o += "    ::iu_skel::events<" + cpp(m->value_type) + "> " + m->name + ";\n";
    if (channels.size() == 1 && channels[0]->name != "poll" && channels[0]->name != "lost") {
      const std::string &n = channels[0]->name;
      o += "    // The one channel's poll and drop count.\n";
      o += "    template <class F> int poll(F &&fn, int timeout_ms = 0) const {\n"
           "      return " + n + ".poll(::std::forward<F>(fn), timeout_ms);\n    }\n";
      o += "    ::std::uint64_t lost() const { return " + n + ".lost(); }\n";
    }
    o += "  } events;\n\n";
  }
  o += "  // Programs, and their links once attached.\n";
  o += "  struct {\n";
  for (const Program &p : img_.programs)
    o += "    ::iu_program *" + p.name + " = nullptr;\n";
  o += "  } progs;\n";
  o += "  struct {\n";
  for (const Program &p : img_.programs)
    o += "    ::iu_link *" + p.name + " = nullptr;\n";
  o += "  } links;\n\n";

  o += "private:\n";
  o += "  " + cls + "() = default;\n\n";
  o += "  void bind() {\n";
  for (const ConfigVar &c : img_.configs)
    o += "    if (int rc = ::iu_object__get_config(obj_, " + literal(c.name) + ", &config." + c.name +
         ", sizeof(config." + c.name + ")); rc < 0)\n      ::iu_skel::fail(rc, \"configuration " +
         c.name + "\");\n";
  for (const Map &m : img_.maps) {
    o += "    maps." + m.name + " = decltype(maps." + m.name + ")(find_map(" + literal(m.name) +
         "));\n";
    if (m.type == IU_MAP_EVENTS)
      o += "    events." + m.name + " = maps." + m.name + ";\n";
  }
  for (const Program &p : img_.programs)
    o += "    progs." + p.name + " = find_program(" + literal(p.name) + ");\n";
  o += "  }\n";
  o += "  ::iu_map *find_map(const char *name) const {\n"
       "    ::iu_map *m = ::iu_object__find_map_by_name(obj_, name);\n"
       "    if (!m)\n"
       "      throw ::iu_skel::error(ENOENT, ::std::string(\"no map \") + name + "
       "\" in the image: regenerate the skeleton\");\n"
       "    return m;\n  }\n";
  o += "  ::iu_program *find_program(const char *name) const {\n"
       "    ::iu_program *p = ::iu_object__find_program_by_name(obj_, name);\n"
       "    if (!p)\n"
       "      throw ::iu_skel::error(ENOENT, ::std::string(\"no program \") + name + "
       "\" in the image: regenerate the skeleton\");\n"
       "    return p;\n  }\n";
  o += "  void set_config(const char *name, const void *value, ::std::size_t size) {\n"
       "    if (int rc = ::iu_object__set_config(obj_, name, value, size); rc < 0)\n"
       "      ::iu_skel::fail(rc, ::std::string(\"configuration \") + name);\n  }\n";
  o += "  void take(" + cls + " &other) noexcept {\n"
       "    config = other.config;\n    maps = other.maps;\n";
  if (!channels.empty())
    o += "    events = other.events;\n";
  o += "    progs = other.progs;\n    links = ::std::exchange(other.links, {});\n"
       "    obj_ = ::std::exchange(other.obj_, nullptr);\n  }\n";
  o += "  void destroy() noexcept {\n    detach();\n    ::iu_object__close(obj_);\n"
       "    obj_ = nullptr;\n  }\n\n";
  o += "  ::iu_object *obj_ = nullptr;\n};\n";
  *out = std::move(o);
  return true;
}

// ---- The readable dump ----

class Dumper {
public:
  explicit Dumper(const Image &image) : img_(image) {}

  std::string line(uint32_t i) const {
    if (i == kNoType || i >= img_.types.size())
      return "(no recorded layout)";
    const TypeDesc &t = img_.types[i];
    std::string kind = type_kind_name(t.kind);
    std::string s = kind + (t.name == kind ? "" : " " + (t.name.empty() ? "(unnamed)" : t.name)) +
                    ", " + plural(t.size, "byte");
    if (t.kind == TypeDesc::Int || t.kind == TypeDesc::Enum)
      s += t.is_signed ? ", signed" : ", unsigned";
    if (t.kind == TypeDesc::Array)
      s += ", " + std::to_string(t.count) + " x " + line(t.elem);
    return s;
  }
  // The fields of the structs inside type i, indented.
  void body(uint32_t i, const std::string &indent, std::string *o) const {
    if (i == kNoType || i >= img_.types.size())
      return;
    const TypeDesc &t = img_.types[i];
    if (t.kind == TypeDesc::Array) {
      body(t.elem, indent, o);
      return;
    }
    for (const TypeDesc::Field &f : t.fields) {
      *o += indent + "+" + std::to_string(f.offset) + " " + f.name + ": " + line(f.type) + "\n";
      body(f.type, indent + "  ", o);
    }
  }

private:
  const Image &img_;
};

} // namespace

bool generate(const Image &image, const Options &opts, std::string *out, std::string *error) {
  if (!is_identifier(opts.name)) {
    *error = "'" + opts.name + "' is not a C++ identifier (give one with --name)";
    return false;
  }
  return Generator(image, opts).run(out, error);
}

std::string dump_types(const Image &image) {
  Dumper d(image);
  std::string o;
  for (const Map &m : image.maps) {
    o += "map " + m.name + ": " + map_type_name(m.type);
    if (m.type != IU_MAP_EVENTS)
      o += ", " + std::to_string(m.max_entries) + (m.max_entries == 1 ? " entry" : " entries");
    o += "\n";
    if (m.type != IU_MAP_EVENTS) {
      o += "  key: " + d.line(m.key_type) + "\n";
      d.body(m.key_type, "    ", &o);
    }
    o += std::string("  ") + (m.type == IU_MAP_EVENTS ? "record" : "value") + ": " +
         d.line(m.value_type) + "\n";
    d.body(m.value_type, "    ", &o);
  }
  for (const ConfigVar &c : image.configs) {
    o += "config " + c.name + ": " + d.line(c.type) + "\n";
    d.body(c.type, "  ", &o);
  }
  return o;
}

std::string name_from_path(const std::string &path) {
  std::string base = path.substr(path.rfind('/') + 1);
  if (size_t dot = base.find('.'); dot != std::string::npos && dot > 0)
    base = base.substr(0, dot);
  std::string out;
  for (char c : base)
    out += isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || isdigit(static_cast<unsigned char>(out[0])))
    out = "_" + out;
  return out;
}

} // namespace iu::skeleton
