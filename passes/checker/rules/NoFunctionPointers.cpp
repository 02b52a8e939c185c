// iu-no-function-pointers: functions are only called by name. No pointers
// or references to functions, no function names used as values, no calls
// through anything but a named function. The call graph stays static, so
// the stack bound is computable and every callee is known to the checker.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *CallDirectly =
    "call functions directly by name; to parameterize code by a function, pass a lambda "
    "to a function template";

class NoFunctionPointers final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    QualType Pointee;
    if (auto P = TL.getAs<PointerTypeLoc>())
      Pointee = P.getPointeeLoc().getType();
    else if (auto R = TL.getAs<ReferenceTypeLoc>())
      Pointee = R.getPointeeLoc().getType();
    else if (auto M = TL.getAs<MemberPointerTypeLoc>())
      Pointee = M.getPointeeLoc().getType();
    if (!Pointee.isNull() && Pointee->isFunctionType())
      C.report(*this, C.locOf(TL), "function pointers and references are not allowed in extensions",
               CallDirectly);
  }

  void checkDecl(const Decl &D, Context &C) override {
    QualType T = declaredType(D);
    if (T.isNull())
      return;
    if (isFunctionReferenceOrPointer(T))
      C.report(*this, C.locOf(D), "function pointers and references are not allowed in extensions",
               CallDirectly);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *E = dyn_cast<Expr>(&S);
    if (!E || E->isTypeDependent() || isa<CXXDefaultArgExpr, CXXDefaultInitExpr>(E))
      return;

    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      checkCallee(*Call, C);
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (isa<FunctionDecl>(Ref->getDecl()) && !isCalledOrDecayed(*E, C) &&
          !isRuntimeTemplateArgument(C) && !C.inUnevaluatedContext())
        C.report(*this, C.locOf(S), "a function may only be called, not used as a value",
                 CallDirectly);
      return;
    }
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
      CastKind K = Cast->getCastKind();
      if ((K == CK_FunctionToPointerDecay || K == CK_BuiltinFnToFnPtr) && isCallee(*E, C))
        return;
    }
    if (isFunctionReferenceOrPointer(E->getType()) && !isRuntimeTemplateArgument(C))
      C.report(*this, C.locOf(S), "function pointers and references are not allowed in extensions",
               CallDirectly);
  }

private:
  static bool isCallee(const Expr &E, Context &C) {
    const auto *Call = dyn_cast_or_null<CallExpr>(C.parentStmt());
    return Call && Call->getCallee()->IgnoreParens() == &E;
  }

  static bool isCalledOrDecayed(const Expr &E, Context &C) {
    const Stmt *P = C.parentStmt();
    if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(P))
      return Cast->getCastKind() == CK_FunctionToPointerDecay ||
             Cast->getCastKind() == CK_BuiltinFnToFnPtr;
    return isCallee(E, C);
  }

  // The runtime's program macros pass the program function to a runtime
  // template (IU_KPROBE(func, prog) -> enter<prog, ...>): a function name
  // as an argument of a template-id spelled in the runtime.
  static bool isRuntimeTemplateArgument(Context &C) {
    for (unsigned Up = 1;; ++Up) {
      const Frame *F = C.frame(Up);
      if (!F)
        return false;
      if (F->Kind == Frame::TemplateArgK)
        return F->Trusted;
      const Stmt *S = F->stmt();
      if (!S || !(isa<ParenExpr>(S) || isa<ImplicitCastExpr>(S)))
        return false;
    }
  }

  void checkCallee(const CallExpr &Call, Context &C) {
    const Expr *Callee = Call.getCallee()->IgnoreParenImpCasts();
    if (isa<CXXPseudoDestructorExpr>(Callee))
      return; // iu-no-new-delete
    const Decl *D = Call.getCalleeDecl();
    if (D && isa<FunctionDecl>(D))
      return;
    C.report(*this, C.locOf(Call), "calls must name the function they call",
             CallDirectly);
  }
};

} // namespace
IU_RULE_FACTORY(NoFunctionPointers)
} // namespace iu::checker
