#include "Registry.h"

namespace iu::checker {

std::vector<std::unique_ptr<Rule>> createAllRules() {
  std::vector<std::unique_ptr<Rule>> Rules;
#define IU_RULE(Class, ID) Rules.push_back(create##Class(ID));
#include "Registry.def"
  return Rules;
}

} // namespace iu::checker
