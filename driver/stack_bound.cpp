#include "stack_bound.h"

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <cxxabi.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <map>
#include <memory>
#include <set>
#include <unistd.h>

#include <iu/abi.h>

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

struct Symbol {
  std::string name;
  unsigned char type = 0, bind = 0;
  uint16_t shndx = 0;
  uint64_t value = 0, size = 0;
  size_t node = SIZE_MAX;  // defined function symbols only
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

// Reads one relocatable ELF object into the graph.
class ObjectReader {
public:
  ObjectReader(Elf *elf, std::string name, Graph *g) : elf_(elf), name_(std::move(name)), g_(g) {}

  bool read(std::string *error) {
    GElf_Ehdr eh;
    if (!gelf_getehdr(elf_, &eh) || eh.e_type != ET_REL || eh.e_machine != EM_X86_64)
      return fail(error, "not an x86-64 relocatable object");
    size_t shstrndx = 0;
    if (elf_getshdrstrndx(elf_, &shstrndx) != 0)
      return fail(error, "cannot read section names");
    size_t nsec = 0;
    if (elf_getshdrnum(elf_, &nsec) != 0)
      return fail(error, "cannot count sections");
    sections_.resize(nsec);
    Elf_Scn *symtab = nullptr;
    for (Elf_Scn *scn = elf_nextscn(elf_, nullptr); scn; scn = elf_nextscn(elf_, scn)) {
      size_t i = elf_ndxscn(scn);
      GElf_Shdr &sh = sections_[i].sh;
      if (!gelf_getshdr(scn, &sh))
        return fail(error, "malformed section header");
      const char *n = elf_strptr(elf_, shstrndx, sh.sh_name);
      sections_[i].name = n ? n : "";
      sections_[i].scn = scn;
      if (sh.sh_type == SHT_SYMTAB)
        symtab = scn;
    }
    if (!symtab)
      return true; // nothing defined, nothing referenced
    if (!read_symbols(symtab, error))
      return false;
    for (size_t i = 0; i < sections_.size(); ++i) {
      const GElf_Shdr &sh = sections_[i].sh;
      if (sh.sh_type != SHT_RELA || sh.sh_info >= sections_.size())
        continue;
      const Section &target = sections_[sh.sh_info];
      bool ok = true;
      if (target.sh.sh_flags & SHF_EXECINSTR)
        ok = read_calls(sections_[i].scn, sh.sh_info, error);
      else if (target.name == ".stack_sizes")
        ok = read_stack_sizes(sections_[i].scn, sh.sh_info, error);
      else if (target.name == ".iu.progs")
        ok = read_programs(sections_[i].scn, sh.sh_info, error);
      if (!ok)
        return false;
    }
    return true;
  }

private:
  struct Section {
    GElf_Shdr sh{};
    std::string name;
    Elf_Scn *scn = nullptr;
    std::vector<size_t> functions; // symbol indices of functions defined here
  };

  bool fail(std::string *error, const std::string &msg) {
    *error = name_ + ": " + msg;
    return false;
  }

  bool read_symbols(Elf_Scn *scn, std::string *error) {
    GElf_Shdr sh;
    gelf_getshdr(scn, &sh);
    Elf_Data *data = elf_getdata(scn, nullptr);
    if (!data || sh.sh_entsize == 0)
      return fail(error, "malformed symbol table");
    size_t n = sh.sh_size / sh.sh_entsize;
    symbols_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      GElf_Sym s;
      if (!gelf_getsym(data, static_cast<int>(i), &s))
        return fail(error, "malformed symbol table");
      Symbol &sym = symbols_[i];
      const char *nm = elf_strptr(elf_, sh.sh_link, s.st_name);
      sym.name = nm ? nm : "";
      sym.type = GELF_ST_TYPE(s.st_info);
      sym.bind = GELF_ST_BIND(s.st_info);
      sym.shndx = s.st_shndx;
      sym.value = s.st_value;
      sym.size = s.st_size;
      if (sym.type != STT_FUNC || sym.shndx == SHN_UNDEF || sym.shndx >= sections_.size())
        continue;
      sym.node = sym.bind == STB_LOCAL ? g_->local(sym.name) : g_->global(sym.name);
      g_->nodes[sym.node].defined = true;
      sections_[sym.shndx].functions.push_back(i);
    }
    return true;
  }

  // The function of section shndx that contains offset, or SIZE_MAX.
  size_t function_at(size_t shndx, uint64_t offset) const {
    for (size_t si : sections_[shndx].functions) {
      const Symbol &s = symbols_[si];
      if (offset >= s.value && (offset < s.value + s.size || (s.size == 0 && offset == s.value)))
        return s.node;
    }
    return SIZE_MAX;
  }

