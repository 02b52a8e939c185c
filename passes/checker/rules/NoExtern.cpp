// iu-no-extern: user code calls only functions it defines itself or that
// the trusted runtime declares. `extern` declarations and `extern "C"`
// blocks would import arbitrary symbols (kernel functions, helpers outside
// the allowlist) and bypass the runtime's safe wrappers.
#include "RuleSupport.h"

#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *DefineIt =
    "define the function in this file, or call the runtime's API (iu::...)";

class NoExtern final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    if (isa<LinkageSpecDecl>(D)) {
      C.report(*this, C.locOf(D), "extern \"C\" and extern \"C++\" blocks are not allowed in extensions",
               DefineIt);
      return;
    }
    if (const auto *VD = dyn_cast<VarDecl>(&D)) {
      if (VD->getStorageClass() == SC_Extern)
        C.report(*this, C.locOf(D), "extern variables are not allowed in extensions",
                 "define the variable in this file (constexpr), or use a runtime map");
      return;
    }
    if (const auto *FD = dyn_cast<FunctionDecl>(&D))
      if (FD->getStorageClass() == SC_Extern)
        C.report(*this, C.locOf(D), "extern functions are not allowed in extensions", DefineIt);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const FunctionDecl *Callee = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(&S))
      Callee = Call->getDirectCallee();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S))
      Callee = Construct->getConstructor();
    if (!Callee || Callee->getBuiltinID() || C.inTemplatePattern())
      return;
    Calls.push_back({Callee, C.locOf(S)});
  }

  void finishTranslationUnit(Context &C) override {
    for (const auto &[Callee, Loc] : Calls) {
      if (isAvailable(*Callee, C))
        continue;
      C.report(*this, Loc,
               "call to '" + C.nameOf(*Callee) +
                   "', which is declared but not defined in this file",
               DefineIt);
    }
  }

private:
  static bool isAvailable(const FunctionDecl &FD, Context &C) {
    if (FD.isDefined() || FD.isImplicit() || FD.isDefaulted() || FD.isDeleted() ||
        FD.isPureVirtual())
      return true;
    if (const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern())
      if (Pattern->isDefined())
        return true;
    if (C.isDeclaredByRuntime(FD))
      return true;
    if (const FunctionTemplateDecl *T = FD.getPrimaryTemplate())
      if (C.isDeclaredByRuntime(*T->getTemplatedDecl()))
        return true;
    if (const FunctionDecl *Member = FD.getInstantiatedFromMemberFunction())
      if (C.isDeclaredByRuntime(*Member))
        return true;
    return false;
  }

  llvm::SmallVector<std::pair<const FunctionDecl *, SourceLocation>, 16> Calls;
};

} // namespace
IU_RULE_FACTORY(NoExtern)
} // namespace iu::checker
