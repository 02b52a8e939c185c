// iu-no-float: extensions run in kernel context without an FPU state to use
// (and -mgeneral-regs-only would quietly turn float code into soft-float
// library calls). No floating-point types, literals or conversions.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *UseIntegers =
    "use integers (for fractions, fixed point: scale by a power of two or ten)";

class NoFloat final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (auto B = TL.getAs<BuiltinTypeLoc>()) {
      if (B.getTypePtr()->isFloatingPoint())
        C.report(*this, C.locOf(TL), "floating point is not allowed in extensions", UseIntegers);
    } else if (TL.getAs<ComplexTypeLoc>()) {
      C.report(*this, C.locOf(TL), "floating point is not allowed in extensions", UseIntegers);
    }
  }

  void checkDecl(const Decl &D, Context &C) override {
    QualType T;
    if (const auto *FD = dyn_cast<FunctionDecl>(&D))
      T = FD->getReturnType();
    else if (const auto *VD = dyn_cast<ValueDecl>(&D))
      T = VD->getType();
    else if (const auto *TD = dyn_cast<TypedefNameDecl>(&D))
      T = TD->getUnderlyingType();
    if (!T.isNull() && isFloating(T))
      C.report(*this, C.locOf(D), "floating point is not allowed in extensions", UseIntegers);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *E = dyn_cast<Expr>(&S);
    if (!E || isa<CXXDefaultArgExpr, CXXDefaultInitExpr>(E))
      return;
    if (isa<FloatingLiteral, ImaginaryLiteral>(E) || (!E->isTypeDependent() && isFloating(E->getType())))
      C.report(*this, C.locOf(S), "floating point is not allowed in extensions", UseIntegers);
  }
};

} // namespace
IU_RULE_FACTORY(NoFloat)
} // namespace iu::checker
