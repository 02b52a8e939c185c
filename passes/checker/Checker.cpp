#include "Checker.h"
#include "Registry.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;

namespace iu::checker {

// ---- Context ---------------------------------------------------------------

Context::Context(CompilerInstance &CI, Trust &T)
    : SM(CI.getSourceManager()), Diags(CI.getDiagnostics()), LO(CI.getLangOpts()), T(T) {
  // Custom Error-level diagnostics belong to no warning group: -w,
  // -Wno-error, -Wno-everything and diagnostic pragmas cannot map them.
  ErrorID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0 [%1]");
  NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  FatalID = Diags.getCustomDiagID(DiagnosticsEngine::Fatal, "%0 [iu-checker]");
}

const LangOptions &Context::langOpts() const { return LO; }

std::pair<unsigned, unsigned> Context::lineKey(SourceLocation Loc) const {
  SourceLocation FileLoc = Loc.isValid() ? SM.getFileLoc(Loc) : Loc;
  if (FileLoc.isInvalid())
    return {0, 0};
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(FileLoc);
  return {D.first.getHashValue(), SM.getLineNumber(D.first, D.second)};
}

bool Context::hasErrorOnLine(SourceLocation Loc) const {
  return LinesWithErrors.contains(lineKey(Loc));
}

void Context::report(const Rule &R, SourceLocation Loc, const llvm::Twine &Message,
                     const llvm::Twine &Note) {
  // A node without a location (an implicit value initialization) is
  // reported where its nearest located ancestor is.
  if (Loc.isInvalid() && !Path.empty())
    Loc = Path.back().Loc;
  auto [FileKey, Line] = lineKey(Loc);
  if (!Reported.insert({&R, FileKey, Line}).second)
    return;
  LinesWithErrors.insert({FileKey, Line});
  ++Errors;
  Diags.Report(Loc, ErrorID) << Message.str() << R.id();
  Diags.Report(Loc, NoteID) << Note.str();
}

void Context::reportFatal(const llvm::Twine &Message) {
  ++Errors;
  Diags.Report(FatalID) << Message.str();
}

const Stmt *Context::parentStmt() const {
  for (unsigned Up = 1;; ++Up) {
    const Frame *F = frame(Up);
    if (!F || F->Kind != Frame::StmtK)
      return nullptr;
    if (!isa<ParenExpr>(F->stmt()))
      return F->stmt();
  }
}

SourceLocation Context::locOf(const Stmt &S) const {
  // A default argument or member initializer is the callee's or the
  // class's code: it is checked where it was written.
  if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(&S))
    return DA->getParam()->getLocation();
  if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(&S))
    return DI->getField()->getLocation();
  if (const auto *E = dyn_cast<Expr>(&S)) {
    SourceLocation L = E->getExprLoc();
    if (L.isValid())
      return L;
  }
  return S.getBeginLoc();
}

SourceLocation Context::locOf(const Decl &D) const { return D.getLocation(); }

SourceLocation Context::locOf(TypeLoc TL) const {
  SourceLocation L = TL.getLocalSourceRange().getBegin();
  return L.isValid() ? L : TL.getBeginLoc();
}

bool Context::isDeclaredByRuntime(const Decl &D) const {
  for (const Decl *R : D.redecls())
    if (isTrusted(R->getLocation()))
      return true;
  return false;
}

bool Context::namesUserDeclaration(const Expr &E) const {
  const Decl *Named = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(&E))
    Named = Ref->getDecl();
  else if (const auto *M = dyn_cast<MemberExpr>(&E))
    Named = M->getMemberDecl();
  else if (const auto *Call = dyn_cast<CallExpr>(&E))
    Named = Call->getCalleeDecl();
  return Named && !isDeclaredByRuntime(*Named);
}

std::string Context::nameOf(const NamedDecl &D) const {
  PrintingPolicy Policy(LO);
  Policy.SuppressUnwrittenScope = true;
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  D.getNameForDiagnostic(OS, Policy, /*Qualified=*/true);
  return Name;
}

// ---- The walker --------------------------------------------------------------

