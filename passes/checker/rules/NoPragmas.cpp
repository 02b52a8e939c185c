// iu-no-pragmas: pragmas change how the compiler treats the code (pack,
// diagnostics, optimization, system_header, push_macro, ...). Only
// `#pragma once` is allowed; _Pragma, __pragma and #ident never are.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace iu::checker {
namespace {

// The text at Loc is "# pragma once" followed by the end of the line.
bool isPragmaOnce(SourceManager &SM, SourceLocation Loc) {
  bool Invalid = false;
  const char *P = SM.getCharacterData(Loc, &Invalid);
  if (Invalid)
    return false;
  auto SkipBlanks = [&] {
    while (*P == ' ' || *P == '\t')
      ++P;
  };
  auto Word = [&](StringRef W) {
    if (StringRef(P, W.size()) != W)
      return false;
    P += W.size();
    return true;
  };
  if (*P == '#')
    ++P;
  SkipBlanks();
  if (!Word("pragma") || (*P != ' ' && *P != '\t'))
    return false;
  SkipBlanks();
  if (!Word("once"))
    return false;
  SkipBlanks();
  return *P == '\n' || *P == '\r' || *P == '\0' || (P[0] == '/' && P[1] == '/');
}

class Callbacks : public RuleCallbacks {
public:
  using RuleCallbacks::RuleCallbacks;

  void PragmaDirective(SourceLocation Loc, PragmaIntroducerKind Introducer) override {
    if (!C.trust().isUserDirective(Loc))
      return;
    if (Introducer == PIK_HashPragma) {
      if (isPragmaOnce(C.sm(), Loc))
        return;
      C.report(R, Loc, "pragmas are not allowed in extensions (only #pragma once)",
               "remove the pragma; the compiler settings of extensions are fixed");
      return;
    }
    C.report(R, Loc, "_Pragma is not allowed in extensions",
             "remove it; the compiler settings of extensions are fixed");
  }

  void Ident(SourceLocation Loc, StringRef) override {
    if (C.trust().isUserDirective(Loc))
      C.report(R, Loc, "#ident is not allowed in extensions", "remove the directive");
  }
};

using NoPragmas = PreprocessorRule<Callbacks>;

} // namespace
IU_RULE_FACTORY(NoPragmas)
} // namespace iu::checker
