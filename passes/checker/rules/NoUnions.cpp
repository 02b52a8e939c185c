// iu-no-unions: a union lets one type's bytes be read as another's, which
// forges values (a bool that is 7, an enum out of range). No union
// declarations, and no objects of union type.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *UseStruct =
    "use a struct with one member per alternative, and an enum saying which is valid";

class NoUnions final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    if (const auto *RD = dyn_cast<RecordDecl>(&D)) {
      if (RD->isUnion())
        C.report(*this, C.locOf(D), "unions are not allowed in extensions", UseStruct);
      return;
    }
    QualType T;
    if (const auto *VD = dyn_cast<ValueDecl>(&D))
      T = VD->getType();
    else if (const auto *TD = dyn_cast<TypedefNameDecl>(&D))
      T = TD->getUnderlyingType();
    if (!T.isNull() && !T->isDependentType() && isUnion(T))
      C.report(*this, C.locOf(D), "unions are not allowed in extensions", UseStruct);
  }
};

} // namespace
IU_RULE_FACTORY(NoUnions)
} // namespace iu::checker
