// iu-include-outside-runtime: an extension is its own files plus the
// runtime's headers. #include may only resolve (by real path, symlinks
// followed) inside the runtime include tree, or to the user's own headers:
// files under the main source file's directory or under an -I directory.
// A user header is user code, checked exactly like the .cpp file; anything
// else (the C library's or the compiler's headers, -isystem directories,
// files elsewhere) is refused. Every file the preprocessor enters is
// re-checked, whatever brought it in. #embed reads arbitrary files. Runtime
// headers are included at file scope: inside a user namespace, class,
// function or extern "C" block, the user could add to the runtime's own
// namespaces or change its linkage.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *OneFile =
    "include runtime headers (#include <iu/iu.h>) and your own headers (next to the source "
    "file or under an -I directory)";

// Where the user's own headers may live: the main file's directory and the
// -I (and -iquote) directories, as real paths.
class UserHeaderDirs {
public:
  UserHeaderDirs(Preprocessor &PP, SourceManager &SM) : PP(PP), SM(SM) {}

  bool contains(FileEntryRef File) {
    if (!Ready)
      collect();
    llvm::SmallString<256> Real;
    if (!realPath(File.getName(), Real))
      return false;
    for (const std::string &D : Dirs)
      if (Real.size() > D.size() && Real.str().starts_with(D) && Real[D.size()] == '/')
        return true;
    return false;
  }

private:
  bool realPath(StringRef Path, llvm::SmallString<256> &Real) {
    llvm::SmallString<256> Abs(Path);
    SM.getFileManager().makeAbsolutePath(Abs);
    return !llvm::sys::fs::real_path(Abs, Real);
  }

  void add(StringRef Dir) {
    llvm::SmallString<256> Real;
    if (!realPath(Dir, Real) || !llvm::sys::fs::is_directory(Real))
      return;
    std::string D = Real.str().str();
    while (D.size() > 1 && D.back() == '/')
      D.pop_back();
    Dirs.push_back(D == "/" ? "" : D); // "/" would allow every file
  }

  void collect() {
    Ready = true;
    if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
      add(llvm::sys::path::parent_path(Main->getName()).empty()
              ? StringRef(".")
              : llvm::sys::path::parent_path(Main->getName()));
    for (const HeaderSearchOptions::Entry &E : PP.getHeaderSearchInfo().getHeaderSearchOpts().UserEntries)
      if (E.Group == frontend::Angled || E.Group == frontend::Quoted)
        add(E.Path);
    llvm::erase(Dirs, std::string());
  }

  Preprocessor &PP;
  SourceManager &SM;
  bool Ready = false;
  std::vector<std::string> Dirs;
};

class Callbacks : public RuleCallbacks {
public:
  Callbacks(const Rule &R, Context &C, Preprocessor &PP) : RuleCallbacks(R, C), User(PP, C.sm()) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &, StringRef FileName, bool,
                          CharSourceRange, OptionalFileEntryRef File, StringRef, StringRef,
                          const Module *, bool, SrcMgr::CharacteristicKind) override {
    if (!C.trust().isUserDirective(HashLoc) || !File || C.trust().isRuntimeFile(*File) ||
        User.contains(*File))
      return;
    C.report(R, HashLoc,
             "#include of '" + FileName +
                 "' resolves outside the runtime include tree and the user's header directories",
             OneFile);
  }

  void FileChanged(SourceLocation Loc, FileChangeReason Reason, SrcMgr::CharacteristicKind,
                   FileID) override {
    if (Reason != EnterFile || Loc.isInvalid())
      return;
    SourceManager &SM = C.sm();
    FileID FID = SM.getFileID(SM.getFileLoc(Loc));
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
    if (FID == SM.getMainFileID() || !FE || C.trust().isRuntimeFile(FID) || User.contains(*FE))
      return;
    SourceLocation At = SM.getIncludeLoc(FID);
    C.report(R, At.isValid() ? At : Loc,
             "file '" + FE->getName() +
                 "' is outside the runtime include tree and the user's header directories",
             OneFile);
  }

  void EmbedDirective(SourceLocation HashLoc, StringRef, bool, OptionalFileEntryRef,
                      const LexEmbedParametersResult &) override {
    if (C.trust().isUserDirective(HashLoc))
      C.report(R, HashLoc, "#embed is not allowed in extensions",
               "write the data as a constexpr array in this file");
  }

private:
  UserHeaderDirs User;
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
    PP.addPPCallbacks(std::make_unique<Callbacks>(*this, C, PP));
  }
};

} // namespace
IU_RULE_FACTORY(IncludeOutsideRuntime)
} // namespace iu::checker
