// libiu-passes: the LLVM pass plugin iu-cc loads into every extension compile
// (clang -fpass-plugin=libiu-passes.so). At every -O level, one function
// pass runs first in the pipeline:
//
//   iu-zero-stack zeroes every stack object at the start of its lifetime
//                 (ZeroStackObjects.cpp).
//
// and two module passes run at the end of the optimization pipeline:
//
//   iu-fuel       charges one unit of the invocation's fuel at every CFG
//                 back-edge (every retreating edge of a depth-first walk, so
//                 irreducible cycles are covered too) and at the entry of
//                 every function that calls other code, and ends the
//                 invocation through __iu_fuel_exhausted when the fuel runs
//                 out.
//   iu-verify-ir  checks the final IR: no inline asm, no indirect calls, and
//                 calls only to functions defined in the module, the runtime
//                 (__iu_*), the sanitizer handlers (__ubsan_handle_*), the
//                 memory functions and the helper allowlist. Anything else is
//                 a compile error naming the function.
//
// Fuel lives in struct iu_run (abi.h) at the base of the iu stack, found as
// rsp & ~(IU_STACK_SIZE - 1). A function with loops loads it once on entry,
// keeps it in a register (an SSA value) while it runs, and writes it back
// before returning and around calls to functions that may charge fuel
// themselves, so a back-edge costs a register decrement and a branch.
// Helpers charge the fuel in memory for the work they do (abi.h), so cached
// fuel is written back and reloaded around helper calls too.
//
// Function entries are charged as well: the checker rejects recursion, so
// every cycle of execution goes through a back-edge, but a loop-free call
// tree (mix<N> calling mix<N-1> twice) runs 2^N calls without one. A leaf
// (a function that calls no other code of the image) is not charged: each
// call to it was made by a charged function, and runs a bounded number of
// instructions itself.
#include <iu/abi.h>

#include "ZeroStackObjects.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

namespace {

// The budget iu-cc records in the image note. The host sets each
// invocation's fuel from that note; the pass only checks the value is sane.
cl::opt<unsigned long long> FuelBudget("iu-fuel", cl::init(IU_FUEL_DEFAULT),
                                       cl::desc("iu: fuel budget recorded in the image note"));

// Charge a loop whose trip count is known on entry once, in its preheader,
// instead of at each iteration.
cl::opt<bool> ChargeTripCounts("iu-fuel-trip-counts", cl::init(true),
                               cl::desc("iu: charge counted loops on entry"));

// Charge a loop with a small known bound (but data-dependent exits) its
// bound on entry, and refund the iterations it did not take when it exits.
cl::opt<bool> ChargeBounds("iu-fuel-bounds", cl::init(true),
                           cl::desc("iu: charge bounded loops on entry, refund on exit"));
// The largest bound charged on entry: a loop may be refused this much fuel
// early, when less than its bound is left.
constexpr uint64_t kMaxChargedBound = 1u << 16;

constexpr const char *kFuelExhausted = "__iu_fuel_exhausted";

// A helper of the allowlist (abi.h).
bool isHelperName(StringRef Name) {
#define IU_X(name) if (Name == #name) return true;
  IU_HELPER_LIST(IU_X)
#undef IU_X
  return false;
}

// Functions outside the module that a call may reach: the runtime, the
// sanitizer handlers, the memory functions, helpers.
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

// The iu_run of the running invocation: rsp rounded down to the iu stack's
// alignment. Reading rsp (not the frame address) forces no frame pointer.
Value *emitRunPointer(IRBuilder<> &B, Module &M) {
  LLVMContext &Ctx = M.getContext();
  Function *ReadReg = Intrinsic::getDeclaration(&M, Intrinsic::read_register, {B.getInt64Ty()});
  Metadata *Rsp = MDNode::get(Ctx, {MDString::get(Ctx, "rsp")});
  Value *Sp = B.CreateCall(ReadReg, {MetadataAsValue::get(Ctx, Rsp)}, "iu.sp");
  Value *Base = B.CreateAnd(Sp, B.getInt64(~static_cast<uint64_t>(IU_STACK_SIZE - 1)), "iu.run.addr");
  return B.CreateIntToPtr(Base, B.getPtrTy(), "iu.run");
}

// struct iu_run begins with its fuel (offset 0).
static_assert(__builtin_offsetof(iu_run, fuel) == 0, "the pass loads iu_run.fuel at offset 0");

class FuelInstrumenter {
public:
  FuelInstrumenter(Module &M, ModuleAnalysisManager &MAM)
      : M(M), Ctx(M.getContext()),
        FAM(MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager()) {}

