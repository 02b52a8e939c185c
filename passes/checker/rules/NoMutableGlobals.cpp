// iu-no-mutable-globals: a global is shared by every invocation on every CPU
// at once. Globals must be constants with constant initializers (constexpr,
// or const/constinit const); the only exceptions are the runtime's map
// types, which synchronize access, and its configuration type, which is
// read-only once the image runs.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoMutableGlobals final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    const auto *VD = dyn_cast<VarDecl>(&D);
    if (!VD || isa<ParmVarDecl>(VD) || !VD->hasGlobalStorage() || VD->isStaticLocal() ||
        VD->getTSCSpec() != TSCS_unspecified || VD->hasExternalStorage())
      return; // locals, iu-no-static-locals, iu-no-thread-local, iu-no-extern
    QualType T = VD->getType();
    if (T->isDependentType())
      return; // checked in each instantiation
    if (isRuntimeMap(T, C))
      return;
    if (!T.isConstQualified() || hasMutableMember(T)) {
      C.report(*this, C.locOf(D), "mutable global variables are not allowed in extensions",
               "declare it constexpr; keep state shared between invocations in a runtime map");
      return;
    }
    if (VD->hasInit() && !VD->getInit()->isValueDependent() && !VD->hasConstantInitialization())
      C.report(*this, C.locOf(D), "global constants need a constant initializer",
               "declare it constexpr");
  }

private:
  // Runtime map and configuration types carry [[clang::annotate("iu::map")]]
  // or [[clang::annotate("iu::config")]].
  static bool isRuntimeMap(QualType T, Context &C) {
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return false;
    if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      RD = S->getSpecializedTemplate()->getTemplatedDecl();
    if (!C.isDeclaredByRuntime(*RD))
      return false;
    for (const auto *A : RD->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == "iu::map" || A->getAnnotation() == "iu::config")
        return true;
    return false;
  }
};

} // namespace
IU_RULE_FACTORY(NoMutableGlobals)
} // namespace iu::checker
