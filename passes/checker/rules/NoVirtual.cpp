// iu-no-virtual: a virtual call goes through a function pointer in the
// vtable, so the call graph (and the stack bound) would not be static.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *Static =
    "use templates for static polymorphism, or a switch over an enum member";

class NoVirtual final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    if (const auto *M = dyn_cast<CXXMethodDecl>(&D)) {
      if (M->isVirtual())
        C.report(*this, C.locOf(D), "virtual functions are not allowed in extensions", Static);
      return;
    }
    const auto *RD = dyn_cast<CXXRecordDecl>(&D);
    if (!RD || !RD->isThisDeclarationADefinition() || RD->isDependentContext())
      return;
    for (const CXXBaseSpecifier &B : RD->bases())
      if (B.isVirtual()) {
        C.report(*this, B.getBeginLoc(), "virtual base classes are not allowed in extensions",
                 Static);
        return;
      }
    if (RD->isPolymorphic())
      C.report(*this, C.locOf(D), "classes with virtual functions are not allowed in extensions",
               Static);
  }
};

} // namespace
IU_RULE_FACTORY(NoVirtual)
} // namespace iu::checker
