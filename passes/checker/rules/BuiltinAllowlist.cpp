// iu-builtin-allowlist: compiler builtins reach below the language (memory
// copies through pointers, setjmp, frame addresses, atomics, traps). Only
// these are allowed: __builtin_expect, the *_overflow arithmetic checks,
// __builtin_bswap16/32/64, __builtin_offsetof, __builtin_is_constant_evaluated,
// __builtin_constant_p, and the bit-counting __builtin_clz/ctz/popcount
// families (checked by -fsanitize=builtin). alloca is iu-no-vla's.
#include "RuleSupport.h"

#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace iu::checker {
namespace {

bool isAllowed(StringRef Name) {
  if (Name.starts_with("__builtin_") && Name.ends_with("_overflow") &&
      !Name.contains("overflow_p"))
    return true;
  for (StringRef Family : {"__builtin_clz", "__builtin_ctz", "__builtin_popcount"})
    if (Name == Family || Name == (Family.str() + "l") || Name == (Family.str() + "ll"))
      return true;
  return llvm::StringSwitch<bool>(Name)
      .Cases("__builtin_expect", "__builtin_bswap16", "__builtin_bswap32", "__builtin_bswap64",
             true)
      .Cases("__builtin_is_constant_evaluated", "__builtin_constant_p", true)
      .Default(false);
}

class BuiltinAllowlist final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    const auto *Ref = dyn_cast<DeclRefExpr>(&S);
    if (!Ref)
      return;
    const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl());
    if (!FD || !FD->getBuiltinID())
      return;
    StringRef Name = FD->getName();
    if (isAllowed(Name) || Name.contains("alloca"))
      return;
    C.report(*this, C.locOf(S), "builtin '" + Name + "' is not allowed in extensions",
             "allowed builtins: __builtin_expect, __builtin_*_overflow, __builtin_bswap16/32/64, "
             "__builtin_offsetof, __builtin_is_constant_evaluated, __builtin_constant_p, "
             "__builtin_clz/ctz/popcount");
  }
};

} // namespace
IU_RULE_FACTORY(BuiltinAllowlist)
} // namespace iu::checker
