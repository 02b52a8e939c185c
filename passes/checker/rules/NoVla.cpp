// iu-no-vla: variable-length arrays and alloca make the stack frame size
// depend on run-time values, so the image's stack bound could not be
// computed (and a large size would run off the stack).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *FixedSize = "use a fixed-size array whose bound is a constant expression";

class NoVla final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (TL.getAs<VariableArrayTypeLoc>())
      C.report(*this, C.locOf(TL), "variable-length arrays are not allowed in extensions",
               FixedSize);
  }

  void checkDecl(const Decl &D, Context &C) override {
    const auto *VD = dyn_cast<ValueDecl>(&D);
    if (VD && VD->getType()->isVariablyModifiedType())
      C.report(*this, C.locOf(D), "variable-length arrays are not allowed in extensions",
               FixedSize);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call)
      return;
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->getBuiltinID() && FD->getName().contains("alloca"))
      C.report(*this, C.locOf(S), "alloca is not allowed in extensions", FixedSize);
  }
};

} // namespace
IU_RULE_FACTORY(NoVla)
} // namespace iu::checker