  // The function nodes a relocation refers to (empty: not a function).
  std::vector<size_t> targets(const GElf_Rela &r, bool pc_relative) {
    size_t si = GELF_R_SYM(r.r_info);
    if (si == 0 || si >= symbols_.size())
      return {};
    Symbol &s = symbols_[si];
    if (s.shndx == SHN_UNDEF) {
      if (s.name.empty())
        return {};
      return {g_->global(s.name)}; // another object, the runtime or a helper
    }
    if (s.node != SIZE_MAX)
      return {s.node};
    if (s.type != STT_SECTION || s.shndx >= sections_.size() ||
        !(sections_[s.shndx].sh.sh_flags & SHF_EXECINSTR))
      return {}; // data
    // A section symbol plus an offset: for a call, S + A - P points at the
    // target when A is -4 (the field ends the instruction).
    int64_t off = r.r_addend + (pc_relative ? 4 : 0);
    size_t f = off >= 0 ? function_at(s.shndx, static_cast<uint64_t>(off)) : SIZE_MAX;
    if (f != SIZE_MAX)
      return {f};
    std::vector<size_t> all; // unknown point in code: every function there
    for (size_t fi : sections_[s.shndx].functions)
      all.push_back(symbols_[fi].node);
    return all;
  }

  static bool is_pc_relative(uint32_t type) {
    return type == R_X86_64_PC32 || type == R_X86_64_PLT32 || type == R_X86_64_GOTPCREL ||
           type == R_X86_64_GOTPCRELX || type == R_X86_64_REX_GOTPCRELX;
  }

  bool read_calls(Elf_Scn *rela, size_t code, std::string *error) {
    Elf_Data *data = elf_getdata(rela, nullptr);
    GElf_Shdr sh;
    gelf_getshdr(rela, &sh);
    if (!data || sh.sh_entsize == 0)
      return fail(error, "malformed relocation section");
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
      GElf_Rela r;
      if (!gelf_getrela(data, static_cast<int>(i), &r))
        return fail(error, "malformed relocation section");
      size_t from = function_at(code, r.r_offset);
      if (from == SIZE_MAX) {
        if (sections_[code].functions.empty())
          continue; // code outside any function symbol: nothing calls into it
        return fail(error, "relocation outside any function in " + sections_[code].name);
      }
      uint32_t type = static_cast<uint32_t>(GELF_R_TYPE(r.r_info));
      for (size_t to : targets(r, is_pc_relative(type))) {
        // A reference into the function's own code is a label, not a call.
        if (to == from && symbols_[GELF_R_SYM(r.r_info)].type == STT_SECTION)
          continue;
        g_->nodes[from].callees.insert(to);
      }
    }
    return true;
  }

  // Finds the relocation at each offset of a data section.
  bool relocations(Elf_Scn *rela, std::map<uint64_t, GElf_Rela> *out, std::string *error) {
    Elf_Data *data = elf_getdata(rela, nullptr);
    GElf_Shdr sh;
    gelf_getshdr(rela, &sh);
    if (!data || sh.sh_entsize == 0)
      return fail(error, "malformed relocation section");
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; ++i) {
      GElf_Rela r;
      if (!gelf_getrela(data, static_cast<int>(i), &r))
        return fail(error, "malformed relocation section");
      (*out)[r.r_offset] = r;
    }
    return true;
  }

  // Entries: an 8-byte function address (a relocation here), then the
  // frame size as ULEB128.
  bool read_stack_sizes(Elf_Scn *rela, size_t secidx, std::string *error) {
    std::map<uint64_t, GElf_Rela> relocs;
    if (!relocations(rela, &relocs, error))
      return false;
    Elf_Data *data = elf_getdata(sections_[secidx].scn, nullptr);
    if (!data || !data->d_buf)
      return fail(error, "malformed .stack_sizes");
    const auto *p = static_cast<const unsigned char *>(data->d_buf);
    size_t n = data->d_size, off = 0;
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
        unsigned char b = p[off++];
        size |= static_cast<uint64_t>(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
          break;
      }
      if (it == relocs.end())
        return fail(error, ".stack_sizes entry without a function");
      std::vector<size_t> fs = targets(it->second, false);
      if (fs.size() != 1)
        return fail(error, ".stack_sizes entry does not name one function");
      Node &node = g_->nodes[fs[0]];
      node.frame = node.has_frame ? std::max(node.frame, size) : size;
      node.has_frame = true;
    }
    return true;
  }

  bool read_programs(Elf_Scn *rela, size_t secidx, std::string *error) {
    std::map<uint64_t, GElf_Rela> relocs;
    if (!relocations(rela, &relocs, error))
      return false;
    Elf_Data *data = elf_getdata(sections_[secidx].scn, nullptr);
    if (!data || !data->d_buf || data->d_size % sizeof(iu_prog_desc) != 0)
      return fail(error, "malformed program table");
    for (size_t off = 0; off < data->d_size; off += sizeof(iu_prog_desc)) {
      iu_prog_desc d;
      memcpy(&d, static_cast<const char *>(data->d_buf) + off, sizeof(d));
      auto it = relocs.find(off + offsetof(iu_prog_desc, entry));
      std::vector<size_t> fs;
      if (it != relocs.end())
        fs = targets(it->second, false);
      if (fs.size() != 1)
        return fail(error, "program table entry without an entry function");
      g_->entries.emplace_back(std::string(d.name, strnlen(d.name, sizeof(d.name))), fs[0]);
    }
    return true;
  }

  Elf *elf_;
  std::string name_;
  Graph *g_;
  std::vector<Section> sections_;
  std::vector<Symbol> symbols_;
};

