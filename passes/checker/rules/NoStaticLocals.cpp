// iu-no-static-locals: a static local is a global shared by every
// invocation on every CPU at once (a data race), and one with a dynamic
// initializer needs a guard. `static constexpr` constants are fine.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoStaticLocals final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *VD = dyn_cast<VarDecl>(&D);
    if (!VD || !VD->isStaticLocal() || VD->getTSCSpec() != TSCS_unspecified)
      return;
    if (isConstant(*VD))
      return;
    C.report(*this, C.locOf(D), "static local variables are not allowed in extensions",
             "use a local variable, a static constexpr constant, or a runtime map for state "
             "that outlives an invocation");
  }

private:
  static bool isConstant(const VarDecl &VD) {
    if (VD.isConstexpr())
      return !hasMutableMember(VD.getType());
    QualType T = VD.getType();
    if (T->isDependentType() || (VD.getInit() && VD.getInit()->isValueDependent()))
      return T.isConstQualified();
    return T.isConstQualified() && !hasMutableMember(T) && VD.hasConstantInitialization();
  }
};

} // namespace
IU_RULE_FACTORY(NoStaticLocals)
} // namespace iu::checker
