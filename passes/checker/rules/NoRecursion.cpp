// iu-no-recursion: the call graph must be acyclic, so the image's stack
// bound is the deepest path through it. The graph is built over the whole
// translation unit after template instantiation: calls, constructor and
// destructor calls (explicit and implied), calls inside lambdas and
// runtime templates (IU_KPROBE's trampoline calling the program), default
// arguments and default member initializers. Every call inside a cycle
// that user code wrote is reported.
#include "RuleSupport.h"

#include "clang/Basic/SourceManager.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <functional>
#include <vector>

using namespace clang;

namespace iu::checker {
namespace {

struct Edge {
  const FunctionDecl *To;
  SourceLocation Site;
  bool UserSite;
};

class NoRecursion final : public Rule {
public:
  using Rule::Rule;

  bool observesAllCode() const override { return true; }

  void observeDecl(const Decl &D, Context &C) override {
    const FunctionDecl *From = caller(C);
    if (const auto *VD = dyn_cast<VarDecl>(&D)) {
      // A local's destructor runs when its scope ends.
      if (From && VD->hasLocalStorage())
        addDestructor(From, VD->getType(), C.locOf(D), C);
      return;
    }
    if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(&D)) {
      // A destructor destroys the members and bases after its body.
      const CXXRecordDecl *RD = Dtor->getParent();
      if (!RD->hasDefinition() || RD->isDependentContext())
        return;
      for (const FieldDecl *F : RD->fields())
        addDestructor(Dtor, F->getType(), C.locOf(D), C);
      for (const CXXBaseSpecifier &B : RD->bases())
        addDestructor(Dtor, B.getType(), C.locOf(D), C);
    }
  }

  void observeStmt(const Stmt &S, Context &C) override {
    const FunctionDecl *From = caller(C);
    if (!From)
      return;
    SourceLocation Site = C.locOf(S);
    if (const auto *Call = dyn_cast<CallExpr>(&S)) {
      if (const auto *To = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl()))
        add(From, To, Site, C);
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S)) {
      add(From, Construct->getConstructor(), Site, C);
    } else if (const auto *Inherited = dyn_cast<CXXInheritedCtorInitExpr>(&S)) {
      add(From, Inherited->getConstructor(), Site, C);
    } else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(&S)) {
      if (const CXXDestructorDecl *Dtor = Bind->getTemporary()->getDestructor())
        add(From, Dtor, Site, C);
    } else if (const auto *New = dyn_cast<CXXNewExpr>(&S)) {
      if (const FunctionDecl *Op = New->getOperatorNew())
        add(From, Op, Site, C);
    } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(&S)) {
      if (const FunctionDecl *Op = Delete->getOperatorDelete())
        add(From, Op, Site, C);
    }
  }

  void finishTranslationUnit(Context &C) override {
    computeComponents();
    // Every call user code wrote inside a cycle, in source order.
    std::vector<std::pair<const FunctionDecl *, const Edge *>> Calls;
    for (const FunctionDecl *From : Order)
      for (const Edge &E : Graph[From]) {
        if (!E.UserSite || Component[From] != Component[E.To])
          continue;
        if (From != E.To && Component[From] == 0)
          continue;
        Calls.push_back({From, &E});
      }
    SourceManager &SM = C.sm();
    std::stable_sort(Calls.begin(), Calls.end(), [&](const auto &A, const auto &B) {
      return SM.isBeforeInTranslationUnit(SM.getFileLoc(A.second->Site),
                                          SM.getFileLoc(B.second->Site));
    });
    for (const auto &[From, E] : Calls)
      C.report(*this, E->Site,
               "recursive call to '" + name(E->To, C) + "' (cycle: " + cycle(From, E->To, C) + ")",
               "the stack bound must be computable: rewrite the recursion as a loop, with "
               "a fixed-size array as an explicit stack if needed");
  }

