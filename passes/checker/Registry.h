// The list of rules (Registry.def) as objects.
#pragma once

#include "Rule.h"

#include <memory>
#include <vector>

namespace iu::checker {

#define IU_RULE(Class, ID) std::unique_ptr<Rule> create##Class(llvm::StringRef RuleID);
#include "Registry.def"

// One instance of every rule, in Registry.def order.
std::vector<std::unique_ptr<Rule>> createAllRules();

} // namespace iu::checker
