// iu-no-const-cast: const_cast writes through something declared read-only
// (the runtime hands out const views of hook contexts).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoConstCast final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CXXConstCastExpr>(S))
      C.report(*this, C.locOf(S), "const_cast is not allowed in extensions",
               "copy the value into a non-const local and change the copy");
  }
};

} // namespace
IU_RULE_FACTORY(NoConstCast)
} // namespace iu::checker
