// One rule of the extension language. Each rule is a small class in
// rules/<Name>.cpp, listed once in Registry.def with its stable ID, and has
// one lit test, tests/checker/<id without "iu-">.cpp.
//
// The walker (Checker.cpp) visits every node of the translation unit --
// implicit code and template instantiations included -- parents before
// children, and hands each node of user code to the check* hooks. Nodes
// spelled in the trusted runtime never reach them. Code the compiler
// generated (implicit special members, the desugaring of range-for) reaches
// only rules that ask for it.
#pragma once

#include "clang/AST/TypeLoc.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace clang {
class Decl;
class Stmt;
class Preprocessor;
} // namespace clang

namespace iu::checker {

class Context;

class Rule {
public:
  explicit Rule(llvm::StringRef ID) : ID(ID) {}
  virtual ~Rule() = default;
  Rule(const Rule &) = delete;
  Rule &operator=(const Rule &) = delete;

  // The stable rule ID shown in every diagnostic, e.g. "iu-no-pointers".
  llvm::StringRef id() const { return ID; }

  // Preprocessor rules install their callbacks here, before lexing starts.
  virtual void registerPPCallbacks(clang::Preprocessor &PP, Context &C) {}

  // Nodes of user code.
  virtual void checkDecl(const clang::Decl &D, Context &C) {}
  virtual void checkStmt(const clang::Stmt &S, Context &C) {}
  virtual void checkTypeLoc(clang::TypeLoc TL, Context &C) {}
  // Whether compiler-generated user nodes are passed to check* too.
  virtual bool checksGeneratedCode() const { return false; }

  // Whole-translation-unit analyses (the call graph) see every node,
  // trusted or not, when this returns true.
  virtual bool observesAllCode() const { return false; }
  virtual void observeDecl(const clang::Decl &D, Context &C) {}
  virtual void observeStmt(const clang::Stmt &S, Context &C) {}

  // After the walk: rules that collect facts report here.
  virtual void finishTranslationUnit(Context &C) {}

private:
  llvm::StringRef ID;
};

} // namespace iu::checker
