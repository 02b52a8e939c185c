// iu-no-coroutines: a coroutine keeps its frame on the heap and resumes
// later, after the invocation that made it has ended.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoCoroutines final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CoroutineBodyStmt, CoreturnStmt, CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S))
      C.report(*this, C.locOf(S), "coroutines are not allowed in extensions",
               "write the state machine explicitly, keeping its state in a runtime map");
  }
};

} // namespace
IU_RULE_FACTORY(NoCoroutines)
} // namespace iu::checker
