// libiu-passes: the LLVM pass plugin iu-cc loads into every extension compile
// (clang -fpass-plugin=libiu-passes.so). At every -O level:
//
//   iu-zero-stack  first in the pipeline: zeroes every stack object at the
//                  start of its lifetime (ZeroStackObjects.cpp).
//   iu-fuel        at the end: charges fuel at back-edges and function
//                  entries, ends the invocation when it runs out (Fuel.cpp).
//   iu-verify-ir   last: checks the final IR (VerifyIR.cpp).
#include "Fuel.h"
#include "VerifyIR.h"
#include "ZeroStackObjects.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

namespace {

void addFinalPasses(ModulePassManager &MPM) {
  MPM.addPass(iu::passes::FuelPass());
  MPM.addPass(iu::passes::VerifyIRPass());
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "iu-passes", "0.1", [](PassBuilder &PB) {
            // The first extension point, before SROA could turn a read of
            // an unwritten object into undef.
            PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
              MPM.addPass(createModuleToFunctionPassAdaptor(iu::passes::ZeroStackObjectsPass()));
            });
            // The last extension point of the pipeline; clang 19 runs it at
            // -O0 too (buildO0DefaultPipeline invokes it).
#if LLVM_VERSION_MAJOR >= 20
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
                  addFinalPasses(MPM);
                });
#else
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) { addFinalPasses(MPM); });
#endif
            // For opt -passes=iu-fuel,iu-verify-ir (tests).
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "iu-fuel") {
                    MPM.addPass(iu::passes::FuelPass());
                    return true;
                  }
                  if (Name == "iu-verify-ir") {
                    MPM.addPass(iu::passes::VerifyIRPass());
                    return true;
                  }
                  if (Name == "iu-zero-stack") {
                    MPM.addPass(createModuleToFunctionPassAdaptor(iu::passes::ZeroStackObjectsPass()));
                    return true;
                  }
                  return false;
                });
          }};
}
