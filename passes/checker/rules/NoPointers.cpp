// iu-no-pointers: no pointer types, `&x`, array-to-pointer decay, nullptr,
// `this` as a value, or member pointers in user code. A pointer could reach
// any memory; kernel addresses are iu::kptr<T>, which only the runtime's
// fault-safe copy can follow.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *UseKptr =
    "pass objects by reference (T&) to functions; hold kernel addresses as iu::kptr<T> and "
    "read them with iu::probe_read_kernel";

class NoPointers final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (auto P = TL.getAs<PointerTypeLoc>()) {
      if (!P.getPointeeLoc().getType()->isFunctionType())
        C.report(*this, C.locOf(TL), "pointer types are not allowed in extensions", UseKptr);
    } else if (auto M = TL.getAs<MemberPointerTypeLoc>()) {
      if (!M.getTypePtr()->isMemberFunctionPointer())
        C.report(*this, C.locOf(TL), "member pointers are not allowed in extensions",
                 "access the member by name");
    } else if (TL.getAs<BlockPointerTypeLoc>()) {
      C.report(*this, C.locOf(TL), "pointer types are not allowed in extensions", UseKptr);
    }
  }

  void checkDecl(const Decl &D, Context &C) override {
    QualType T = declaredType(D);
    if (T.isNull())
      return;
    if (containsObjectPointer(T))
      reportType(T, C.locOf(D), C);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (const auto *B = dyn_cast<BinaryOperator>(&S)) {
      if (B->isPtrMemOp())
        C.report(*this, C.locOf(S), "member pointers are not allowed in extensions",
                 "access the member by name");
      return;
    }
    const auto *E = dyn_cast<Expr>(&S);
    if (!E || isa<CXXDefaultArgExpr, CXXDefaultInitExpr>(E) || E->isTypeDependent())
      return;
    if (!containsObjectPointer(E->getType()))
      return;
    // Report where a pointer comes into being, not every use of one: a
    // variable of pointer type was reported at its declaration, and an
    // expression computed from a pointer at that pointer.
    if (C.namesUserDeclaration(*E))
      return; // its declared type was reported
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        if (containsObjectPointer(CE->getType()) && !isa<CXXThisExpr>(CE->IgnoreParenImpCasts()))
          return;

    const Stmt *Parent = C.parentStmt();
    if (isa<CXXThisExpr>(E->IgnoreParenImpCasts())) {
      if (isObjectUseOfThis(C))
        return;
      C.report(*this, C.locOf(S), "'this' may only be used to access members",
               "write this->member, or *this for the object");
      return;
    }
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
      if (Cast->getCastKind() == CK_ArrayToPointerDecay) {
        if (const auto *Sub = dyn_cast_or_null<ArraySubscriptExpr>(Parent))
          if (Sub->getBase()->IgnoreParens() == E)
            return;
        C.report(*this, C.locOf(S), "array-to-pointer decay is not allowed in extensions",
                 "index the array (a[i]), iterate with range-for, or pass it by reference "
                 "(T (&a)[N]) or as an iu::view");
        return;
      }
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf) {
        if (isOverflowBuiltinResult(*U, C))
          return;
        C.report(*this, C.locOf(S), "taking the address of an object is not allowed in extensions",
                 "pass the object by reference (T&) instead");
        return;
      }
    }
    reportType(E->getType(), C.locOf(S), C);
  }

private:
  // `this` (through qualification and base-class conversions) is the
  // object of a member access, is dereferenced, or is a lambda capture
  // (iu-no-escaping-lambda's).
  static bool isObjectUseOfThis(Context &C) {
    for (unsigned Up = 1;; ++Up) {
      const Frame *F = C.frame(Up);
      const Stmt *P = F ? F->stmt() : nullptr;
      if (!P)
        return false;
      if (isa<ParenExpr>(P))
        continue;
      if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
        CastKind K = Cast->getCastKind();
        if (K == CK_NoOp || K == CK_DerivedToBase || K == CK_UncheckedDerivedToBase)
          continue;
        return false;
      }
      if (isa<MemberExpr, LambdaExpr>(P))
        return true;
      const auto *U = dyn_cast<UnaryOperator>(P);
      return U && U->getOpcode() == UO_Deref;
    }
  }

  void reportType(QualType T, SourceLocation Loc, Context &C) {
    QualType E = T.getCanonicalType().getNonReferenceType();
    while (const ArrayType *A = E->getAsArrayTypeUnsafe())
      E = A->getElementType().getCanonicalType();
    if (E->isNullPtrType())
      C.report(*this, Loc, "nullptr is not allowed in extensions",
               "use iu::kptr<T>() for a null kernel address, or iu::optional<T> for 'no value'");
    else if (E->isMemberPointerType())
      C.report(*this, Loc, "member pointers are not allowed in extensions",
               "access the member by name");
    else
      C.report(*this, Loc, "pointer types are not allowed in extensions", UseKptr);
  }

  // __builtin_add_overflow(a, b, &result): the result argument is the only
  // address the language lets user code take, of a local integer.
  static bool isOverflowBuiltinResult(const UnaryOperator &U, Context &C) {
    const auto *Call = dyn_cast_or_null<CallExpr>(C.parentStmt());
    if (!Call || Call->getNumArgs() != 3 || Call->getArg(2)->IgnoreParens() != &U)
      return false;
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getBuiltinID())
      return false;
    StringRef Name = FD->getName();
    if (!Name.starts_with("__builtin_") || !Name.ends_with("_overflow"))
      return false;
    const auto *Ref = dyn_cast<DeclRefExpr>(U.getSubExpr()->IgnoreParens());
    const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return VD && VD->hasLocalStorage() && VD->getType()->isIntegerType();
  }
};

} // namespace
IU_RULE_FACTORY(NoPointers)
} // namespace iu::checker
