#include "Trust.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;

namespace iu::checker {

Trust::Trust(SourceManager &SM, std::string RuntimeDir)
    : SM(SM), RuntimeDir(std::move(RuntimeDir)) {}

bool Trust::isRuntimeFile(FileEntryRef File) {
  auto [It, Inserted] = ByFile.try_emplace(&File.getFileEntry(), false);
  if (!Inserted)
    return It->second;
  SmallString<256> Path(File.getName());
  SM.getFileManager().makeAbsolutePath(Path);
  SmallString<256> Real;
  bool Trusted = false;
  if (!llvm::sys::fs::real_path(Path, Real)) {
    StringRef R = Real;
    Trusted = R.size() > RuntimeDir.size() && R.starts_with(RuntimeDir) &&
              R[RuntimeDir.size()] == '/';
  }
  It->second = Trusted;
  return Trusted;
}

bool Trust::isRuntimeFile(FileID FID) {
  if (FID == SM.getMainFileID())
    return false;
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  return FE && isRuntimeFile(*FE);
}

bool Trust::isPredefines(FileID FID) const {
  if (FID.isInvalid())
    return false;
  bool Invalid = false;
  const SrcMgr::SLocEntry &E = SM.getSLocEntry(FID, &Invalid);
  if (Invalid || !E.isFile())
    return false;
  if (E.getFile().getContentCache().OrigEntry)
    return false;
  return SM.getBufferName(SM.getLocForStartOfFile(FID)) == "<built-in>";
}

bool Trust::isCommandLine(SourceLocation Loc) const {
  if (Loc.isInvalid())
    return false;
  Loc = SM.getSpellingLoc(Loc);
  if (!isPredefines(SM.getFileID(Loc)))
    return false;
  PresumedLoc P = SM.getPresumedLoc(Loc);
  return P.isValid() && StringRef(P.getFilename()) == "<command line>";
}

bool Trust::isUserDirective(SourceLocation Loc) {
  if (Loc.isInvalid() || isTrusted(Loc))
    return false;
  SourceLocation Sp = SM.getSpellingLoc(Loc);
  if (isPredefines(SM.getFileID(Sp)))
    return isCommandLine(Sp);
  return true;
}

bool Trust::computeTrusted(FileID FID) {
  bool Invalid = false;
  const SrcMgr::SLocEntry &E = SM.getSLocEntry(FID, &Invalid);
  if (Invalid)
    return false;
  if (E.isFile())
    return isRuntimeFile(FID);
  const SrcMgr::ExpansionInfo &X = E.getExpansion();
  SourceLocation Spelling = X.getSpellingLoc();
  if (Spelling.isFileID()) {
    FileID SpellingFID = SM.getFileID(Spelling);
    const SrcMgr::SLocEntry &S = SM.getSLocEntry(SpellingFID, &Invalid);
    bool Scratch = !Invalid && S.isFile() && !S.getFile().getContentCache().OrigEntry &&
                   SM.getBufferName(Spelling) == "<scratch space>";
    // A token the preprocessor made (paste, stringize, __LINE__) belongs to
    // the code that made it: follow the expansion to the `##`, `#` or
    // builtin macro name.
    if (Scratch)
      return isTrusted(X.getExpansionLocStart());
  }
  return isTrusted(Spelling);
}

bool Trust::isTrusted(SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  FileID FID = SM.getFileID(Loc);
  auto It = ByFileID.find(FID);
  if (It != ByFileID.end())
    return It->second;
  bool Result = computeTrusted(FID);
  ByFileID[FID] = Result;
  return Result;
}

} // namespace iu::checker
