#include "stack_bound.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <elf.h>
#include <map>
#include <set>

#include <iu/abi.h>
#include <iu/object_file.h>

#include "symbol_names.h"

namespace iucc {
namespace {

constexpr uint32_t kReturnAddress = 8;

// One function of the whole program. Global symbols of the same name in
// several objects (inline functions in COMDAT groups) are one node.
struct Node {
  std::string name;        // symbol name
  bool defined = false;
  bool has_frame = false;
  uint64_t frame = 0;      // .stack_sizes value (bytes below the return address)
  std::set<size_t> callees;
};

struct Graph {
  std::vector<Node> nodes;
  std::map<std::string, size_t> globals;
  std::vector<std::pair<std::string, size_t>> entries; // program name, entry node

  size_t global(const std::string &name) {
    auto [it, inserted] = globals.emplace(name, nodes.size());
    if (inserted) {
      nodes.push_back(Node{});
      nodes.back().name = name;
    }
    return it->second;
  }
  size_t local(const std::string &name) {
    nodes.push_back(Node{});
    nodes.back().name = name;
    return nodes.size() - 1;
  }
};

// Adds one relocatable object to the graph: its functions, the calls its
// code makes (any relocation in a function's code that refers to another
// function), their frame sizes (.stack_sizes) and the program entries
// (.iu.progs).
class GraphBuilder {
public:
  GraphBuilder(const iu::ObjectFile &obj, Graph *g)
      : obj_(obj), g_(g), functions_(obj.sections.size()), nodes_(obj.symbols.size(), SIZE_MAX) {}

  bool add(std::string *error) {
    for (size_t i = 0; i < obj_.symbols.size(); ++i) {
      const iu::ObjectSymbol &sym = obj_.symbols[i];
      if (sym.type != STT_FUNC || sym.section == SHN_UNDEF || sym.section >= functions_.size())
        continue;
      nodes_[i] = sym.bind == STB_LOCAL ? g_->local(sym.name) : g_->global(sym.name);
      g_->nodes[nodes_[i]].defined = true;
      functions_[sym.section].push_back(i);
    }
    for (size_t i = 0; i < obj_.sections.size(); ++i) {
      const iu::ObjectSection &sec = obj_.sections[i];
      if (sec.relocations.empty())
        continue;
      bool ok = true;
      if (sec.flags & SHF_EXECINSTR)
        ok = add_calls(i, error);
      else if (sec.name == ".stack_sizes")
        ok = add_stack_sizes(sec, error);
      else if (sec.name == ".iu.progs")
        ok = add_programs(sec, error);
      if (!ok)
        return false;
    }
    return true;
  }

private:
  bool fail(std::string *error, const std::string &msg) {
    *error = obj_.name + ": " + msg;
    return false;
  }

  // The function of section shndx that contains offset, or SIZE_MAX.
  size_t function_at(size_t shndx, uint64_t offset) const {
    for (size_t si : functions_[shndx]) {
      const iu::ObjectSymbol &s = obj_.symbols[si];
      if (offset >= s.value && (offset < s.value + s.size || (s.size == 0 && offset == s.value)))
        return nodes_[si];
    }
    return SIZE_MAX;
  }

  // The function nodes a relocation refers to (empty: not a function).
  std::vector<size_t> targets(const iu::ObjectRelocation &r, bool pc_relative) {
    if (r.symbol == 0 || r.symbol >= obj_.symbols.size())
      return {};
    const iu::ObjectSymbol &s = obj_.symbols[r.symbol];
    if (s.section == SHN_UNDEF) {
      if (s.name.empty())
        return {};
      return {g_->global(s.name)}; // another object, the runtime or a helper
    }
    if (nodes_[r.symbol] != SIZE_MAX)
      return {nodes_[r.symbol]};
    if (s.type != STT_SECTION || s.section >= obj_.sections.size() ||
        !(obj_.sections[s.section].flags & SHF_EXECINSTR))
      return {}; // data
    // A section symbol plus an offset: for a call, S + A - P points at the
    // target when A is -4 (the field ends the instruction).
    int64_t off = r.addend + (pc_relative ? 4 : 0);
    size_t f = off >= 0 ? function_at(s.section, static_cast<uint64_t>(off)) : SIZE_MAX;
    if (f != SIZE_MAX)
      return {f};
    std::vector<size_t> all; // unknown point in code: every function there
    for (size_t fi : functions_[s.section])
      all.push_back(nodes_[fi]);
    return all;
  }

