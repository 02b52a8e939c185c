// iu-no-goto: goto (and GNU computed goto) can jump over initializations and
// into scopes; structured control flow is enough and keeps the termination
// instrumentation simple.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *Structured = "use loops with break and continue, or return early";

class NoGoto final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<GotoStmt, IndirectGotoStmt>(S))
      C.report(*this, C.locOf(S), "goto is not allowed in extensions", Structured);
    else if (isa<AddrLabelExpr>(S))
      C.report(*this, C.locOf(S), "label addresses are not allowed in extensions", Structured);
    else if (isa<LabelStmt>(S))
      C.report(*this, C.locOf(S), "labels are not allowed in extensions", Structured);
  }
};

} // namespace
IU_RULE_FACTORY(NoGoto)
} // namespace iu::checker
