// iu-no-casts: C-style and functional casts may only convert between
// integer, bool and enum types, discard a value ((void)x) or make an object
// by value (T(x), T{...}). Anything else is a reinterpret_cast, const_cast
// or downcast in disguise. dynamic_cast is not available either.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoCasts final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CXXDynamicCastExpr>(S)) {
      C.report(*this, C.locOf(S), "dynamic_cast is not allowed in extensions",
               "use an enum member to tell kinds of objects apart");
      return;
    }
    const auto *Cast = dyn_cast<ExplicitCastExpr>(&S);
    if (!Cast || !isa<CStyleCastExpr, CXXFunctionalCastExpr>(Cast))
      return;
    QualType To = Cast->getTypeAsWritten();
    const Expr *From = Cast->getSubExprAsWritten();
    if (To->isDependentType() || From->isTypeDependent())
      return;
    if (To->isVoidType())
      return;
    if (isIntegerLike(To) && isIntegerLike(From->getType()))
      return;
    if (isFloating(To) || isFloating(From->getType()))
      return; // iu-no-float
    // A cast to a class type by value constructs or copies an object (a C
    // cast cannot reinterpret memory as a class prvalue).
    QualType Result = Cast->getType();
    if (!To->isReferenceType() && !Result->isReferenceType() && Result->isRecordType())
      return;
    C.report(*this, C.locOf(S),
             "this cast is not allowed in extensions: casts may only convert between integer, "
             "bool and enum types",
             "use static_cast<T>(x) between integer types; construct objects with T{...}");
  }
};

} // namespace
IU_RULE_FACTORY(NoCasts)
} // namespace iu::checker
