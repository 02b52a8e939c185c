#include "odr_check.h"

#include <fstream>
#include <map>
#include <sstream>

namespace iucc {
namespace {

// One line of a fingerprint file (format: passes/checker/OdrFingerprints.cpp).
struct Fingerprint {
  std::string key, sig, def, file, name;
  std::string line;
  size_t input = 0;
};

bool read_fingerprints(const std::string &path, size_t input, std::vector<Fingerprint> *out,
                       std::string *error) {
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text) || text != "iu-odr 1") {
    *error = "cannot read the checker's fingerprints of file " + std::to_string(input + 1);
    return false;
  }
  while (std::getline(in, text)) {
    std::vector<std::string> fields;
    std::istringstream line(text);
    for (std::string f; std::getline(line, f, '\t');)
      fields.push_back(f);
    if (fields.size() != 6 || fields[0].empty() || fields[1].empty() || fields[2].empty()) {
      *error = "malformed fingerprint line in " + path + ": " + text;
      return false;
    }
    out->push_back({fields[0], fields[1], fields[2], fields[4], fields[5], fields[3], input});
  }
  return true;
}

std::string where(const Fingerprint &f, const std::vector<std::string> &inputs) {
  std::string loc = f.file + ":" + f.line;
  if (f.file != inputs[f.input])
    loc += " (included from " + inputs[f.input] + ")";
  return loc;
}

} // namespace

std::vector<std::string> check_one_definition(const std::vector<std::string> &fingerprint_files,
                                              const std::vector<std::string> &inputs) {
  std::vector<std::string> errors;
  std::vector<std::vector<Fingerprint>> files(fingerprint_files.size());
  for (size_t i = 0; i < fingerprint_files.size(); ++i) {
    std::string err;
    if (!read_fingerprints(fingerprint_files[i], i, &files[i], &err))
      return {err};
  }
  // The first file that has a key is the reference for it; each later file
  // is compared with it. Definitions are compared when both files have one;
  // otherwise only what a declaration fixes (a function's type).
  std::map<std::string, const Fingerprint *> first;
  for (const std::vector<Fingerprint> &file : files) {
    for (const Fingerprint &f : file) {
      auto [it, inserted] = first.emplace(f.key, &f);
      if (inserted)
        continue;
      const Fingerprint &ref = *it->second;
      bool both_defined = ref.def != "-" && f.def != "-";
      if (both_defined ? ref.def == f.def : ref.sig == f.sig)
        continue;
      errors.push_back("'" + f.name + "' is " +
                       (both_defined ? "defined differently" : "declared with different types") +
                       " in " + where(ref, inputs) + " and " + where(f, inputs));
    }
  }
  return errors;
}

} // namespace iucc
