#include "type_layouts.h"

#include <elf.h>
#include <fstream>
#include <iterator>

#include <iu/types_section.h>

#include "section_object.h"

namespace iucc {

bool merge_type_layouts(const std::vector<std::string> &files,
                        const std::vector<std::string> &inputs, std::string *text,
                        uint32_t *maps, uint32_t *configs, std::string *error) {
  iu::TypeTable merged;
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::string record((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      *error = inputs[i] + ": cannot read the checker's type layouts";
      return false;
    }
    if (record.empty()) {
      *error = inputs[i] + ": the checker wrote no type layouts";
      return false;
    }
    iu::TypeTable table;
    std::string err;
    if (!iu::parse_type_table(record, &table, &err)) {
      *error = inputs[i] + ": the checker's type layouts are malformed: " + err;
      return false;
    }
    if (!iu::merge_type_table(&merged, table, &err)) {
      *error = inputs[i] + ": " + err;
      return false;
    }
  }
  text->clear();
  *maps = static_cast<uint32_t>(merged.maps.size());
  *configs = static_cast<uint32_t>(merged.configs.size());
  if (!merged.maps.empty() || !merged.configs.empty())
    *text = iu::encode_type_table(merged);
  return true;
}

bool write_types_object(const std::string &path, const std::string &text, std::string *error) {
  // Not allocated: no segment maps it; only user-space tools read it.
  return write_section_object(
      path, {".iu.types", SHT_PROGBITS, 0, 1, text.data(), text.size(), "type layouts"}, error);
}

} // namespace iucc
