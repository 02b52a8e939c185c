// iu-no-new-delete: extensions have no heap. No new/delete (placement new
// included), no operator new/delete of their own, and no explicit
// destructor calls (which end an object's life while its name lives on).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoNewDelete final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *FD = dyn_cast<FunctionDecl>(&D);
    if (!FD)
      return;
    switch (FD->getOverloadedOperator()) {
    case OO_New:
    case OO_Delete:
    case OO_Array_New:
    case OO_Array_Delete:
      C.report(*this, C.locOf(D), "operator new and delete are not allowed in extensions",
               "use local variables, or a runtime map for storage that outlives an invocation");
      return;
    default:
      return;
    }
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CXXNewExpr>(S)) {
      C.report(*this, C.locOf(S), "new is not allowed in extensions",
               "use local variables, or a runtime map for storage that outlives an invocation");
      return;
    }
    if (isa<CXXDeleteExpr>(S)) {
      C.report(*this, C.locOf(S), "delete is not allowed in extensions",
               "objects end with their scope");
      return;
    }
    bool Destructor = isa<CXXPseudoDestructorExpr>(S);
    if (const auto *M = dyn_cast<MemberExpr>(&S))
      Destructor |= isa<CXXDestructorDecl>(M->getMemberDecl());
    if (Destructor)
      C.report(*this, C.locOf(S), "explicit destructor calls are not allowed in extensions",
               "objects are destroyed when their scope ends");
  }
};

} // namespace
IU_RULE_FACTORY(NoNewDelete)
} // namespace iu::checker
