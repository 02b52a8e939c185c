// iu-include-outside-runtime: an extension is one file plus the runtime's
// headers. #include may only resolve (by real path, symlinks followed)
// inside the runtime include tree; every file the preprocessor enters is
// re-checked, whatever brought it in. #embed reads arbitrary files. Runtime
// headers are included at file scope: inside a user namespace, class,
// function or extern "C" block, the user could add to the runtime's own
// namespaces or change its linkage.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *OneFile =
    "include only runtime headers (#include <iu/iu.h>); put your code in this file";

class Callbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void InclusionDirective(SourceLocation HashLoc, const Token &, StringRef FileName, bool,
                          CharSourceRange, OptionalFileEntryRef File, StringRef, StringRef,
                          const Module *, bool, SrcMgr::CharacteristicKind) override {
    if (!C.trust().isUserDirective(HashLoc) || !File || C.trust().isRuntimeFile(*File))
      return;
    C.report(R, HashLoc, "#include of '" + FileName + "' resolves outside the runtime include tree",
             OneFile);
  }

  void FileChanged(SourceLocation Loc, FileChangeReason Reason, SrcMgr::CharacteristicKind,
                   FileID) override {
    if (Reason != EnterFile || Loc.isInvalid())
      return;
    SourceManager &SM = C.sm();
    FileID FID = SM.getFileID(SM.getFileLoc(Loc));
    if (FID == SM.getMainFileID() || !SM.getFileEntryRefForID(FID) ||
        C.trust().isRuntimeFile(FID))
      return;
    SourceLocation At = SM.getIncludeLoc(FID);
    C.report(R, At.isValid() ? At : Loc,
             "file '" + SM.getFileEntryRefForID(FID)->getName() +
                 "' is outside the runtime include tree",
             OneFile);
  }

  void EmbedDirective(SourceLocation HashLoc, StringRef, bool, OptionalFileEntryRef,
                      const LexEmbedParametersResult &) override {
    if (C.trust().isUserDirective(HashLoc))
      C.report(R, HashLoc, "#embed is not allowed in extensions",
               "write the data as a constexpr array in this file");
  }
};

class IncludeOutsideRuntime final : public Rule {
public:
  using Rule::Rule;

  bool observesAllCode() const override { return true; }

  // A declaration from a runtime header whose enclosing declaration is the
  // user's came from an #include inside that declaration. (Runtime macros
  // expanded there are fine: their expansion is in the user's file.)
  void observeDecl(const Decl &D, Context &C) override {
    if (!C.current().Trusted)
      return;
    const auto *Parent = dyn_cast_or_null<Decl>(D.getLexicalDeclContext());
    if (!Parent || isa<TranslationUnitDecl>(Parent) || C.isTrusted(Parent->getLocation()))
      return;
    SourceManager &SM = C.sm();
    SourceLocation Loc = D.getLocation();
    if (Loc.isInvalid() || !C.trust().isRuntimeFile(SM.getFileID(SM.getExpansionLoc(Loc))))
      return;
    SourceLocation Include = SM.getIncludeLoc(SM.getFileID(SM.getExpansionLoc(Loc)));
    C.report(*this, Include.isValid() ? Include : C.locOf(*Parent),
             "runtime headers must be included at file scope",
             "move the #include out of the namespace, class, function or extern block");
  }

  void registerPPCallbacks(Preprocessor &PP, Context &C) override {
    PP.addPPCallbacks(std::make_unique<Callbacks>(*this, C));
  }
};

} // namespace
IU_RULE_FACTORY(IncludeOutsideRuntime)
} // namespace iu::checker
