// The checker: walks the whole translation unit and hands each node to the
// rules (Rule.h); Context is what a rule sees while it runs.
#pragma once

#include "Rule.h"
#include "Trust.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

#include <memory>
#include <tuple>
#include <vector>

namespace clang {
class CompilerInstance;
class CXXCtorInitializer;
class FunctionDecl;
} // namespace clang

namespace iu::checker {

// One node on the walker's path from the translation unit to the node
// being checked.
struct Frame {
  enum KindT : unsigned char { DeclK, StmtK, TypeLocK, TemplateArgK, CtorInitK };
  KindT Kind = DeclK;
  const void *Node = nullptr;
  clang::TypeLoc TL;                     // TypeLocK
  clang::SourceLocation Loc;             // its location, or its parent's
  bool Trusted = true;                   // spelled in the runtime
  bool Generated = false;                // this node was made by the compiler
  bool GeneratedSubtree = false;         // ... and so is everything below it
  bool Unevaluated = false;              // inside sizeof/decltype/noexcept/...
  bool Templated = false;                // inside a template pattern
  const clang::FunctionDecl *Function = nullptr; // innermost function body

  const clang::Decl *decl() const {
    return Kind == DeclK ? static_cast<const clang::Decl *>(Node) : nullptr;
  }
  const clang::Stmt *stmt() const {
    return Kind == StmtK ? static_cast<const clang::Stmt *>(Node) : nullptr;
  }
  const clang::CXXCtorInitializer *ctorInit() const {
    return Kind == CtorInitK ? static_cast<const clang::CXXCtorInitializer *>(Node) : nullptr;
  }
};

class Context {
public:
  Context(clang::CompilerInstance &CI, Trust &T);

  clang::ASTContext &ast() const { return *AST; }
  void setAST(clang::ASTContext &C) { AST = &C; }
  clang::SourceManager &sm() const { return SM; }
  const clang::LangOptions &langOpts() const;
  clang::DiagnosticsEngine &diags() const { return Diags; }
  Trust &trust() const { return T; }

  // Reports an error "Message [rule-id]" at Loc and a note with what to
  // write instead. At most one error per rule and source line: a template
  // instantiated ten times, or a construct seen as a type and as a
  // declaration, is one mistake.
  void report(const Rule &R, clang::SourceLocation Loc, const llvm::Twine &Message,
              const llvm::Twine &Note);
  // A configuration error that stops the compilation (fail closed).
  void reportFatal(const llvm::Twine &Message);
  unsigned errorCount() const { return Errors; }
  // True if any rule reported an error on Loc's line.
  bool hasErrorOnLine(clang::SourceLocation Loc) const;
  // Errors reported while the current node was being checked.
  unsigned errorsAtCurrentNode() const { return Errors - ErrorsBeforeNode; }
  void beginNode() { ErrorsBeforeNode = Errors; }

  // The walker's path. frame(0) is the node being checked, frame(1) its
  // parent, and so on; nullptr past the root.
  const Frame *frame(unsigned Up = 0) const {
    return Up < Path.size() ? &Path[Path.size() - 1 - Up] : nullptr;
  }
  const Frame &current() const { return Path.back(); }
  // The parent statement, looking through parentheses, if the parent is one.
  const clang::Stmt *parentStmt() const;
  // The innermost function whose body is being walked.
  const clang::FunctionDecl *currentFunction() const {
    return Path.empty() ? nullptr : Path.back().Function;
  }
  bool inTemplatePattern() const { return !Path.empty() && Path.back().Templated; }
  bool inUnevaluatedContext() const { return !Path.empty() && Path.back().Unevaluated; }

  // The location a node is checked and reported at.
  clang::SourceLocation locOf(const clang::Stmt &S) const;
  clang::SourceLocation locOf(const clang::Decl &D) const;
  clang::SourceLocation locOf(clang::TypeLoc TL) const;
  bool isTrusted(clang::SourceLocation Loc) const { return Loc.isValid() && T.isTrusted(Loc); }
  // True if D, or any redeclaration of it, was declared in the runtime.
  bool isDeclaredByRuntime(const clang::Decl &D) const;
  // E names a variable, member or function the user declared: rules about
  // types report that declaration, not every use of it.
  bool namesUserDeclaration(const clang::Expr &E) const;
  // D's name for messages: qualified, with template arguments, without
  // "(anonymous namespace)::".
  std::string nameOf(const clang::NamedDecl &D) const;

  // Used by the walker.
  llvm::SmallVector<Frame, 64> Path;

private:
  clang::ASTContext *AST = nullptr;
  clang::SourceManager &SM;
  clang::DiagnosticsEngine &Diags;
  const clang::LangOptions &LO;
  Trust &T;
  unsigned ErrorID, NoteID, FatalID;
  unsigned Errors = 0;
  unsigned ErrorsBeforeNode = 0;
  std::pair<unsigned, unsigned> lineKey(clang::SourceLocation Loc) const;
  llvm::DenseSet<std::tuple<const Rule *, unsigned, unsigned>> Reported;
  llvm::DenseSet<std::pair<unsigned, unsigned>> LinesWithErrors;
};

// Owns the rules and runs them over one translation unit.
class Checker {
public:
  Checker(clang::CompilerInstance &CI, std::string RuntimeDir);
  ~Checker();
  void registerPPCallbacks(clang::Preprocessor &PP);
  void checkTranslationUnit(clang::ASTContext &AST);

private:
  Trust T;
  Context C;
  std::vector<std::unique_ptr<Rule>> Rules;
};

} // namespace iu::checker
