// iu-zero-stack: zero every stack object at the start of its lifetime, so
// that no read of memory the extension has not written can see what an
// earlier frame left there (host pointers in the user backend, kernel data
// in iu.ko).
//
// -ftrivial-auto-var-init=zero covers named local variables only, and only
// when their declaration runs. This pass covers the rest: temporaries
// (`scan(T())` where T's constructor sets one member), objects whose
// declaration a `switch` jumps over (clang then omits their lifetime
// markers), and padding. It runs first in the pipeline (before SROA turns
// unwritten loads into undef): an object with lifetime.start markers is
// zeroed right after each one (a new lifetime reads as zero again); one
// without markers is zeroed on function entry. An object clang already
// zero-initializes after its lifetime.start ("auto-init" stores) is left
// alone. Stores the program then makes over the zeros are removed by the
// optimizer when they are dead.
#include "ZeroStackObjects.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;

namespace iu::passes {
namespace {

// clang marks the stores -ftrivial-auto-var-init adds with !annotation
// "auto-init".
bool isAutoInit(const Instruction &I) {
  const MDNode *MD = I.getMetadata(LLVMContext::MD_annotation);
  if (!MD)
    return false;
  for (const MDOperand &Op : MD->operands())
    if (const auto *S = dyn_cast<MDString>(Op.get()); S && S->getString() == "auto-init")
      return true;
  return false;
}

void zeroAfter(Instruction *Where, AllocaInst &AI, uint64_t Size) {
  IRBuilder<> B(Where->getNextNode());
  B.CreateMemSet(&AI, B.getInt8(0), Size, AI.getAlign());
}

} // namespace

PreservedAnalyses ZeroStackObjectsPass::run(Function &F, FunctionAnalysisManager &) {
  if (F.isDeclaration())
    return PreservedAnalyses::all();
  const DataLayout &DL = F.getDataLayout();
  SmallVector<AllocaInst *, 16> Allocas;
  for (Instruction &I : instructions(F))
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      Allocas.push_back(AI);
  Instruction *EntryPoint = nullptr; // the last static alloca of the entry block
  for (Instruction &I : F.getEntryBlock())
    if (isa<AllocaInst>(&I))
      EntryPoint = &I;

  bool Changed = false;
  for (AllocaInst *AI : Allocas) {
    std::optional<TypeSize> Size = AI->getAllocationSize(DL);
    if (!Size || Size->isScalable() || Size->getFixedValue() == 0 || !AI->isStaticAlloca())
      continue; // dynamic allocas are refused by the checker
    SmallVector<Instruction *, 2> Starts;
    bool AutoInit = false;
    for (User *U : AI->users()) {
      if (auto *II = dyn_cast<IntrinsicInst>(U); II && II->getIntrinsicID() == Intrinsic::lifetime_start)
        Starts.push_back(II);
      else if (auto *I = dyn_cast<Instruction>(U); I && isAutoInit(*I))
        AutoInit = true;
    }
    if (!Starts.empty()) {
      if (AutoInit)
        continue;
      for (Instruction *S : Starts)
        zeroAfter(S, *AI, Size->getFixedValue());
    } else {
      zeroAfter(EntryPoint ? EntryPoint : AI, *AI, Size->getFixedValue());
    }
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace iu::passes