namespace {

bool isUnevaluatedOperand(const Stmt &S) {
  if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(&S))
    return U->getKind() != UETT_VecStep;
  return isa<CXXNoexceptExpr, CXXTypeidExpr, RequiresExpr, ConceptSpecializationExpr>(S);
}

class Walker : public RecursiveASTVisitor<Walker> {
  using Base = RecursiveASTVisitor<Walker>;

public:
  Walker(Context &C, std::vector<std::unique_ptr<Rule>> &Rules) : C(C) {
    for (auto &R : Rules) {
      All.push_back(R.get());
      if (R->observesAllCode())
        Observers.push_back(R.get());
    }
  }

  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    Frame F = child(Frame::DeclK, D, C.locOf(*D));
    F.Templated = D->isTemplated();
    // An implicit declaration and what it contains are the compiler's --
    // except a lambda's class, which holds the user's call operator.
    if (D->isImplicit()) {
      F.Generated = true;
      const auto *RD = dyn_cast<CXXRecordDecl>(D);
      if (!RD || !RD->isLambda())
        F.GeneratedSubtree = true;
    }
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      // An explicitly defaulted function is declared by the user (its
      // attributes are checked) but defined by the compiler.
      if (FD->isImplicit() || FD->isDefaulted())
        F.GeneratedSubtree = true;
      if (FD->isImplicit())
        F.Generated = true;
      if (FD->doesThisDeclarationHaveABody())
        F.Function = FD;
    }
    if (isa<StaticAssertDecl>(D))
      F.Unevaluated = true;
    // A default argument runs in the caller, not in the function declaring it.
    if (isa<ParmVarDecl>(D))
      F.Function = nullptr;
    C.Path.push_back(F);
    dispatchDecl(*D);
    bool Result = D->isInvalidDecl() ? true : Base::TraverseDecl(D);
    C.Path.pop_back();
    return Result;
  }

  bool dataTraverseStmtPre(Stmt *S) {
    Frame F = child(Frame::StmtK, S, C.locOf(*S));
    if (GeneratedRoots.count(S))
      F.Generated = F.GeneratedSubtree = true;
    if (UserRoots.count(S))
      F.Generated = F.GeneratedSubtree = false;
    if (isUnevaluatedOperand(*S))
      F.Unevaluated = true;
    C.Path.push_back(F);
    if (const auto *FRS = dyn_cast<CXXForRangeStmt>(S))
      markRangeFor(*FRS);
    else if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(S))
      markCoroutine(*Coro);
    dispatchStmt(*S);
    return true;
  }

  bool dataTraverseStmtPost(Stmt *S) {
    C.Path.pop_back();
    return true;
  }

  bool TraverseTypeLoc(TypeLoc TL) {
    if (TL.isNull())
      return true;
    Frame F = child(Frame::TypeLocK, TL.getOpaqueData(), C.locOf(TL));
    F.TL = TL;
    if (TL.getAs<DecltypeTypeLoc>() || TL.getAs<TypeOfExprTypeLoc>())
      F.Unevaluated = true;
    C.Path.push_back(F);
    dispatchTypeLoc(TL);
    bool Result = Base::TraverseTypeLoc(TL);
    C.Path.pop_back();
    return Result;
  }

  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &ArgLoc) {
    Frame F = child(Frame::TemplateArgK, &ArgLoc, SourceLocation());
    C.Path.push_back(F);
    bool Result = Base::TraverseTemplateArgumentLoc(ArgLoc);
    C.Path.pop_back();
    return Result;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    Frame F = child(Frame::CtorInitK, Init,
                    Init->isWritten() ? Init->getSourceLocation() : SourceLocation());
    if (!Init->isWritten())
      F.Generated = true;
    C.Path.push_back(F);
    bool Result = Base::TraverseConstructorInitializer(Init);
    C.Path.pop_back();
    return Result;
  }

  // Statements' children are queued, not recursed into: dataTraverseStmtPre
  // and Post bracket each node, so the path stays right.