private:
  static const FunctionDecl *caller(Context &C) {
    if (C.inUnevaluatedContext())
      return nullptr;
    const FunctionDecl *F = C.currentFunction();
    if (!F || F->isDependentContext())
      return nullptr;
    return F;
  }

  void add(const FunctionDecl *From, const FunctionDecl *To, SourceLocation Site, Context &C) {
    if (!To)
      return;
    From = From->getCanonicalDecl();
    To = To->getCanonicalDecl();
    node(From).push_back({To, Site, !C.current().Trusted});
    node(To);
  }

  llvm::SmallVector<Edge, 4> &node(const FunctionDecl *F) {
    auto [It, Inserted] = Graph.try_emplace(F);
    if (Inserted)
      Order.push_back(F);
    return It->second;
  }

  void addDestructor(const FunctionDecl *From, QualType T, SourceLocation Site, Context &C) {
    T = T.getCanonicalType();
    while (const ArrayType *A = T->getAsArrayTypeUnsafe())
      T = A->getElementType().getCanonicalType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
      return;
    if (const CXXDestructorDecl *Dtor = RD->getDestructor())
      add(From, Dtor, Site, C);
  }

  static std::string name(const FunctionDecl *F, Context &C) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(F))
      if (M->getParent()->isLambda())
        return "lambda";
    return C.nameOf(*F);
  }

  // Tarjan's strongly connected components. Component 0 is "not in a
  // cycle" for single functions without a self-call.
  void computeComponents() {
    llvm::DenseMap<const FunctionDecl *, unsigned> Index, Low;
    llvm::SmallVector<const FunctionDecl *, 32> Stack;
    llvm::DenseMap<const FunctionDecl *, bool> OnStack;
    unsigned Next = 1, NextComponent = 1;
    std::function<void(const FunctionDecl *)> Visit = [&](const FunctionDecl *V) {
      Index[V] = Low[V] = Next++;
      Stack.push_back(V);
      OnStack[V] = true;
      for (const Edge &E : Graph[V]) {
        if (!Index.count(E.To)) {
          Visit(E.To);
          Low[V] = std::min(Low[V], Low[E.To]);
        } else if (OnStack[E.To]) {
          Low[V] = std::min(Low[V], Index[E.To]);
        }
      }
      if (Low[V] != Index[V])
        return;
      llvm::SmallVector<const FunctionDecl *, 4> Members;
      const FunctionDecl *W;
      do {
        W = Stack.pop_back_val();
        OnStack[W] = false;
        Members.push_back(W);
      } while (W != V);
      unsigned Id = Members.size() > 1 ? NextComponent++ : 0;
      for (const FunctionDecl *M : Members)
        Component[M] = Id;
    };
    for (const FunctionDecl *N : Order)
      if (!Index.count(N))
        Visit(N);
  }

  // "f -> g -> f" for the edge From -> To: To back to From inside the
  // component, found breadth-first.
  std::string cycle(const FunctionDecl *From, const FunctionDecl *To, Context &C) {
    std::string Text = name(From, C) + " -> " + name(To, C);
    if (From == To)
      return Text;
    llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> Prev;
    llvm::SmallVector<const FunctionDecl *, 16> Queue{To};
    Prev[To] = nullptr;
    for (size_t I = 0; I < Queue.size(); ++I) {
      const FunctionDecl *V = Queue[I];
      if (V == From)
        break;
      for (const Edge &E : Graph[V])
        if (Component[E.To] == Component[From] && !Prev.count(E.To)) {
          Prev[E.To] = V;
          Queue.push_back(E.To);
        }
    }
    llvm::SmallVector<const FunctionDecl *, 8> Path;
    for (const FunctionDecl *V = From; V && V != To; V = Prev.lookup(V))
      Path.push_back(V);
    for (auto It = Path.rbegin(); It != Path.rend(); ++It)
      Text += " -> " + name(*It, C);
    return Text;
  }

  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Edge, 4>> Graph;
  std::vector<const FunctionDecl *> Order; // Graph's keys, in insertion order
  llvm::DenseMap<const FunctionDecl *, unsigned> Component;
};

} // namespace
IU_RULE_FACTORY(NoRecursion)
} // namespace iu::checker