  static bool is_pc_relative(uint32_t type) {
    return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_GOTPCREL ||
           type == R_X86_64_GOTPCRELX || type == R_X86_64_REX_GOTPCRELX;
  }

  bool add_calls(size_t code, std::string *error) {
    for (const iu::ObjectRelocation &r : obj_.sections[code].relocations) {
      size_t from = function_at(code, r.offset);
      if (from == SIZE_MAX) {
        if (functions_[code].empty())
          continue; // code outside any function symbol: nothing calls into it
        return fail(error, "relocation outside any function in " + obj_.sections[code].name);
      }
      for (size_t to : targets(r, is_pc_relative(r.type))) {
        // A reference into the function's own code is a label, not a call.
        if (to == from && obj_.symbols[r.symbol].type == STT_SECTION)
          continue;
        g_->nodes[from].callees.insert(to);
      }
    }
    return true;
  }

  static std::map<uint64_t, const iu::ObjectRelocation *> by_offset(const iu::ObjectSection &sec) {
    std::map<uint64_t, const iu::ObjectRelocation *> out;
    for (const iu::ObjectRelocation &r : sec.relocations)
      out[r.offset] = &r;
    return out;
  }

  // Entries: an 8-byte function address (a relocation here), then the
  // frame size as ULEB128.
  bool add_stack_sizes(const iu::ObjectSection &sec, std::string *error) {
    auto relocs = by_offset(sec);
    const uint8_t *p = sec.bytes.data();
    size_t n = sec.bytes.size(), off = 0;
    if (n == 0)
      return fail(error, "malformed .stack_sizes");
    while (off < n) {
      if (n - off < 8)
        return fail(error, "malformed .stack_sizes");
      auto it = relocs.find(off);
      off += 8;
      uint64_t size = 0;
      unsigned shift = 0;
      for (;;) {
        if (off >= n || shift > 63)
          return fail(error, "malformed .stack_sizes");
        uint8_t b = p[off++];
        size |= static_cast<uint64_t>(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
          break;
      }
      if (it == relocs.end())
        return fail(error, ".stack_sizes entry without a function");
      std::vector<size_t> fs = targets(*it->second, false);
      if (fs.size() != 1)
        return fail(error, ".stack_sizes entry does not name one function");
      Node &node = g_->nodes[fs[0]];
      node.frame = node.has_frame ? std::max(node.frame, size) : size;
      node.has_frame = true;
    }
    return true;
  }

  bool add_programs(const iu::ObjectSection &sec, std::string *error) {
    auto relocs = by_offset(sec);
    if (sec.bytes.empty() || sec.bytes.size() % sizeof(iu_prog_desc) != 0)
      return fail(error, "malformed program table");
    for (size_t off = 0; off < sec.bytes.size(); off += sizeof(iu_prog_desc)) {
      iu_prog_desc d;
      memcpy(&d, sec.bytes.data() + off, sizeof(d));
      auto it = relocs.find(off + offsetof(iu_prog_desc, entry));
      std::vector<size_t> fs;
      if (it != relocs.end())
        fs = targets(*it->second, false);
      if (fs.size() != 1)
        return fail(error, "program table entry without an entry function");
      g_->entries.emplace_back(std::string(d.name, strnlen(d.name, sizeof(d.name))), fs[0]);
    }
    return true;
  }

  const iu::ObjectFile &obj_;
  Graph *g_;
  std::vector<std::vector<size_t>> functions_; // per section: symbols of functions defined there
  std::vector<size_t> nodes_;                  // per symbol: its graph node, or SIZE_MAX
};

bool is_thunk(const std::string &name) {
  return name.rfind("__x86_indirect_thunk_", 0) == 0 || name == "__x86_return_thunk";
}

class Solver {
public:
  explicit Solver(const Graph &g) : g_(g), state_(g.nodes.size(), 0), cost_(g.nodes.size(), 0),
                                    next_(g.nodes.size(), SIZE_MAX) {}

