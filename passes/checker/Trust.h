// The trust boundary: which source locations belong to the trusted runtime.
//
// A location is trusted when the text it was spelled in (through every macro
// expansion) is a file whose real path lies inside the runtime include
// directory. "System header" status never counts: linemarkers and
// `#pragma clang system_header` can forge it. Tokens made by the
// preprocessor (## pastes, # stringizing, __FILE__) live in a scratch buffer;
// they belong to whoever wrote the `##`, `#` or `__FILE__`. Everything else
// -- the main file, other files, <built-in> and <command line> -- is user
// code. The main file is user code even if it sits in the runtime tree.
#pragma once

#include "clang/Basic/FileEntry.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace clang {
class SourceManager;
class FileManager;
} // namespace clang

namespace iu::checker {

class Trust {
public:
  // RuntimeDir must be an absolute real path (see Plugin.cpp).
  Trust(clang::SourceManager &SM, std::string RuntimeDir);

  // True if Loc was spelled in a runtime header.
  bool isTrusted(clang::SourceLocation Loc);
  // True if the file is a runtime header (real path inside the runtime tree).
  bool isRuntimeFile(clang::FileEntryRef File);
  bool isRuntimeFile(clang::FileID FID);
  // True if FID is the buffer of compiler predefines and -D/-U options.
  bool isPredefines(clang::FileID FID) const;
  // True for macros defined on the command line (-D), which are user input.
  bool isCommandLine(clang::SourceLocation Loc) const;
  // For preprocessor rules: true if the directive or macro at Loc was
  // written by the user (a file other than the runtime's, or -D/-U), not
  // the runtime or the compiler's own predefines.
  bool isUserDirective(clang::SourceLocation Loc);

  const std::string &runtimeDir() const { return RuntimeDir; }

private:
  bool computeTrusted(clang::FileID FID);

  clang::SourceManager &SM;
  std::string RuntimeDir;
  llvm::DenseMap<clang::FileID, bool> ByFileID;
  llvm::DenseMap<const clang::FileEntry *, bool> ByFile;
};

} // namespace iu::checker
