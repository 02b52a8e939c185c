// iu-no-reference-escape: references are second-class. `T&` appears only as
// a function parameter (and as a range-for variable over a named range): a
// reference then never outlives the call it was passed to, so it can never
// dangle. No reference variables, members, return types, template
// parameters or arguments.
//
// The runtime's reference-like types (iu::view, its iterators, program
// contexts: see SecondClassTypes) and every type that holds or derives from
// one follow the same rules, except that they may also be local variables
// as long as they are not made from a temporary.
#include "RuleSupport.h"

#include "llvm/ADT/DenseMap.h"

using namespace clang;

namespace iu::checker {
namespace {

// Second-class types: the runtime's types that hold an address (iu::view,
// its iterators, program contexts; marked with a member named
// iu_second_class or holding a pointer member) and every type from which
// one is reachable (a derived class, a class holding one, a closure
// capturing one, a template argument): they may not outlive the storage
// they point into.
class SecondClassTypes {
public:
  bool contains(QualType T, Context &C) {
    return reachesClass(T, [&](const CXXRecordDecl &RD) { return isSecondClass(RD, C); });
  }

private:
  bool isSecondClass(const CXXRecordDecl &RD, Context &C) {
    auto [It, New] = Cache.try_emplace(&RD, false);
    if (New)
      It->second = compute(RD, C);
    return It->second;
  }

  static bool compute(const CXXRecordDecl &RD, Context &C) {
    const CXXRecordDecl *Pattern = &RD;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(&RD))
      Pattern = Spec->getSpecializedTemplate()->getTemplatedDecl();
    if (!C.isDeclaredByRuntime(*Pattern))
      return false;
    DeclarationName Name(&C.ast().Idents.get("iu_second_class"));
    if (!Pattern->lookup(Name).empty())
      return true;
    if (!RD.hasDefinition())
      return false;
    for (const FieldDecl *F : RD.fields())
      if (containsObjectPointer(F->getType()) || isFunctionReferenceOrPointer(F->getType()))
        return true;
    return false;
  }

  llvm::DenseMap<const CXXRecordDecl *, bool> Cache;
};

// The initializer binds a reference to a temporary that is not itself a
// view: a view made from it would dangle at the end of the statement.
bool viewsTemporary(const Stmt *S, SecondClassTypes &Views, Context &C) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(S))
    if (!Views.contains(M->getType(), C))
      return true;
  for (const Stmt *Child : S->children())
    if (viewsTemporary(Child, Views, C))
      return true;
  return false;
}

std::string quoted(QualType T) { return "'" + T.getUnqualifiedType().getAsString() + "'"; }

class NoReferenceEscape final : public Rule {
public:
  using Rule::Rule;

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (!TL.getAs<ReferenceTypeLoc>())
      return;
    // Only when the reference is the template argument itself: T& inside
    // a function type argument is a parameter.
    const Frame *P = C.frame(1);
    if (P && P->Kind == Frame::TemplateArgK)
      C.report(*this, C.locOf(TL), "reference types may not be template arguments",
               "pass the value type; a template could keep the reference alive beyond "
               "its object");
  }

  void checkDecl(const Decl &D, Context &C) override {
    if (const auto *FD = dyn_cast<FunctionDecl>(&D)) {
      // A deleted function never runs; a defaulted one returns *this.
      if (FD->isDeleted() || FD->isDefaulted())
        return;
      QualType R = FD->getReturnType();
      if (!R->isReferenceType() && Views.contains(R, C))
        C.report(*this, C.locOf(D), "functions may not return views or other second-class types (" + quoted(R) + ")",
                 "return the data by value, or pass the storage in as a parameter");
      else if (R->isReferenceType())
        C.report(*this, C.locOf(D), "functions may not return references",
                 "return by value; callers can pass objects in as T& parameters");
      else if (hasReferenceTemplateArgument(R))
        C.report(*this, C.locOf(D), "functions may not return objects holding references",
                 "return by value");
      return;
    }
    if (const auto *FD = dyn_cast<FieldDecl>(&D)) {
      if (FD->getType()->isReferenceType() || hasReferenceTemplateArgument(FD->getType()))
        C.report(*this, C.locOf(D), "reference members are not allowed in extensions",
                 "store a copy of the value");
      else if (Views.contains(FD->getType(), C))
        C.report(*this, C.locOf(D), "views may not be stored in members (" + quoted(FD->getType()) + " is second-class)",
                 "store the data (an iu::array), or pass the view as a function parameter");
      return;
    }
    if (const auto *NT = dyn_cast<NonTypeTemplateParmDecl>(&D)) {
      if (NT->getType()->isReferenceType())
        C.report(*this, C.locOf(D), "reference template parameters are not allowed in extensions",
                 "use a value template parameter");
      return;
    }
    if (const auto *TD = dyn_cast<TypedefNameDecl>(&D)) {
      if (hasReferenceTemplateArgument(TD->getUnderlyingType()))
        C.report(*this, C.locOf(D), "reference types may not be template arguments",
                 "pass the value type");
      return;
    }
    const auto *VD = dyn_cast<VarDecl>(&D);
    if (!VD)
      return;
    QualType T = VD->getType();
    if (isa<ParmVarDecl>(VD)) {
      if (hasReferenceTemplateArgument(T))
        C.report(*this, C.locOf(D), "reference types may not be template arguments",
                 "pass the value type");
      return;
    }
    if (!T->isReferenceType()) {
      if (hasReferenceTemplateArgument(T))
        C.report(*this, C.locOf(D), "variables may not hold references",
                 "store a copy of the value");
      else if (Views.contains(T, C)) {
        if (VD->hasGlobalStorage())
          C.report(*this, C.locOf(D), "views may not be global or static variables (" + quoted(T) + " is second-class)",
                   "make the view a local or a function parameter");
        else if (viewsTemporary(VD->getInit(), Views, C))
          C.report(*this, C.locOf(D), "a view of a temporary would dangle (" + quoted(T) + " is second-class)",
                   "store the data in a named local first, and view that");
      }
      return;
    }
    if (const CXXForRangeStmt *For = rangeForOf(*VD, C)) {
      const Expr *Range = For->getRangeInit();
      if (!Range || Range->isTypeDependent() || Range->isLValue())
        return;
      C.report(*this, C.locOf(D), "a range-for reference variable may only iterate over a named "
               "array or object",
               "iterate by value (for (auto x : ...)), or store the range in a local first");
      return;
    }
    if (VD->isInitCapture()) {
      C.report(*this, C.locOf(D), "lambda init-captures may not be references",
               "capture by copy ([x = ...]), or capture a variable by reference with [&x]");
      return;
    }
    if (isa<DecompositionDecl>(VD)) {
      C.report(*this, C.locOf(D), "structured bindings may not be references",
               "bind by value: auto [a, b] = ...");
      return;
    }
    C.report(*this, C.locOf(D), "reference variables are not allowed in extensions",
             "copy the value into a local (auto x = ...), or pass the object to a function "
             "taking T&");
  }

private:
  SecondClassTypes Views;

  static const CXXForRangeStmt *rangeForOf(const VarDecl &VD, Context &C) {
    const Frame *DS = C.frame(1);
    const Frame *For = C.frame(2);
    if (!DS || !For || !DS->stmt() || !isa<DeclStmt>(DS->stmt()))
      return nullptr;
    const auto *FRS = dyn_cast_or_null<CXXForRangeStmt>(For->stmt());
    return FRS && FRS->getLoopVariable() == &VD ? FRS : nullptr;
  }
};

} // namespace
IU_RULE_FACTORY(NoReferenceEscape)
} // namespace iu::checker
