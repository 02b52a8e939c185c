// iu-no-runtime-internals: the runtime's implementation (namespace
// iu::detail, names starting with __iu, macros starting with IU_DETAIL_)
// handles raw pointers on the user's behalf; only its public API is safe to
// use. IU_DETAIL_PROGRAM, for instance, would let the user pick the context
// type a hook's data is read as. Namespace iu itself belongs to the
// runtime: user code may not add to it or specialize its templates.
#include "RuleSupport.h"

#include "clang/Lex/MacroInfo.h"

using namespace clang;

namespace iu::checker {
namespace {

bool isIuNamespace(const DeclContext *DC) {
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  return NS && NS->getName() == "iu" && NS->getParent()->getRedeclContext()->isTranslationUnit();
}

bool isInternal(const NamedDecl &D) {
  if (const IdentifierInfo *II = D.getIdentifier())
    if (II->getName().starts_with("__iu"))
      return true;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (NS && NS->getName() == "detail" && isIuNamespace(NS->getParent()->getRedeclContext()))
      return true;
  }
  return false;
}

// A runtime template meant for extensions' headers to specialize
// (vmlinux::function_prototype, which iu-btf writes): it says so with
// [[clang::annotate("iu::extension_point")]].
bool isExtensionPoint(const Decl &Pattern) {
  const Decl *D = &Pattern;
  if (const auto *T = dyn_cast<TemplateDecl>(D))
    D = T->getTemplatedDecl();
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "iu::extension_point")
      return true;
  return false;
}

class MacroCallbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void MacroExpands(const Token &Name, const MacroDefinition &MD, SourceRange,
                    const MacroArgs *) override {
    const IdentifierInfo *II = Name.getIdentifierInfo();
    if (!II)
      return;
    StringRef N = II->getName();
    if (!N.starts_with("IU_DETAIL") && !N.starts_with("__IU") && !N.starts_with("__iu"))
      return;
    const MacroInfo *MI = MD.getMacroInfo();
    if (!MI || !C.isTrusted(MI->getDefinitionLoc()) || C.isTrusted(Name.getLocation()))
      return;
    C.report(R, Name.getLocation(), "macro '" + N + "' is internal to the runtime",
             "use the runtime's public macros (IU_KPROBE, IU_KRETPROBE, IU_FENTRY, IU_FEXIT, "
             "IU_PERF_EVENT, IU_TRACEPOINT, IU_LICENSE)");
  }
};

class NoRuntimeInternals final : public Rule {
public:
  using Rule::Rule;

  void registerPPCallbacks(Preprocessor &PP, Context &C) override {
    PP.addPPCallbacks(std::make_unique<MacroCallbacks>(*this, C));
  }

  void checkDecl(const Decl &D, Context &C) override {
    const auto *ND = dyn_cast<NamedDecl>(&D);
    if (!ND || D.isImplicit())
      return;
    if (const auto *NS = dyn_cast<NamespaceDecl>(ND)) {
      if (isIuNamespace(NS))
        C.report(*this, C.locOf(D), "namespace iu is reserved for the runtime",
                 "declare your code in your own namespace (or an anonymous one)");
      return;
    }
    const Decl *Pattern = nullptr;
    bool Explicit = false;
    if (const auto *CS = dyn_cast<ClassTemplateSpecializationDecl>(ND)) {
      Pattern = CS->getSpecializedTemplate();
      Explicit = CS->isExplicitSpecialization();
    } else if (const auto *VS = dyn_cast<VarTemplateSpecializationDecl>(ND)) {
      Pattern = VS->getSpecializedTemplate();
      Explicit = VS->isExplicitSpecialization();
    } else if (const auto *FD = dyn_cast<FunctionDecl>(ND)) {
      Pattern = FD->getPrimaryTemplate();
      Explicit = FD->getTemplateSpecializationKind() == TSK_ExplicitSpecialization;
    }
    if (Explicit && Pattern && C.isDeclaredByRuntime(*Pattern) && !isExtensionPoint(*Pattern)) {
      C.report(*this, C.locOf(D), "runtime templates may not be specialized by extensions",
               "write your own template");
      return;
    }
    if (const IdentifierInfo *II = ND->getIdentifier())
      if (II->getName().starts_with("__iu"))
        C.report(*this, C.locOf(D), "names starting with __iu are reserved for the runtime",
                 "choose another name");
  }

  void checkStmt(const Stmt &S, Context &C) override {
    const NamedDecl *Target = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&S))
      Target = Ref->getDecl();
    else if (const auto *M = dyn_cast<MemberExpr>(&S))
      Target = M->getMemberDecl();
    if (Target && isInternal(*Target) && C.isDeclaredByRuntime(*Target))
      report(*Target, C.locOf(S), C);
  }

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    const NamedDecl *Target = nullptr;
    if (auto T = TL.getAs<TagTypeLoc>())
      Target = T.getDecl();
    else if (auto T = TL.getAs<TypedefTypeLoc>())
      Target = T.getTypedefNameDecl();
    else if (auto T = TL.getAs<TemplateSpecializationTypeLoc>())
      Target = T.getTypePtr()->getTemplateName().getAsTemplateDecl();
    if (Target && isInternal(*Target) && C.isDeclaredByRuntime(*Target))
      report(*Target, C.locOf(TL), C);
  }

private:
  void report(const NamedDecl &Target, SourceLocation Loc, Context &C) {
    C.report(*this, Loc,
             "'" + C.nameOf(Target) + "' is internal to the runtime",
             "use the runtime's public API (see docs/language.md)");
  }
};

} // namespace
IU_RULE_FACTORY(NoRuntimeInternals)
} // namespace iu::checker
