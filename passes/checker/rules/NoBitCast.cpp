// iu-no-bit-cast: __builtin_bit_cast makes a value of any type from any
// bytes (a bool that is 7, an enum out of range).
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

class NoBitCast final : public Rule {
public:
  using Rule::Rule;

  void checkStmt(const Stmt &S, Context &C) override {
    bool BitCast = isa<BuiltinBitCastExpr>(S);
    if (const auto *Cast = dyn_cast<CastExpr>(&S))
      BitCast |= Cast->getCastKind() == CK_LValueToRValueBitCast;
    if (BitCast)
      C.report(*this, C.locOf(S), "__builtin_bit_cast is not allowed in extensions",
               "convert integers with static_cast and shifts; read kernel bytes as a T with "
               "iu::probe_read_kernel");
  }
};

} // namespace
IU_RULE_FACTORY(NoBitCast)
} // namespace iu::checker