  // Worst-case bytes from entering n (its return address included).
  bool cost(size_t n, uint64_t *out, std::string *error) {
    if (state_[n] == 2) {
      *out = cost_[n];
      return true;
    }
    if (state_[n] == 1) {
      std::string chain = display_name(g_.nodes[n].name);
      for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        chain = display_name(g_.nodes[*it].name) + " -> " + chain;
        if (*it == n)
          break;
      }
      *error = "recursive call chain " + chain + ": the stack bound cannot be computed";
      return false;
    }
    const Node &node = g_.nodes[n];
    if (node.defined && node.name == "__x86_return_thunk") {
      // Reached by jmp in place of ret: it pops the caller's return address.
      state_[n] = 2;
      *out = cost_[n] = 0;
      return true;
    }
    uint64_t frame = 0;
    if (!node.defined) {
      frame = 0; // a helper: runs in the headroom above the limit
    } else if (node.has_frame) {
      frame = node.frame;
    } else if (is_thunk(node.name)) {
      frame = node.name == "__x86_return_thunk" ? 0 : kReturnAddress;
    } else {
      *error = "no frame size recorded for function " + display_name(node.name) +
               " (built without -fstack-size-section?)";
      return false;
    }
    state_[n] = 1;
    stack_.push_back(n);
    uint64_t deepest = 0;
    for (size_t c : node.callees) {
      uint64_t cc = 0;
      if (!cost(c, &cc, error))
        return false;
      if (cc > deepest) {
        deepest = cc;
        next_[n] = c;
      }
    }
    stack_.pop_back();
    state_[n] = 2;
    cost_[n] = kReturnAddress + frame + deepest;
    *out = cost_[n];
    return true;
  }

  void chain(size_t n, ProgramStack *p) const {
    for (; n != SIZE_MAX; n = next_[n]) {
      p->chain.push_back(display_name(g_.nodes[n].name));
      uint64_t below = next_[n] == SIZE_MAX ? 0 : cost_[next_[n]];
      p->frame_bytes.push_back(static_cast<uint32_t>(cost_[n] - below));
    }
  }

private:
  const Graph &g_;
  std::vector<int> state_;
  std::vector<uint64_t> cost_;
  std::vector<size_t> next_;
  std::vector<size_t> stack_;
};

} // namespace

std::vector<std::string> stack_bound_flags() {
  return {"-fstack-size-section", "-ffunction-sections"};
}

bool compute_stack_bounds(const std::vector<std::string> &paths, std::vector<ProgramStack> *out,
                          std::string *error) {
  std::vector<iu::ObjectFile> objects;
  for (const std::string &p : paths)
    if (!iu::read_object_files(p, &objects, error))
      return false;
  Graph g;
  for (const iu::ObjectFile &obj : objects)
    if (!GraphBuilder(obj, &g).add(error))
      return false;
  Solver solver(g);
  out->clear();
  for (const auto &[name, entry] : g.entries) {
    uint64_t bytes = 0;
    if (!solver.cost(entry, &bytes, error))
      return false;
    ProgramStack p;
    p.program = name;
    p.bytes = bytes > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(bytes);
    solver.chain(entry, &p);
    if (!p.chain.empty() && g.nodes[entry].name == "__iu_entry_" + name)
      p.chain[0] = name; // the entry trampoline stands for the program
    out->push_back(std::move(p));
  }
  return true;
}

std::string describe_stack(const ProgramStack &p, uint32_t limit) {
  std::string s = "program '" + p.program + "' needs " + std::to_string(p.bytes) +
                  " bytes of stack (limit " + std::to_string(limit) + "): ";
  for (size_t i = 0; i < p.chain.size(); ++i) {
    if (i)
      s += " -> ";
    s += p.chain[i] + " (" + std::to_string(p.frame_bytes[i]) + ")";
  }
  return s;
}

bool check_stack_bound(const std::vector<std::string> &paths, uint32_t limit, bool verbose,
                       uint32_t *bound, std::string *error) {
  std::vector<ProgramStack> programs;
  if (!compute_stack_bounds(paths, &programs, error))
    return false;
  *bound = 0;
  for (const ProgramStack &p : programs) {
    if (verbose)
      fprintf(stderr, "iu-cc: %s\n", describe_stack(p, limit).c_str());
    if (p.bytes > limit) {
      *error = describe_stack(p, limit);
      return false;
    }
    *bound = std::max(*bound, p.bytes);
  }
  return true;
}

} // namespace iucc
