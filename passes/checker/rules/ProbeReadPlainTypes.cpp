// iu-probe-read-plain-types: iu::probe_read_kernel<T> copies arbitrary kernel
// bytes into a T, so every bit pattern must be a valid T: integers and
// arrays and structs of them, all the way down. bool, enums, unions,
// references, pointers and classes with virtual functions are not.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class ProbeReadPlainTypes final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *Call = dyn_cast<CallExpr>(&S);
    if (!Call)
      return;
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !isProbeRead(*FD, C))
      return;
    const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
    if (!Args)
      return;
    for (const TemplateArgument &A : Args->asArray()) {
      if (A.getKind() != TemplateArgument::Type)
        continue;
      QualType Why;
      if (isPlainData(A.getAsType(), &Why))
        continue;
      C.report(*this, C.locOf(S),
               FD->getName() + " needs a type whose every bit pattern is valid; '" +
                   Why.getAsString(C.ast().getPrintingPolicy()) + "' is not",
               "read integers, or arrays and structs of integers, and convert afterwards "
               "(x != 0 for a bool, a switch for an enum)");
      return;
    }
  }

private:
  // iu::probe_read_* declared by the runtime.
  static bool isProbeRead(const FunctionDecl &FD, Context &C) {
    if (!FD.getName().starts_with("probe_read"))
      return false;
    const auto *NS = dyn_cast<NamespaceDecl>(FD.getDeclContext()->getRedeclContext());
    if (!NS || NS->getName() != "iu" || !NS->getParent()->getRedeclContext()->isTranslationUnit())
      return false;
    const FunctionDecl *Pattern = FD.getPrimaryTemplate()
                                      ? FD.getPrimaryTemplate()->getTemplatedDecl()
                                      : &FD;
    return C.isDeclaredByRuntime(*Pattern);
  }
};

} // namespace
IU_RULE_FACTORY(ProbeReadPlainTypes)
} // namespace iu::checker
