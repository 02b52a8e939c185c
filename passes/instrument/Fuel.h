// iu-fuel: charges the invocation's fuel at loop back-edges and function
// entries, and ends the invocation when it runs out. See Fuel.cpp.
#pragma once

#include "llvm/IR/PassManager.h"

namespace iu::passes {

struct FuelPass : llvm::PassInfoMixin<FuelPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; } // also under optnone and at -O0
};

} // namespace iu::passes
