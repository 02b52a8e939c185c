// iu-no-exceptions: there is no unwinder in the kernel; a panic ends the
// invocation instead.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoExceptions final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CXXThrowExpr, CXXTryStmt, CXXCatchStmt>(S))
      C.report(*this, C.locOf(S), "exceptions are not allowed in extensions",
               "return an error value or an iu::optional<T>; iu::panic(\"...\") ends the "
               "invocation");
  }
};

} // namespace
IU_RULE_FACTORY(NoExceptions)
} // namespace iu::checker
