// iu-no-packed: packed structs have misaligned members; a reference to one
// is undefined behaviour. (`#pragma pack` is refused by iu-no-pragmas.)
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoPacked final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    for (const Attr *A : D.attrs()) {
      if (A->isImplicit() || A->isInherited() || !isa<PackedAttr>(A))
        continue;
      if (C.isTrusted(A->getLocation()))
        continue;
      C.report(*this, A->getLocation(), "packed structs are not allowed in extensions",
               "order members from largest to smallest, or add explicit padding members");
    }
  }
};

} // namespace
IU_RULE_FACTORY(NoPacked)
} // namespace iu::checker
