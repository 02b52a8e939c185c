// iu-no-macro-override: user macros must not change the runtime headers or
// the compiler's own macros. A user macro (from the file or from -D) that is
// expanded or tested inside a runtime header would splice user tokens into
// trusted code or switch its #if branches; redefining or #undef-ing a
// compiler or runtime macro (__UINT64_TYPE__, IU_STACK_SIZE) changes what
// trusted code means.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/MacroInfo.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace iu::checker {
namespace {

class Callbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    if (!MD || !isUser(Name.getLocation()))
      return;
    const MacroDirective *Prev = MD->getPrevious();
    if (const auto *Def = dyn_cast_or_null<DefMacroDirective>(Prev))
      if (!isUserMacro(Def->getInfo()))
        C.report(R, Name.getLocation(),
                 "redefining the compiler's or runtime's macro '" +
                     Name.getIdentifierInfo()->getName() + "' is not allowed",
                 "choose another name");
  }

  void MacroUndefined(const Token &Name, const MacroDefinition &MD,
                      const MacroDirective *) override {
    if (!isUser(Name.getLocation()) || !MD.getMacroInfo() || isUserMacro(MD.getMacroInfo()))
      return;
    C.report(R, Name.getLocation(),
             "#undef of the compiler's or runtime's macro '" +
                 Name.getIdentifierInfo()->getName() + "' is not allowed",
             "remove the #undef");
  }

  void MacroExpands(const Token &Name, const MacroDefinition &MD, SourceRange,
                    const MacroArgs *) override {
    usedInRuntime(Name, MD);
  }
  void Defined(const Token &Name, const MacroDefinition &MD, SourceRange) override {
    usedInRuntime(Name, MD);
  }
  void Ifdef(SourceLocation, const Token &Name, const MacroDefinition &MD) override {
    usedInRuntime(Name, MD);
  }
  void Ifndef(SourceLocation, const Token &Name, const MacroDefinition &MD) override {
    usedInRuntime(Name, MD);
  }
  void Elifdef(SourceLocation, const Token &Name, const MacroDefinition &MD) override {
    usedInRuntime(Name, MD);
  }
  void Elifndef(SourceLocation, const Token &Name, const MacroDefinition &MD) override {
    usedInRuntime(Name, MD);
  }

private:
  // User input: the main file, other files, -D options. Not user: the
  // runtime and the compiler's predefines.
  bool isUser(SourceLocation Loc) { return C.trust().isUserDirective(Loc); }
  bool isUserMacro(const MacroInfo *MI) {
    return MI && !MI->isBuiltinMacro() && isUser(MI->getDefinitionLoc());
  }

  void usedInRuntime(const Token &Name, const MacroDefinition &MD) {
    const MacroInfo *MI = MD.getMacroInfo();
    if (!MI || !C.isTrusted(Name.getLocation()) || !isUserMacro(MI))
      return;
    if (!Reported.insert(MI).second)
      return;
    C.report(R, MI->getDefinitionLoc(),
             "macro '" + Name.getIdentifierInfo()->getName() +
                 "' would change a runtime header, which uses that name",
             "define your macros after the runtime #includes, with names the runtime does "
             "not use");
  }

  llvm::DenseSet<const MacroInfo *> Reported;
};

using NoMacroOverride = PreprocessorRule<Callbacks>;

} // namespace
IU_RULE_FACTORY(NoMacroOverride)
} // namespace iu::checker
