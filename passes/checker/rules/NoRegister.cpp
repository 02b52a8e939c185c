// iu-no-register: `register` variables (with asm labels, global register
// variables) pin values to machine registers the kernel owns. C++17 removed
// `register`; clang only warns when told to (-Wno-register).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoRegister final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *VD = dyn_cast<VarDecl>(&D);
    if (VD && VD->getStorageClass() == SC_Register)
      C.report(*this, C.locOf(D), "register variables are not allowed in extensions",
               "declare an ordinary local variable");
  }
};

} // namespace
IU_RULE_FACTORY(NoRegister)
} // namespace iu::checker
