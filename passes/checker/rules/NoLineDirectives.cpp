// iu-no-line-directives: #line and GNU linemarkers (`# 1 "x.h" 3`) rewrite
// what the compiler believes a file and line are, and can mark code as a
// system header. The checker never trusts presumed locations, but
// diagnostics would point at the wrong place, so they are refused.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace iu::checker {
namespace {

class Callbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void FileChanged(SourceLocation Loc, FileChangeReason Reason, SrcMgr::CharacteristicKind,
                   FileID) override {
    if (Reason != RenameFile || Loc.isInvalid())
      return;
    SourceManager &SM = C.sm();
    // The preprocessor reports the position after the directive: report at
    // the start of the directive's line, which precedes the line note it
    // adds (and so still has its real presumed location).
    SourceLocation At = SM.getFileLoc(Loc);
    if (SM.getFileOffset(At) > 0)
      At = At.getLocWithOffset(-1);
    std::pair<FileID, unsigned> D = SM.getDecomposedLoc(At);
    unsigned Line = SM.getLineNumber(D.first, D.second);
    At = SM.translateLineCol(D.first, Line, 1);
    if (!C.trust().isUserDirective(At))
      return;
    C.report(R, At, "#line and line markers are not allowed in extensions",
             "remove the directive; diagnostics must point at the real source");
  }
};

using NoLineDirectives = PreprocessorRule<Callbacks>;

} // namespace
IU_RULE_FACTORY(NoLineDirectives)
} // namespace iu::checker
