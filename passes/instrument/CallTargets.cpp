#include "CallTargets.h"

#include <iu/abi.h>

#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace iu::passes {

bool isHelperName(StringRef Name) {
#define IU_X(name) if (Name == #name) return true;
  IU_HELPER_LIST(IU_X)
#undef IU_X
  return false;
}

bool isRuntimeName(StringRef Name) {
  if (Name.starts_with("__iu_") || Name.starts_with("__ubsan_handle_"))
    return true;
  if (Name == "memcpy" || Name == "memset" || Name == "memmove" || Name == "memcmp")
    return true;
  return isHelperName(Name);
}

// Intrinsics that lower to nothing, to plain instructions, to the memory
// functions, or that the runtime's own inline code needs (the entry
// trampoline's setjmp and frame address, the pass's read of rsp). Everything
// else (trap, debugtrap, ubsantrap, returnaddress, readcyclecounter, ...)
// is refused.
bool isAllowedIntrinsic(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::memcpy:
  case Intrinsic::memcpy_inline:
  case Intrinsic::memmove:
  case Intrinsic::memset:
  case Intrinsic::memset_inline:
  case Intrinsic::lifetime_start:
  case Intrinsic::lifetime_end:
  case Intrinsic::invariant_start:
  case Intrinsic::invariant_end:
  case Intrinsic::launder_invariant_group:
  case Intrinsic::strip_invariant_group:
  case Intrinsic::dbg_declare:
  case Intrinsic::dbg_value:
  case Intrinsic::dbg_assign:
  case Intrinsic::dbg_label:
  case Intrinsic::assume:
  case Intrinsic::expect:
  case Intrinsic::expect_with_probability:
  case Intrinsic::experimental_noalias_scope_decl:
  case Intrinsic::is_constant:
  case Intrinsic::objectsize:
  case Intrinsic::allow_ubsan_check:
  case Intrinsic::allow_runtime_check:
  case Intrinsic::donothing:
  case Intrinsic::sideeffect:
  case Intrinsic::ssa_copy:
  case Intrinsic::sadd_with_overflow:
  case Intrinsic::uadd_with_overflow:
  case Intrinsic::ssub_with_overflow:
  case Intrinsic::usub_with_overflow:
  case Intrinsic::smul_with_overflow:
  case Intrinsic::umul_with_overflow:
  case Intrinsic::sadd_sat:
  case Intrinsic::uadd_sat:
  case Intrinsic::ssub_sat:
  case Intrinsic::usub_sat:
  case Intrinsic::sshl_sat:
  case Intrinsic::ushl_sat:
  case Intrinsic::smin:
  case Intrinsic::smax:
  case Intrinsic::umin:
  case Intrinsic::umax:
  case Intrinsic::abs:
  case Intrinsic::bswap:
  case Intrinsic::bitreverse:
  case Intrinsic::ctpop:
  case Intrinsic::ctlz:
  case Intrinsic::cttz:
  case Intrinsic::fshl:
  case Intrinsic::fshr:
  case Intrinsic::ptrmask:
  case Intrinsic::frameaddress:
  case Intrinsic::read_register:
  case Intrinsic::eh_sjlj_setjmp:
  case Intrinsic::stacksave: // __builtin_setjmp stores rsp in the buffer
    return true;
  default:
    return false;
  }
}

// The function a call statically targets, looking through casts and aliases
// (clang emits complete-object constructors as aliases of base-object ones).
Function *staticCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCastsAndAliases());
}

bool isDefined(const Function &F) { return !F.isDeclaration(); }

// __builtin_setjmp (the entry trampoline's landing point) and friends.
bool returnsTwice(const CallInst &CI) {
  if (CI.canReturnTwice())
    return true;
  const auto *II = dyn_cast<IntrinsicInst>(&CI);
  return II && II->getIntrinsicID() == Intrinsic::eh_sjlj_setjmp;
}

} // namespace iu::passes
