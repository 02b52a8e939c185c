// iu-no-asm-labels: `int f() asm("name")` binds a declaration to any symbol
// (a kernel function, a helper the allowlist does not name), and
// `register T x asm("rsp")` to a machine register.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoAsmLabels final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    for (const Attr *A : D.attrs()) {
      if (!isa<AsmLabelAttr>(A) || A->isInherited() || C.isTrusted(A->getLocation()))
        continue;
      SourceLocation Loc = A->getLocation().isValid() ? A->getLocation() : C.locOf(D);
      C.report(*this, Loc, "asm labels are not allowed in extensions",
               "use an ordinary name; the runtime binds every symbol an image may use");
    }
  }
};

} // namespace
IU_RULE_FACTORY(NoAsmLabels)
} // namespace iu::checker
