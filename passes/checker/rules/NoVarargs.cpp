// iu-no-varargs: C variadic functions read their arguments with va_arg at
// types the caller never promised.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *UsePack = "use a variadic template (template <class... Args>)";

class NoVarargs final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (auto F = TL.getAs<FunctionProtoTypeLoc>()) {
      if (F.getTypePtr()->isVariadic())
        C.report(*this, C.locOf(TL), "C variadic functions are not allowed in extensions", UsePack);
      return;
    }
    if (auto T = TL.getAs<TypedefTypeLoc>()) {
      StringRef Name = T.getTypedefNameDecl()->getName();
      if (Name == "__builtin_va_list" || Name == "__builtin_ms_va_list")
        C.report(*this, C.locOf(TL), "va_list is not allowed in extensions", UsePack);
    }
  }

  void checkDecl(const Decl &D, Context &C) override {
    const auto *FD = dyn_cast<FunctionDecl>(&D);
    if (FD && FD->isVariadic())
      C.report(*this, C.locOf(D), "C variadic functions are not allowed in extensions", UsePack);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<VAArgExpr>(S))
      C.report(*this, C.locOf(S), "va_arg is not allowed in extensions", UsePack);
  }
};

} // namespace
IU_RULE_FACTORY(NoVarargs)
} // namespace iu::checker
