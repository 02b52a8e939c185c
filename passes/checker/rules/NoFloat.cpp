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
    } else if (auto CT = TL.getAs<ComplexTypeLoc>()) {
      if (CT.getTypePtr()->getElementType()->isFloatingType())
        C.report(*this, C.locOf(TL), "floating point is not allowed in extensions", UseIntegers);
    }
  }

  void checkDecl(const Decl &D, Context &C) override {
    QualType T = declaredType(D);
    if (!T.isNull() && isFloating(T))
      C.report(*this, C.locOf(D), "floating point is not allowed in extensions", UseIntegers);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *E = dyn_cast<Expr>(&S);
    if (!E || isa<CXXDefaultArgExpr, CXXDefaultInitExpr>(E))
      return;
    if (isa<FloatingLiteral, ImaginaryLiteral>(E)) {
      C.report(*this, C.locOf(S), "floating point is not allowed in extensions", UseIntegers);
      return;
    }
    if (E->isTypeDependent() || !isFloating(E->getType()))
      return;
    // An implicit conversion to floating point only happens next to
    // something floating that is reported itself.
    if (isa<ImplicitCastExpr>(E))
      return;
    // Report where floating point comes in (a literal, a conversion, a
    // runtime declaration), not every use of a variable or function whose
    // declaration was already reported.
    if (C.namesUserDeclaration(*E))
      return;
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        if (isFloating(CE->getType()))
          return;
    C.report(*this, C.locOf(S), "floating point is not allowed in extensions", UseIntegers);
  }
};

} // namespace
IU_RULE_FACTORY(NoFloat)
} // namespace iu::checker
