// iu-no-escaping-lambda: a lambda lives in the scope that created it. It may
// be a local, be called, and be passed by value to a template, but not be
// returned, stored in a member or a global, or capture `this`. Its captured
// references then never outlive what they refer to.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoEscapingLambda final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    if (const auto *FD = dyn_cast<FunctionDecl>(&D)) {
      if (containsLambda(FD->getReturnType()))
        C.report(*this, C.locOf(D), "a lambda may not be returned from a function",
                 "call the lambda where it is defined, or pass it by value to a function "
                 "template");
      return;
    }
    if (const auto *FD = dyn_cast<FieldDecl>(&D)) {
      if (containsLambda(FD->getType()))
        C.report(*this, C.locOf(D), "a lambda may not be stored in a member",
                 "keep the lambda in a local variable");
      return;
    }
    if (const auto *VD = dyn_cast<VarDecl>(&D)) {
      if (VD->hasGlobalStorage() && containsLambda(VD->getType()))
        C.report(*this, C.locOf(D), "a lambda may not be stored in a global or static variable",
                 "define the lambda where it is used, or use a named function");
    }
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *L = dyn_cast<LambdaExpr>(&S);
    if (!L)
      return;
    for (const LambdaCapture &Cap : L->captures()) {
      if (Cap.getCaptureKind() != LCK_This)
        continue;
      SourceLocation Loc = Cap.isExplicit() ? Cap.getLocation() : L->getBeginLoc();
      C.report(*this, Loc, "a lambda may not capture 'this'",
               "copy the members it needs into locals, or capture a copy of the object "
               "with [*this]");
    }
  }
};

} // namespace
IU_RULE_FACTORY(NoEscapingLambda)
} // namespace iu::checker
