// What rule implementations include.
#pragma once

#include "Checker.h"
#include "Registry.h"
#include "Rule.h"
#include "TypeQueries.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

#define IU_RULE_FACTORY(Class)                                                            \
  std::unique_ptr<Rule> create##Class(llvm::StringRef ID) { return std::make_unique<Class>(ID); }

namespace iu::checker {

// Preprocessor callbacks that report as rule R.
class RuleCallbacks : public clang::PPCallbacks {
public:
  RuleCallbacks(const Rule &R, Context &C) : R(R), C(C) {}

protected:
  const Rule &R;
  Context &C;
};

// A rule that is nothing but its preprocessor callbacks.
template <class Callbacks> class PreprocessorRule final : public Rule {
public:
  using Rule::Rule;

  void registerPPCallbacks(clang::Preprocessor &PP, Context &C) override {
    PP.addPPCallbacks(std::make_unique<Callbacks>(*this, C));
  }
};

} // namespace iu::checker