struct ElfEnd {
  void operator()(Elf *e) const { elf_end(e); }
};

bool read_file(const std::string &path, Graph *g, std::string *error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = path + ": " + strerror(errno);
    return false;
  }
  bool ok = true;
  std::unique_ptr<Elf, ElfEnd> top(elf_begin(fd, ELF_C_READ, nullptr));
  if (!top) {
    *error = path + ": not an ELF file";
    ok = false;
  } else if (elf_kind(top.get()) == ELF_K_AR) {
    Elf_Cmd cmd = ELF_C_READ;
    while (ok) {
      std::unique_ptr<Elf, ElfEnd> member(elf_begin(fd, cmd, top.get()));
      if (!member)
        break;
      Elf_Arhdr *ah = elf_getarhdr(member.get());
      std::string name = path + "(" + (ah && ah->ar_name ? ah->ar_name : "?") + ")";
      if (elf_kind(member.get()) == ELF_K_ELF)
        ok = ObjectReader(member.get(), name, g).read(error);
      cmd = elf_next(member.get());
    }
  } else if (elf_kind(top.get()) == ELF_K_ELF) {
    ok = ObjectReader(top.get(), path, g).read(error);
  } else {
    *error = path + ": not an ELF file";
    ok = false;
  }
  close(fd);
  return ok;
}

bool is_thunk(const std::string &name) {
  return name.rfind("__x86_indirect_thunk_", 0) == 0 || name == "__x86_return_thunk";
}

// The qualified name at the start of an _ZN...E mangling: "iu::detail::enter".
std::string nested_name(const std::string &sym) {
  std::string out;
  size_t i = 3;
  while (i < sym.size() && (sym[i] == 'K' || sym[i] == 'V' || sym[i] == 'r'))
    ++i;
  while (i < sym.size() && sym[i] >= '0' && sym[i] <= '9') {
    size_t len = 0;
    while (i < sym.size() && sym[i] >= '0' && sym[i] <= '9')
      len = len * 10 + static_cast<size_t>(sym[i++] - '0');
    if (len > sym.size() - i)
      return sym;
    std::string part = sym.substr(i, len);
    i += len;
    if (part == "_GLOBAL__N_1")
      continue;
    out += (out.empty() ? "" : "::") + part;
  }
  return out.empty() ? sym : out;
}

// "(anonymous namespace)::level1(unsigned long)" -> "level1"; template
// arguments and parameters are dropped to keep chains readable.
std::string display_name(const std::string &sym) {
  std::string s = sym;
  int status = 0;
  char *d = abi::__cxa_demangle(sym.c_str(), nullptr, nullptr, &status);
  if (status == 0 && d)
    s = d;
  else if (sym.rfind("_ZN", 0) == 0)
    s = nested_name(sym); // newer manglings the host demangler lacks
  free(d);
  std::string out;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '<' || c == '(') {
      if (c == '(' && s.compare(i, 21, "(anonymous namespace)") == 0 && depth == 0) {
        i += 20;
        if (s.compare(i + 1, 2, "::") == 0)
          i += 2;
        continue;
      }
      ++depth;
      continue;
    }
    if (c == '>' || c == ')') {
      if (depth > 0)
        --depth;
      continue;
    }
    if (depth == 0)
      out += c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  // Method qualifiers left after the parameter list ("f() const").
  for (const char *q : {" const", " volatile", " &&", " &"}) {
    size_t n = strlen(q);
    if (out.size() > n && out.compare(out.size() - n, n, q) == 0)
      out.resize(out.size() - n);
  }
  return out.empty() ? sym : out;
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
  elf_version(EV_CURRENT);
  Graph g;
  for (const std::string &p : paths)
    if (!read_file(p, &g, error))
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