  bool run() {
    if (FuelBudget == 0 || FuelBudget > (1ull << 62)) {
      Ctx.emitError("iu: -iu-fuel must be between 1 and 2^62");
      return false;
    }
    if (ChargeTripCounts)
      for (Function &F : M)
        if (isDefined(F))
          insertPreheaders(F);
    // Back-edges of every function, before the instrumentation changes the
    // CFGs (and after the preheaders above did), and the functions charged
    // on entry.
    DenseMap<Function *, SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4>> Edges;
    DenseSet<Function *> EntryCharged;
    for (Function &F : M)
      if (isDefined(F)) {
        SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> E;
        FindFunctionBackedges(F, E);
        bool Entry = chargedOnEntry(F);
        if (Entry)
          EntryCharged.insert(&F);
        if (!E.empty() || Entry)
          Edges[&F] = std::move(E);
      }
    if (Edges.empty())
      return false;
    computeMayCharge(Edges);
    for (auto &[F, E] : Edges) {
      instrument(*F, E, EntryCharged.contains(F));
      FAM.invalidate(*F, PreservedAnalyses::none());
    }
    return true;
  }

private:
  // A loop is charged on entry in its preheader. At the end of the pipeline
  // a loop often has none: it is entered straight from the previous loop's
  // exiting branch. Give every loop one (this moves no back-edge).
  void insertPreheaders(Function &F) {
    DominatorTree &DT = FAM.getResult<DominatorTreeAnalysis>(F);
    LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
    bool Changed = false;
    for (Loop *L : LI.getLoopsInPreorder())
      if (!L->getLoopPreheader() &&
          InsertPreheaderForLoop(L, &DT, &LI, /*MSSAU=*/nullptr, /*PreserveLCSSA=*/false))
        Changed = true;
    if (Changed) {
      PreservedAnalyses PA;
      PA.preserve<DominatorTreeAnalysis>();
      PA.preserve<LoopAnalysis>();
      FAM.invalidate(F, PA);
    }
  }

  // A function that calls other code of the image (not only helpers, the
  // runtime and intrinsics) pays one unit on entry. Not one that sets the
  // panic landing point (the entry trampoline): running out there would
  // unwind to a landing point not yet set, and the host's budget is at
  // least 1 anyway.
  static bool chargedOnEntry(Function &F) {
    bool CallsCode = false;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      if (auto *CI = dyn_cast<CallInst>(CB); CI && returnsTwice(*CI))
        return false;
      Function *Callee = staticCallee(*CB);
      if (!Callee || (!Callee->isIntrinsic() && (isDefined(*Callee) ||
                                                 !isRuntimeName(Callee->getName()))))
        CallsCode = true;
    }
    return CallsCode;
  }

