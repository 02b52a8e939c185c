#include "symbol_names.h"

#include <cstdlib>
#include <cstring>
#include <cxxabi.h>

namespace iucc {
namespace {

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

} // namespace

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

} // namespace iucc
