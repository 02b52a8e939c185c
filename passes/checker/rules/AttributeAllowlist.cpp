// iu-attribute-allowlist: attributes change code generation below the
// language (section, used, naked, alias, weak, no_sanitize, target, optnone,
// assume, cleanup, constructor, ...). User code may use only
// [[nodiscard]], [[maybe_unused]], [[likely]], [[unlikely]],
// [[fallthrough]] and [[deprecated]] (plus the keywords constinit, final and
// override, which clang represents as attributes). `packed` and asm labels
// have their own rules.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

constexpr const char *Allowed =
    "allowed attributes: [[nodiscard]], [[maybe_unused]], [[likely]], [[unlikely]], "
    "[[fallthrough]], [[deprecated]]";

bool isAllowed(const Attr &A) {
  switch (A.getKind()) {
  case attr::WarnUnusedResult:
  case attr::Unused:
  case attr::Likely:
  case attr::Unlikely:
  case attr::FallThrough:
  case attr::Deprecated:
  case attr::ConstInit:
  case attr::Final:
  case attr::Override:
  // Own rules: iu-no-packed, iu-no-asm-labels.
  case attr::Packed:
  case attr::AsmLabel:
    return true;
  default:
    return false;
  }
}

class AttributeAllowlist final : public Rule {
public:
  using Rule::Rule;

  void checkDecl(const Decl &D, Context &C) override {
    for (const Attr *A : D.attrs())
      check(*A, C.locOf(D), C);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (const auto *AS = dyn_cast<AttributedStmt>(&S))
      for (const Attr *A : AS->getAttrs())
        check(*A, C.locOf(S), C);
  }

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (auto AT = TL.getAs<AttributedTypeLoc>()) {
      if (const Attr *A = AT.getAttr())
        check(*A, C.locOf(TL), C);
      else
        C.report(*this, C.locOf(TL), "type attributes are not allowed in extensions", Allowed);
    } else if (TL.getAs<BTFTagAttributedTypeLoc>() || TL.getAs<CountAttributedTypeLoc>()) {
      C.report(*this, C.locOf(TL), "type attributes are not allowed in extensions", Allowed);
    }
  }

private:
  void check(const Attr &A, SourceLocation Fallback, Context &C) {
    if (A.isImplicit() || A.isInherited() || isAllowed(A))
      return;
    SourceLocation Loc = A.getLocation();
    if (C.isTrusted(Loc))
      return;
    if (Loc.isInvalid())
      Loc = Fallback;
    std::string Name = A.getSpelling();
    C.report(*this, Loc, "attribute '" + Name + "' is not allowed in extensions", Allowed);
  }
};

} // namespace
IU_RULE_FACTORY(AttributeAllowlist)
} // namespace iu::checker
