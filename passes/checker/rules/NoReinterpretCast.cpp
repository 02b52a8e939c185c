// iu-no-reinterpret-cast: reinterpret_cast turns integers into pointers and
// views objects as unrelated types.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoReinterpretCast final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    if (isa<CXXReinterpretCastExpr>(S))
      C.report(*this, C.locOf(S), "reinterpret_cast is not allowed in extensions",
               "convert integers with static_cast; view a kernel address as another type "
               "with iu::kptr<T>::as<U>()");
  }
};

} // namespace
IU_RULE_FACTORY(NoReinterpretCast)
} // namespace iu::checker
