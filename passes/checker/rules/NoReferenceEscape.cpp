// iu-no-reference-escape: references are second-class. `T&` appears only as
// a function parameter (and as a range-for variable over a named range): a
// reference then never outlives the call it was passed to, so it can never
// dangle. No reference variables, members, return types, template
// parameters or arguments.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

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
      if (FD->isDeleted())
        return;
      QualType R = FD->getReturnType();
      if (R->isReferenceType())
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
