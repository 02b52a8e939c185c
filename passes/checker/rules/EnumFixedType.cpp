// iu-enum-fixed-type: an enum without a fixed underlying type has values
// outside its enumerators that are undefined behaviour to create. With a
// fixed type every value of that type is valid, so a copy from anywhere is
// safe (and the enum sanitizer has nothing to check).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class EnumFixedType final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *ED = dyn_cast<EnumDecl>(&D);
    if (!ED || ED->isFixed())
      return;
    C.report(*this, C.locOf(D), "enums need a fixed underlying type",
             "write enum E : iu::u32 { ... } or enum class E { ... }");
  }
};

} // namespace
IU_RULE_FACTORY(EnumFixedType)
} // namespace iu::checker
