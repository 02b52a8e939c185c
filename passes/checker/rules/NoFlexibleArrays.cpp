// iu-no-flexible-arrays: no flexible array members (`T tail[];`) and no
// zero-length arrays (`T tail[0];`). Neither has a bound the array-bounds
// check could use: every index into one reaches memory the object does not
// own. (iu-cc also builds with -fstrict-flex-arrays=3, so a trailing
// `T tail[1]` or `T args[6]` keeps its declared bound.)
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *GiveBound = "declare the array with the number of elements it holds";

// An array dimension of T (behind references, in any dimension) is 0.
bool hasZeroLengthDimension(QualType T) {
  T = T.getCanonicalType().getNonReferenceType();
  while (const ArrayType *A = T->getAsArrayTypeUnsafe()) {
    if (const auto *CA = dyn_cast<ConstantArrayType>(A); CA && CA->getSize() == 0)
      return true;
    T = A->getElementType().getCanonicalType();
  }
  return false;
}

class NoFlexibleArrays final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (auto A = TL.getAs<ConstantArrayTypeLoc>(); A && hasZeroLengthDimension(A.getType()))
      C.report(*this, C.locOf(TL), "zero-length arrays are not allowed in extensions", GiveBound);
  }

  // Also types no one spelled: template arguments, deduced types.
  void checkDecl(const Decl &D, Context &C) override {
    QualType T = declaredType(D);
    if (T.isNull())
      return;
    if (isa<FieldDecl>(D) && T->isIncompleteArrayType())
      C.report(*this, C.locOf(D), "flexible array members are not allowed in extensions",
               GiveBound);
    else if (hasZeroLengthDimension(T))
      C.report(*this, C.locOf(D), "zero-length arrays are not allowed in extensions", GiveBound);
  }
};

} // namespace
IU_RULE_FACTORY(NoFlexibleArrays)
} // namespace iu::checker
