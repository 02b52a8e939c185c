// iu-no-thread-local: there is no thread-local storage in kernel context
// (and TLS access would go through %fs, which belongs to user space there).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoThreadLocal final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *VD = dyn_cast<VarDecl>(&D);
    if (VD && VD->getTSCSpec() != TSCS_unspecified)
      C.report(*this, C.locOf(D), "thread_local variables are not allowed in extensions",
               "keep per-invocation state in locals; for per-CPU state use a runtime map");
  }
};

} // namespace
IU_RULE_FACTORY(NoThreadLocal)
} // namespace iu::checker
