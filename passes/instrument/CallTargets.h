// What a call in an extension's IR may target, for the fuel and IR-check
// passes: the helpers, the runtime, the allowed intrinsics.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Intrinsics.h"

namespace llvm {
class CallBase;
class CallInst;
class Function;
} // namespace llvm

namespace iu::passes {

// A helper of the allowlist (abi.h IU_HELPER_LIST).
bool isHelperName(llvm::StringRef Name);
// Functions outside the module that a call may reach: the runtime
// (__iu_*), the sanitizer handlers, the memory functions, helpers.
bool isRuntimeName(llvm::StringRef Name);
// Intrinsics that lower to nothing, to plain instructions or to the memory
// functions, or that the runtime's own inline code needs.
bool isAllowedIntrinsic(llvm::Intrinsic::ID ID);
// The function a call statically targets, looking through casts and
// aliases; null for an indirect call.
llvm::Function *staticCallee(const llvm::CallBase &CB);
bool isDefined(const llvm::Function &F);
// __builtin_setjmp (the entry trampoline's landing point) and friends.
bool returnsTwice(const llvm::CallInst &CI);

} // namespace iu::passes
