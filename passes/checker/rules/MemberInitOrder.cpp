// iu-member-init-order: members are initialized in declaration order, after
// the bases. A default member initializer or mem-initializer that reads a
// member declared at or after the one it initializes, calls a member
// function, or reads *this, would read uninitialized memory.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class MemberInitOrder final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *E = dyn_cast<Expr>(&S);
    if (!E)
      return;
    const FieldDecl *Init = nullptr;
    bool InBase = false;
    if (!initializerContext(C, Init, InBase))
      return;

    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      if (!isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
        return;
      if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl())) {
        if (InBase || (Init && F->getParent() == Init->getParent() &&
                       F->getFieldIndex() >= Init->getFieldIndex()))
          C.report(*this, C.locOf(S),
                   "member '" + F->getName() + "' is read before it is initialized",
                   "members are initialized in declaration order; read only members declared "
                   "earlier, or compute the value from the constructor's parameters");
        return;
      }
      if (isa<CXXMethodDecl>(M->getMemberDecl()))
        C.report(*this, C.locOf(S), "member functions may not be called from member initializers",
                 "compute the value from the constructor's parameters or earlier members");
      return;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_Deref && isa<CXXThisExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
        C.report(*this, C.locOf(S), "*this may not be read in member initializers",
                 "read only members declared earlier");
    }
  }

private:
  // Finds the member (or base) initializer being walked, stopping at a
  // function boundary (a lambda's body runs later, when called).
  static bool initializerContext(Context &C, const FieldDecl *&Init, bool &InBase) {
    for (unsigned Up = 1;; ++Up) {
      const Frame *F = C.frame(Up);
      if (!F)
        return false;
      if (const CXXCtorInitializer *CI = F->ctorInit()) {
        if (CI->isBaseInitializer()) {
          InBase = true;
          return true;
        }
        Init = CI->getMember();
        return Init != nullptr;
      }
      if (const Decl *D = F->decl()) {
        if (const auto *FD = dyn_cast<FieldDecl>(D)) {
          Init = FD;
          return true;
        }
        return false;
      }
      if (const Stmt *S = F->stmt())
        if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(S)) {
          Init = DI->getField();
          return true;
        }
    }
  }
};

} // namespace
IU_RULE_FACTORY(MemberInitOrder)
} // namespace iu::checker