private:
  Frame child(Frame::KindT Kind, const void *Node, SourceLocation Loc) {
    Frame F;
    if (!C.Path.empty()) {
      const Frame &P = C.Path.back();
      F.Trusted = P.Trusted;
      F.Generated = P.GeneratedSubtree;
      F.GeneratedSubtree = P.GeneratedSubtree;
      F.Unevaluated = P.Unevaluated;
      F.Templated = P.Templated;
      F.Function = P.Function;
      F.Loc = P.Loc;
    }
    F.Kind = Kind;
    F.Node = Node;
    // A node without a location belongs to whoever wrote its parent.
    if (Loc.isValid()) {
      F.Trusted = C.trust().isTrusted(Loc);
      F.Loc = Loc;
    }
    return F;
  }

  // range-for is specified as a rewrite into iterator (for arrays: pointer)
  // code. The rewrite is the compiler's; the range expression, the loop
  // variable and the body are the user's.
  void markRangeFor(const CXXForRangeStmt &S) {
    for (const Stmt *Part : {static_cast<const Stmt *>(S.getRangeStmt()),
                             static_cast<const Stmt *>(S.getBeginStmt()),
                             static_cast<const Stmt *>(S.getEndStmt()),
                             static_cast<const Stmt *>(S.getCond()),
                             static_cast<const Stmt *>(S.getInc())})
      if (Part)
        GeneratedRoots.insert(Part);
    if (const VarDecl *V = S.getLoopVariable())
      if (const Expr *Init = V->getInit())
        GeneratedRoots.insert(Init);
    if (const Expr *R = S.getRangeInit())
      UserRoots.insert(R);
  }

  // A coroutine's body is wrapped in the compiler's frame setup and
  // suspend points; only the original body is the user's.
  void markCoroutine(const CoroutineBodyStmt &S) {
    for (const Stmt *Child : S.children())
      if (Child && Child != S.getBody())
        GeneratedRoots.insert(Child);
  }

  void dispatchDecl(const Decl &D) {
    for (Rule *R : Observers)
      R->observeDecl(D, C);
    const Frame &F = C.current();
    if (F.Trusted)
      return;
    C.beginNode();
    for (Rule *R : All)
      if (!F.Generated || R->checksGeneratedCode())
        R->checkDecl(D, C);
  }

  void dispatchStmt(const Stmt &S) {
    for (Rule *R : Observers)
      R->observeStmt(S, C);
    const Frame &F = C.current();
    if (F.Trusted)
      return;
    C.beginNode();
    for (Rule *R : All)
      if (!F.Generated || R->checksGeneratedCode())
        R->checkStmt(S, C);
  }

  void dispatchTypeLoc(TypeLoc TL) {
    const Frame &F = C.current();
    if (F.Trusted)
      return;
    C.beginNode();
    for (Rule *R : All)
      if (!F.Generated || R->checksGeneratedCode())
        R->checkTypeLoc(TL, C);
  }

  Context &C;
  std::vector<Rule *> All;
  std::vector<Rule *> Observers;
  llvm::DenseSet<const Stmt *> GeneratedRoots;
  llvm::DenseSet<const Stmt *> UserRoots;
};

} // namespace

// ---- Checker -----------------------------------------------------------------

Checker::Checker(CompilerInstance &CI, std::string RuntimeDir)
    : T(CI.getSourceManager(), std::move(RuntimeDir)), C(CI, T), Rules(createAllRules()) {}

Checker::~Checker() = default;

void Checker::registerPPCallbacks(Preprocessor &PP) {
  for (auto &R : Rules)
    R->registerPPCallbacks(PP, C);
}

void Checker::checkTranslationUnit(ASTContext &AST) {
  C.setAST(AST);
  Walker W(C, Rules);
  W.TraverseDecl(AST.getTranslationUnitDecl());
  for (auto &R : Rules)
    R->finishTranslationUnit(C);
  // Our errors are Error-level custom diagnostics, which nothing can
  // downgrade; should that ever change, stop the compilation anyway.
  if (C.errorCount() && !C.diags().hasErrorOccurred())
    C.reportFatal("extension rejected by the safety checker");
}

} // namespace iu::checker
