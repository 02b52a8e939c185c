// iu-no-keyword-macros: a macro named like a keyword (`#define private
// public`, `#define const`, `#define final`) changes what the code means
// behind the reader's (and the runtime headers') back.
#include "RuleSupport.h"

#include "clang/Lex/MacroInfo.h"

using namespace clang;

namespace iu::checker {
namespace {

class Callbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void MacroDefined(const Token &Name, const MacroDirective *) override {
    SourceLocation Loc = Name.getLocation();
    if (!C.trust().isUserDirective(Loc))
      return;
    const IdentifierInfo *II = Name.getIdentifierInfo();
    if (!II)
      return;
    StringRef N = II->getName();
    bool Keyword = II->isKeyword(C.langOpts()) || N == "final" || N == "override" ||
                   N == "import" || N == "module";
    if (Keyword)
      C.report(R, Loc, "macro '" + N + "' is named like a keyword",
               "choose a macro name that is not a C++ keyword");
  }
};

using NoKeywordMacros = PreprocessorRule<Callbacks>;

} // namespace
IU_RULE_FACTORY(NoKeywordMacros)
} // namespace iu::checker