  // Which functions may charge fuel, directly or through their callees: a
  // caller keeps its cached fuel in memory across calls to those only.
  void computeMayCharge(
      const DenseMap<Function *, SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4>>
          &Edges) {
    for (auto &KV : Edges)
      MayCharge.insert(KV.first);
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (Function &F : M) {
        if (!isDefined(F) || MayCharge.contains(&F))
          continue;
        for (Instruction &I : instructions(F)) {
          auto *CB = dyn_cast<CallBase>(&I);
          if (CB && callMayCharge(*CB)) {
            MayCharge.insert(&F);
            Changed = true;
            break;
          }
        }
      }
    }
  }

  bool callMayCharge(const CallBase &CB) const {
    if (CB.isInlineAsm())
      return false; // refused by iu-verify-ir
    Function *Callee = staticCallee(CB);
    if (!Callee)
      return true; // indirect: refused by iu-verify-ir, but be safe
    if (Callee->isIntrinsic())
      return false;
    if (isDefined(*Callee))
      return MayCharge.contains(Callee);
    // A declaration: helpers charge for their work, and so does the
    // runtime's code that calls them (__iu_* functions that return); the
    // sanitizer handlers and memory functions never do; anything else (a
    // function of another translation unit of the same image) may.
    StringRef Name = Callee->getName();
    if (isHelperName(Name))
      return true;
    if (Name.starts_with("__iu_"))
      return !Callee->doesNotReturn();
    return !isRuntimeName(Name);
  }

  // __iu_fuel_exhausted(const char *file, u32 line): where the report says
  // the fuel ran out.
  FunctionCallee fuelExhausted() {
    FunctionType *FT = FunctionType::get(
        Type::getVoidTy(Ctx), {PointerType::getUnqual(Ctx), Type::getInt32Ty(Ctx)}, false);
    FunctionCallee FC = M.getOrInsertFunction(kFuelExhausted, FT);
    if (auto *Fn = dyn_cast<Function>(FC.getCallee())) {
      // Hidden and dso_local: a direct PC-relative call that the linker
      // binds inside the image, never a PLT or GOT entry.
      Fn->setVisibility(GlobalValue::HiddenVisibility);
      Fn->setDSOLocal(true);
      Fn->setDoesNotReturn();
      Fn->setDoesNotThrow();
      Fn->setCallingConv(CallingConv::C);
      Fn->addFnAttr(Attribute::Cold);
    }
    return FC;
  }

  // A loop whose back-edges are all charged at once on entry: SCEV knows
  // how often its back-edges run (an exact, loop-invariant count that is
  // cheap to compute in the preheader). Any other exit ends the invocation
  // (a panic) or leaves the loop earlier, so the charge is never too small.
  //
  // A bounded loop: SCEV knows an upper bound of its back-edge count (at
  // most kMaxChargedBound) but not the exact count. It is charged the bound
  // on entry; on every exit edge the iterations not taken are refunded,
  // computed from an induction variable {Start,+,1} or {Start,+,-1} of its
  // header, whose value in the k-th iteration is Start +/- k. The refund is
  // exact, so only a loop entered with less fuel than its bound is treated
  // differently (refused on entry).
  struct CountedLoop {
    Loop *L;
    BasicBlock *Preheader; // recorded before the CFG changes
    const SCEV *Count;
    PHINode *IV = nullptr; // bounded loops only
    bool Down = false;
  };

  // An induction variable of L's header that counts iterations by +1 or -1
  // without wrapping within Max iterations.
  static PHINode *countingIV(Loop *L, ScalarEvolution &SE, uint64_t Max, bool *Down) {
    for (PHINode &PN : L->getHeader()->phis()) {
      if (!PN.getType()->isIntegerTy() || PN.getType()->getIntegerBitWidth() > 64)
        continue;
      unsigned W = PN.getType()->getIntegerBitWidth();
      if (W < 64 && Max >= (uint64_t(1) << W))
        continue;
      auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(&PN));
      if (!AR || AR->getLoop() != L || !AR->isAffine())
        continue;
      auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
      if (!Step)
        continue;
      if (Step->getAPInt().isOne())
        *Down = false;
      else if (Step->getAPInt().isAllOnes())
        *Down = true;
      else
        continue;
      return &PN;
    }
    return nullptr;
  }

  SmallVector<CountedLoop, 4> countedLoops(Function &F) {
    SmallVector<CountedLoop, 4> Out;
    if (!ChargeTripCounts)
      return Out;
    LoopInfo &LI = FAM.getResult<LoopAnalysis>(F);
    ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
    TargetTransformInfo &TTI = FAM.getResult<TargetIRAnalysis>(F);
    SCEVExpander Exp(SE, M.getDataLayout(), "iu.trip");
    OptimizationRemarkEmitter &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
    // -Rpass-missed=iu-fuel says which loops pay at every back-edge, and why.
    auto missed = [&](Loop *L, const char *Why) {
      ORE.emit([&] {
        return OptimizationRemarkMissed("iu-fuel", "PerIteration", L->getStartLoc(),
                                        L->getHeader())
               << "loop charged at each back-edge: " << Why;
      });
    };
    for (Loop *L : LI.getLoopsInPreorder()) {
      BasicBlock *PH = L->getLoopPreheader();
      auto *Br = PH ? dyn_cast<BranchInst>(PH->getTerminator()) : nullptr;
      if (!Br || Br->isConditional()) {
        missed(L, "no preheader ending in an unconditional branch");
        continue;
      }
      auto usable = [&](const SCEV *C) {
        return !isa<SCEVCouldNotCompute>(C) && SE.isLoopInvariant(C, L) &&
               C->getType()->isIntegerTy() && C->getType()->getIntegerBitWidth() <= 64 &&
               Exp.isSafeToExpandAt(C, Br) &&
               !Exp.isHighCostExpansion({C}, L, /*Budget=*/8, &TTI, Br);
      };
      const SCEV *Count = SE.getBackedgeTakenCount(L);
      if (usable(Count)) {
        Out.push_back({L, PH, Count});
        continue;
      }
      if (!ChargeBounds) {
        missed(L, "no exact trip count");
        continue;
      }
      auto *Max = dyn_cast<SCEVConstant>(SE.getConstantMaxBackedgeTakenCount(L));
      if (!Max || Max->getAPInt().getActiveBits() > 64 ||
          Max->getAPInt().getZExtValue() > kMaxChargedBound) {
        missed(L, "no exact trip count and no small constant bound");
        continue;
      }
      bool Down = false;
      PHINode *IV = countingIV(L, SE, Max->getAPInt().getZExtValue(), &Down);
      if (!IV) {
        missed(L, "bounded, but no induction variable counting its iterations");
        continue;
      }
      SmallVector<BasicBlock *, 4> Exiting;
      L->getExitingBlocks(Exiting);
      if (!llvm::all_of(Exiting, [](BasicBlock *BB) {
            return isa<BranchInst>(BB->getTerminator()) || isa<SwitchInst>(BB->getTerminator());
          })) {
        missed(L, "bounded, but an exit is not a branch or switch");
        continue;
      }
      // A symbolic bound (often tighter, like j <= i) when it is cheap.
      const SCEV *Sym = SE.getSymbolicMaxBackedgeTakenCount(L);
      Out.push_back({L, PH, usable(Sym) ? Sym : Max, IV, Down});
    }
    return Out;
  }

  // Sends every edge From -> To (a switch may have several) through Via,
  // which must already branch to To; To's PHIs see Via as one predecessor.
  static void redirectEdges(BasicBlock *From, BasicBlock *To, BasicBlock *Via) {
    Instruction *T = From->getTerminator();
    for (unsigned I = 0, N = T->getNumSuccessors(); I != N; ++I)
      if (T->getSuccessor(I) == To)
        T->setSuccessor(I, Via);
    for (PHINode &PN : To->phis()) {
      Value *V = nullptr;
      int Idx;
      while ((Idx = PN.getBasicBlockIndex(From)) >= 0) {
        V = PN.getIncomingValue(Idx);
        PN.removeIncomingValue(Idx, /*DeletePHIIfEmpty=*/false);
      }
      if (V)
        PN.addIncoming(V, Via);
    }
  }

  // Puts a new block (ending in "br To") on every edge From -> To.
  BasicBlock *splitEdge(Function &F, BasicBlock *From, BasicBlock *To, const char *Name) {
    BasicBlock *New = BasicBlock::Create(Ctx, Name, &F, To);
    BranchInst::Create(To, New);
    redirectEdges(From, To, New);
    return New;
  }

  // The path of a debug scope's file as the sanitizers report it.
  template <class Scope> static std::string sourcePath(const Scope *S) {
    StringRef File = S->getFilename(), Dir = S->getDirectory();
    if (File.starts_with("/") || Dir.empty())
      return File.str();
    return (Dir + "/" + File).str();
  }

  // The source line a fuel report names: the first charged back-edge's
  // branch or loop header (iu-cc compiles with line tables), else the
  // function's own line, else just the file.
  std::pair<std::string, unsigned>
  exhaustionSite(Function &F,
                 const SmallVectorImpl<std::pair<const BasicBlock *, const BasicBlock *>> &E) {
    for (const auto &[From, To] : E) {
      if (const DebugLoc &DL = From->getTerminator()->getDebugLoc(); DL && DL.getLine())
        return {sourcePath(DL.get()), DL.getLine()};
      for (const Instruction &I : *To)
        if (const DebugLoc &DL = I.getDebugLoc(); DL && DL.getLine())
          return {sourcePath(DL.get()), DL.getLine()};
    }
    if (const DISubprogram *SP = F.getSubprogram())
      return {sourcePath(SP), SP->getLine()};
    return {M.getSourceFileName(), 0};
  }

  void instrument(Function &F,
                  const SmallVectorImpl<std::pair<const BasicBlock *, const BasicBlock *>> &E,
                  bool ChargeEntry) {
    auto [SiteFile, SiteLine] = exhaustionSite(F, E);
    SmallVector<CountedLoop, 4> Counted = countedLoops(F);
    // Collect what needs write-back before changing anything.
    SmallVector<CallInst *, 8> ChargingCalls;
    SmallVector<ReturnInst *, 4> Returns;
    for (Instruction &I : instructions(F)) {
      if (auto *CI = dyn_cast<CallInst>(&I)) {
        // A setjmp returns a second time after a panic unwound to it: the
        // reload after it then sees the fuel the panic left, not a stale
        // register copy from before.
        if (callMayCharge(*CI) || returnsTwice(*CI))
          ChargingCalls.push_back(CI);
      } else if (auto *RI = dyn_cast<ReturnInst>(&I)) {
        Returns.push_back(RI);
      } else if (isa<InvokeInst>(&I) || isa<CallBrInst>(&I)) {
        // No exceptions and no asm goto in the language; keep it simple.
        if (callMayCharge(*cast<CallBase>(&I))) {
          DiagnosticInfoUnsupported D(F, "iu: unsupported call form in a function with loops",
                                      I.getDebugLoc());
          Ctx.diagnose(D);
          return;
        }
      }
    }

    // The cached fuel: an alloca promoted to SSA values at the end.
    BasicBlock &Entry = F.getEntryBlock();
    IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
    Type *I64 = B.getInt64Ty();
    AllocaInst *Slot = B.CreateAlloca(I64, nullptr, "iu.fuel.slot");
    Instruction *SlotInit;
    {
      // Skip the block's allocas so they stay static allocas at the top.
      BasicBlock::iterator It = Entry.getFirstInsertionPt();
      while (isa<AllocaInst>(&*It))
        ++It;
      B.SetInsertPoint(&Entry, It);
      Value *Run = emitRunPointer(B, M);
      SlotInit = B.CreateStore(B.CreateLoad(I64, Run, "iu.fuel"), Slot);
    }
    auto writeBack = [&](Instruction *Before) {
      IRBuilder<> WB(Before);
      Value *Run = emitRunPointer(WB, M);
      WB.CreateStore(WB.CreateLoad(I64, Slot), Run);
    };
    for (ReturnInst *RI : Returns)
      writeBack(RI);
    for (CallInst *CI : ChargingCalls) {
      if (!returnsTwice(*CI))
        writeBack(CI);
      if (CI->isMustTailCall())
        continue;
      IRBuilder<> RB(CI->getNextNode());
      Value *Run = emitRunPointer(RB, M);
      RB.CreateStore(RB.CreateLoad(I64, Run, "iu.fuel"), Slot);
    }

    // One cold block per function ends the invocation.
    BasicBlock *Fail = BasicBlock::Create(Ctx, "iu.fuel.exhausted", &F);
    {
      IRBuilder<> FB(Fail);
      Value *Run = emitRunPointer(FB, M);
      FB.CreateStore(FB.getInt64(0), Run); // report "none left"
      Value *File = FB.CreateGlobalString(SiteFile, "iu.fuel.file", 0, &M);
      CallInst *Call = FB.CreateCall(fuelExhausted(), {File, FB.getInt32(SiteLine)});
      Call->setDoesNotReturn();
      Call->setDoesNotThrow();
      FB.CreateUnreachable();
    }

    MDNode *Unlikely = MDBuilder(Ctx).createBranchWeights(1, (1u << 20) - 1);

    // Counted loops: charge the whole count in the preheader; their own
    // back-edges are then free.
    DenseMap<Loop *, Value *> ChargeOf;
    if (!Counted.empty()) {
      ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
      SCEVExpander Exp(SE, M.getDataLayout(), "iu.trip");
      for (const CountedLoop &C : Counted) {
        BasicBlock *PH = C.Preheader;
        BasicBlock *Header = C.L->getHeader();
        Instruction *Br = PH->getTerminator();
        Value *N = Exp.expandCodeFor(C.Count, C.Count->getType(), Br);
        IRBuilder<> PB(Br);
        Value *N64 = PB.CreateZExt(N, I64, "iu.trip.count");
        ChargeOf[C.L] = N64;
        Value *Cur = PB.CreateLoad(I64, Slot);
        Value *Left = PB.CreateSub(Cur, N64, "iu.fuel.left");
        PB.CreateStore(Left, Slot);
        Value *Out = PB.CreateOr(PB.CreateICmpUGT(N64, Cur), PB.CreateICmpSLT(Left, PB.getInt64(0)),
                                 "iu.fuel.out");
        PB.CreateCondBr(Out, Fail, Header, Unlikely);
        Br->eraseFromParent();
      }
      Exp.clear();
    }
    // Bounded loops: refund on every exit edge. Edges are split in the CFG
    // LoopInfo describes; Moved maps an original edge to the block that now
    // ends it, for later splits of the same edge.
    DenseMap<std::pair<BasicBlock *, BasicBlock *>, BasicBlock *> Moved;
    for (const CountedLoop &C : Counted) {
      if (!C.IV)
        continue;
      BasicBlock *PH = C.Preheader;
      Value *Start = C.IV->getIncomingValueForBlock(PH);
      Value *Charged = ChargeOf[C.L];
      SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> Exits;
      C.L->getExitEdges(Exits);
      SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> UniqueExits;
      for (auto &X : Exits)
        if (!llvm::is_contained(UniqueExits, X))
          UniqueExits.push_back(X);
      for (auto [From, To] : UniqueExits) {
        std::pair<BasicBlock *, BasicBlock *> Key(From, To);
        BasicBlock *Src = Moved.count(Key) ? Moved[Key] : From;
        BasicBlock *R = splitEdge(F, Src, To, "iu.fuel.refund");
        IRBuilder<> RB(R->getTerminator());
        // Frozen, the exit value is opaque to SCEV: loop strength reduction
        // would otherwise keep the refund as a second counter in the loop.
        Value *End = RB.CreateFreeze(C.IV, "iu.iv.exit");
        Value *Taken = C.Down ? RB.CreateSub(Start, End) : RB.CreateSub(End, Start);
        Value *Taken64 = RB.CreateZExt(Taken, I64, "iu.fuel.taken");
        // Never more than was charged on entry, whatever the IV says: the
        // loop's termination must not rest on the refund's arithmetic.
        Value *Refund = RB.CreateBinaryIntrinsic(
            Intrinsic::umin, RB.CreateSub(Charged, Taken64), Charged, nullptr, "iu.fuel.refund");
        RB.CreateStore(RB.CreateAdd(RB.CreateLoad(I64, Slot), Refund), Slot);
        Moved[Key] = R;
      }
    }

    auto chargedOnEntry = [&](const BasicBlock *From, const BasicBlock *To) {
      for (const CountedLoop &C : Counted)
        if (C.L->getHeader() == To && C.L->contains(From))
          return true;
      return false;
    };

    SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> Unique;
    for (auto &[From, To] : E) {
      std::pair<BasicBlock *, BasicBlock *> P(const_cast<BasicBlock *>(From),
                                              const_cast<BasicBlock *>(To));
      if (!chargedOnEntry(From, To) && !llvm::is_contained(Unique, P))
        Unique.push_back(P);
    }
    for (auto [From, To] : Unique) {
      if (auto It = Moved.find({From, To}); It != Moved.end())
        From = It->second; // a refund block now ends this back-edge
      Instruction *T = From->getTerminator();
      if (isa<IndirectBrInst>(T) || isa<CallBrInst>(T)) {
        DiagnosticInfoUnsupported D(F, "iu: loop through an indirect branch", T->getDebugLoc());
        Ctx.diagnose(D);
        return;
      }
      BasicBlock *Charge = BasicBlock::Create(Ctx, "iu.fuel.charge", &F, To);
      IRBuilder<> CB(Charge);
      // The freeze keeps the fuel out of SCEV's view, so that loop strength
      // reduction does not fold it into the loop's induction variables
      // (which costs more per iteration than this decrement).
      Value *Cur = CB.CreateFreeze(CB.CreateLoad(I64, Slot), "iu.fuel.cur");
      Value *Left = CB.CreateSub(Cur, CB.getInt64(1), "iu.fuel.left");
      CB.CreateStore(Left, Slot);
      Value *Out = CB.CreateICmpSLT(Left, CB.getInt64(0), "iu.fuel.out");
      CB.CreateCondBr(Out, Fail, To, Unlikely);
      if (T->getDebugLoc())
        for (Instruction &I : *Charge)
          I.setDebugLoc(T->getDebugLoc());
      // Every edge From -> To now goes through the charge block.
      redirectEdges(From, To, Charge);
    }

    // Last, so that no preheader recorded above moves: the entry pays one
    // unit before anything else runs.
    if (ChargeEntry) {
      BasicBlock *Body = Entry.splitBasicBlock(SlotInit->getNextNode(), "iu.entry.body");
      Entry.getTerminator()->eraseFromParent();
      IRBuilder<> EB(&Entry);
      Value *Left = EB.CreateSub(EB.CreateLoad(I64, Slot), EB.getInt64(1), "iu.fuel.left");
      EB.CreateStore(Left, Slot);
      EB.CreateCondBr(EB.CreateICmpSLT(Left, EB.getInt64(0), "iu.fuel.out"), Fail, Body,
                      Unlikely);
    }

    DominatorTree DT(F);
    PromoteMemToReg({Slot}, DT);
  }

  Module &M;
  LLVMContext &Ctx;
  FunctionAnalysisManager &FAM;
  DenseSet<Function *> MayCharge;
};

struct FuelPass : PassInfoMixin<FuelPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    return FuelInstrumenter(M, MAM).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; } // also under optnone and at -O0
};

struct VerifyPass : PassInfoMixin<VerifyPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
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
  static bool isRequired() { return true; }
};

void addPasses(ModulePassManager &MPM) {
  MPM.addPass(FuelPass());
  MPM.addPass(VerifyPass());
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
                  addPasses(MPM);
                });
#else
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) { addPasses(MPM); });
#endif
            // For opt -passes=iu-fuel,iu-verify-ir (tests).
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name == "iu-fuel") {
                    MPM.addPass(FuelPass());
                    return true;
                  }
                  if (Name == "iu-verify-ir") {
                    MPM.addPass(VerifyPass());
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
