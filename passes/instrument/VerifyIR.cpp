// iu-verify-ir: the last pass of an extension's compile. It makes a compile
// error of what the checker already refuses in source and the optimizer or
// a checker gap could still introduce: inline assembly (also module-level),
// ifuncs, indirect calls, the address of an external function taken, calls
// to anything but functions defined in the module, the runtime (__iu_*),
// the sanitizer handlers (__ubsan_handle_*), the memory functions and the
// helper allowlist, and intrinsics outside an allowlist.
#include "VerifyIR.h"
#include "CallTargets.h"

#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace iu::passes {

PreservedAnalyses VerifyIRPass::run(Module &M, ModuleAnalysisManager &) {
  LLVMContext &Ctx = M.getContext();
  auto fail = [&](const Function &F, const Instruction *I, const Twine &Msg) {
    DiagnosticInfoUnsupported D(F, "iu: " + Msg, I ? I->getDebugLoc() : DebugLoc());
    Ctx.diagnose(D);
  };
  if (!M.getModuleInlineAsm().empty()) {
    Ctx.emitError("iu: module-level inline assembly is not allowed");
  }
  for (const GlobalIFunc &IF : M.ifuncs()) {
    Ctx.emitError("iu: ifunc '" + IF.getName() + "' is not allowed");
  }
  for (Function &F : M) {
    if (F.isDeclaration()) {
      // A declared function used other than as a direct callee (its
      // address taken) could be reached indirectly.
      if (F.isIntrinsic())
        continue;
      for (const Use &U : F.uses()) {
        const auto *CB = dyn_cast<CallBase>(U.getUser());
        if (CB && CB->isCallee(&U))
          continue;
        const auto *I = dyn_cast<Instruction>(U.getUser());
        if (I)
          fail(*I->getFunction(), I,
               "the address of external function '" + F.getName() + "' is taken");
        else
          Ctx.emitError("iu: the address of external function '" + F.getName() + "' is taken");
      }
      continue;
    }
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      if (CB->isInlineAsm()) {
        fail(F, &I, "inline assembly in function '" + F.getName() + "'");
        continue;
      }
      if (isa<InvokeInst>(CB) || isa<CallBrInst>(CB)) {
        fail(F, &I, "unsupported call form in function '" + F.getName() + "'");
        continue;
      }
      Function *Callee = staticCallee(*CB);
      if (!Callee) {
        fail(F, &I, "indirect call in function '" + F.getName() + "'");
        continue;
      }
      if (Callee->isIntrinsic()) {
        if (!isAllowedIntrinsic(Callee->getIntrinsicID()))
          fail(F, &I, "call to intrinsic '" + Callee->getName() + "' in function '" +
                          F.getName() + "' is not allowed");
        continue;
      }
      if (isDefined(*Callee) || isRuntimeName(Callee->getName()))
        continue;
      fail(F, &I, "call to '" + Callee->getName() + "' in function '" + F.getName() +
                      "': not defined in the extension, the runtime or the helper allowlist");
    }
  }
  return PreservedAnalyses::all();
}

} // namespace iu::passes
