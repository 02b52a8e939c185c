// iu-zero-stack: every stack object of an extension reads as zero until the
// extension writes it. See ZeroStackObjects.cpp.
#pragma once

#include "llvm/IR/PassManager.h"

namespace iu::passes {

struct ZeroStackObjectsPass : llvm::PassInfoMixin<ZeroStackObjectsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; } // also under optnone and at -O0
};

} // namespace iu::passes
