// iu-no-inline-asm: assembly can do anything the checker cannot see.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *UseRuntime = "use a runtime helper (iu::...) or compiler builtins";

class NoInlineAsm final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    if (isa<FileScopeAsmDecl>(D))
      C.report(*this, C.locOf(D), "inline assembly is not allowed in extensions", UseRuntime);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<AsmStmt>(S))
      C.report(*this, C.locOf(S), "inline assembly is not allowed in extensions", UseRuntime);
  }
};

} // namespace
IU_RULE_FACTORY(NoInlineAsm)
} // namespace iu::checker
