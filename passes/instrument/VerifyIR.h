// iu-verify-ir: checks an extension's final IR. See VerifyIR.cpp.
#pragma once

#include "llvm/IR/PassManager.h"

namespace iu::passes {

struct VerifyIRPass : llvm::PassInfoMixin<VerifyIRPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace iu::passes
