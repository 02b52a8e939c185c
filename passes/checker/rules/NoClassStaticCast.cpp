// iu-no-class-static-cast: static_cast converts integers, bools and enums
// (or discards a value). On classes and references it downcasts without a
// check, or binds references the language does not allow.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoClassStaticCast final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *Cast = dyn_cast<CXXStaticCastExpr>(&S);
    if (!Cast)
      return;
    QualType To = Cast->getTypeAsWritten();
    const Expr *From = Cast->getSubExprAsWritten();
    if (To->isDependentType() || From->isTypeDependent())
      return;
    if (To->isVoidType())
      return;
    auto Scalar = [](QualType T) { return isIntegerLike(T) || isFloating(T); };
    if (!To->isReferenceType() && Scalar(To) && Scalar(From->getType()))
      return; // floating point is iu-no-float's
    if (To->isPointerType() || To->isMemberPointerType() || To->isNullPtrType())
      return; // iu-no-pointers
    C.report(*this, C.locOf(S),
             "static_cast to class or reference types is not allowed in extensions",
             "static_cast converts integer and enum values; copy objects by value and construct "
             "them with T{...}");
  }
};

} // namespace
IU_RULE_FACTORY(NoClassStaticCast)
} // namespace iu::checker
