// iu-fuel charges one unit of the invocation's fuel at every CFG back-edge
// (every retreating edge of a depth-first walk, so irreducible cycles are
// covered too) and at the entry of every function that calls other code,
// and ends the invocation through __iu_fuel_exhausted when the fuel runs
// out (docs/runtime-safety.md).
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
#include "Fuel.h"
#include "CallTargets.h"

#include <iu/abi.h>

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
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
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

using namespace llvm;

namespace iu::passes {
namespace {

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
// Copies and fills of at most this many bytes are not charged for their
// bytes (bounded work, like any other instruction between charge points).
constexpr uint64_t kFreeMemoryBytes = 256;

constexpr const char *kFuelExhausted = "__iu_fuel_exhausted";

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
        if (!E.empty() || Entry || hasChargedMemoryOps(F))
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
      // Paid for up front, such a loop would not look at the fuel again:
      // a helper that ran out of fuel (or the host's time bound) could
      // not end it before its last iteration.
      if (callsCharging(*L)) {
        missed(L, "it calls a helper or a function that charges fuel");
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

  using EdgeList = SmallVectorImpl<std::pair<const BasicBlock *, const BasicBlock *>>;

  // What the steps below share while instrumenting one function.
  struct Charges {
    AllocaInst *Slot = nullptr;      // the cached fuel (promoted to SSA at the end)
    Instruction *SlotInit = nullptr; // its load on entry
    BasicBlock *Fail = nullptr;      // ends the invocation
    MDNode *Unlikely = nullptr;
    IntegerType *I64 = nullptr;
    DenseMap<Loop *, Value *> ChargeOf; // what a counted loop paid on entry
    // An original edge -> the block that now ends it (after refund splits).
    DenseMap<std::pair<BasicBlock *, BasicBlock *>, BasicBlock *> Moved;
  };

  void instrument(Function &F, const EdgeList &E, bool ChargeEntry) {
    auto [SiteFile, SiteLine] = exhaustionSite(F, E);
    SmallVector<CountedLoop, 4> Counted = countedLoops(F);
    Charges C;
    C.I64 = Type::getInt64Ty(Ctx);
    C.Unlikely = MDBuilder(Ctx).createBranchWeights(1, (1u << 20) - 1);
    if (!cacheFuel(F, C))
      return;
    C.Fail = exhaustedBlock(F, SiteFile, SiteLine);
    chargeCountedLoops(F, Counted, C);
    refundBoundedLoops(F, Counted, C);
    if (!chargeBackEdges(F, E, Counted, C))
      return;
    // Last, so that no preheader recorded above moves.
    chargeMemoryOps(F, C);
    if (ChargeEntry)
      chargeEntry(F, C);
    DominatorTree DT(F);
    PromoteMemToReg({C.Slot}, DT);
  }

  // Loads iu_run.fuel into a local on entry, writes it back before every
  // return and call that may charge, and reloads it after those calls.
  bool cacheFuel(Function &F, Charges &C) {
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
          DiagnosticInfoUnsupported D(F, "iu: unsupported call form in a function charging fuel",
                                      I.getDebugLoc());
          Ctx.diagnose(D);
          return false;
        }
      }
    }
    BasicBlock &Entry = F.getEntryBlock();
    IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
    C.Slot = B.CreateAlloca(C.I64, nullptr, "iu.fuel.slot");
    // Skip the block's allocas so they stay static allocas at the top.
    BasicBlock::iterator It = Entry.getFirstInsertionPt();
    while (isa<AllocaInst>(&*It))
      ++It;
    B.SetInsertPoint(&Entry, It);
    C.SlotInit = B.CreateStore(B.CreateLoad(C.I64, emitRunPointer(B, M), "iu.fuel"), C.Slot);
    auto writeBack = [&](Instruction *Before) {
      IRBuilder<> WB(Before);
      Value *Run = emitRunPointer(WB, M);
      WB.CreateStore(WB.CreateLoad(C.I64, C.Slot), Run);
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
      RB.CreateStore(RB.CreateLoad(C.I64, Run, "iu.fuel"), C.Slot);
    }
    return true;
  }

  // One cold block per function ends the invocation.
  BasicBlock *exhaustedBlock(Function &F, const std::string &SiteFile, unsigned SiteLine) {
    BasicBlock *Fail = BasicBlock::Create(Ctx, "iu.fuel.exhausted", &F);
    IRBuilder<> FB(Fail);
    Value *Run = emitRunPointer(FB, M);
    FB.CreateStore(FB.getInt64(0), Run); // report "none left"
    Value *File = FB.CreateGlobalString(SiteFile, "iu.fuel.file", 0, &M);
    CallInst *Call = FB.CreateCall(fuelExhausted(), {File, FB.getInt32(SiteLine)});
    Call->setDoesNotReturn();
    Call->setDoesNotThrow();
    FB.CreateUnreachable();
    return Fail;
  }

  // Counted loops: charge the whole count in the preheader; their own
  // back-edges are then free.
  void chargeCountedLoops(Function &F, ArrayRef<CountedLoop> Counted, Charges &C) {
    if (Counted.empty())
      return;
    ScalarEvolution &SE = FAM.getResult<ScalarEvolutionAnalysis>(F);
    SCEVExpander Exp(SE, M.getDataLayout(), "iu.trip");
    for (const CountedLoop &CL : Counted) {
      Instruction *Br = CL.Preheader->getTerminator();
      Value *N = Exp.expandCodeFor(CL.Count, CL.Count->getType(), Br);
      IRBuilder<> PB(Br);
      Value *N64 = PB.CreateZExt(N, C.I64, "iu.trip.count");
      C.ChargeOf[CL.L] = N64;
      Value *Cur = PB.CreateLoad(C.I64, C.Slot);
      Value *Left = PB.CreateSub(Cur, N64, "iu.fuel.left");
      PB.CreateStore(Left, C.Slot);
      Value *Out = PB.CreateOr(PB.CreateICmpUGT(N64, Cur), PB.CreateICmpSLT(Left, PB.getInt64(0)),
                               "iu.fuel.out");
      PB.CreateCondBr(Out, C.Fail, CL.L->getHeader(), C.Unlikely);
      Br->eraseFromParent();
    }
    Exp.clear();
  }

  // Bounded loops: refund on every exit edge. Edges are split in the CFG
  // LoopInfo describes; C.Moved maps an original edge to the block that
  // now ends it, for later splits of the same edge.
  void refundBoundedLoops(Function &F, ArrayRef<CountedLoop> Counted, Charges &C) {
    for (const CountedLoop &CL : Counted) {
      if (!CL.IV)
        continue;
      Value *Start = CL.IV->getIncomingValueForBlock(CL.Preheader);
      Value *Charged = C.ChargeOf[CL.L];
      SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> Exits;
      CL.L->getExitEdges(Exits);
      SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> UniqueExits;
      for (auto &X : Exits)
        if (!llvm::is_contained(UniqueExits, X))
          UniqueExits.push_back(X);
      for (auto [From, To] : UniqueExits) {
        std::pair<BasicBlock *, BasicBlock *> Key(From, To);
        BasicBlock *Src = C.Moved.count(Key) ? C.Moved[Key] : From;
        BasicBlock *R = splitEdge(F, Src, To, "iu.fuel.refund");
        IRBuilder<> RB(R->getTerminator());
        // Frozen, the exit value is opaque to SCEV: loop strength reduction
        // would otherwise keep the refund as a second counter in the loop.
        Value *End = RB.CreateFreeze(CL.IV, "iu.iv.exit");
        Value *Taken = CL.Down ? RB.CreateSub(Start, End) : RB.CreateSub(End, Start);
        Value *Taken64 = RB.CreateZExt(Taken, C.I64, "iu.fuel.taken");
        // Never more than was charged on entry, whatever the IV says: the
        // loop's termination must not rest on the refund's arithmetic.
        Value *Refund = RB.CreateBinaryIntrinsic(
            Intrinsic::umin, RB.CreateSub(Charged, Taken64), Charged, nullptr, "iu.fuel.refund");
        RB.CreateStore(RB.CreateAdd(RB.CreateLoad(C.I64, C.Slot), Refund), C.Slot);
        C.Moved[Key] = R;
      }
    }
  }

  // Every back-edge not paid for on loop entry pays one unit.
  bool chargeBackEdges(Function &F, const EdgeList &E, ArrayRef<CountedLoop> Counted,
                       Charges &C) {
    auto paidOnEntry = [&](const BasicBlock *From, const BasicBlock *To) {
      for (const CountedLoop &CL : Counted)
        if (CL.L->getHeader() == To && CL.L->contains(From))
          return true;
      return false;
    };
    SmallVector<std::pair<BasicBlock *, BasicBlock *>, 4> Unique;
    for (auto &[From, To] : E) {
      std::pair<BasicBlock *, BasicBlock *> P(const_cast<BasicBlock *>(From),
                                              const_cast<BasicBlock *>(To));
      if (!paidOnEntry(From, To) && !llvm::is_contained(Unique, P))
        Unique.push_back(P);
    }
    for (auto [From, To] : Unique) {
      if (auto It = C.Moved.find({From, To}); It != C.Moved.end())
        From = It->second; // a refund block now ends this back-edge
      Instruction *T = From->getTerminator();
      if (isa<IndirectBrInst>(T) || isa<CallBrInst>(T)) {
        DiagnosticInfoUnsupported D(F, "iu: loop through an indirect branch", T->getDebugLoc());
        Ctx.diagnose(D);
        return false;
      }
      BasicBlock *Charge = BasicBlock::Create(Ctx, "iu.fuel.charge", &F, To);
      IRBuilder<> CB(Charge);
      // The freeze keeps the fuel out of SCEV's view, so that loop strength
      // reduction does not fold it into the loop's induction variables
      // (which costs more per iteration than this decrement).
      Value *Cur = CB.CreateFreeze(CB.CreateLoad(C.I64, C.Slot), "iu.fuel.cur");
      Value *Left = CB.CreateSub(Cur, CB.getInt64(1), "iu.fuel.left");
      CB.CreateStore(Left, C.Slot);
      Value *Out = CB.CreateICmpSLT(Left, CB.getInt64(0), "iu.fuel.out");
      CB.CreateCondBr(Out, C.Fail, To, C.Unlikely);
      if (T->getDebugLoc())
        for (Instruction &I : *Charge)
          I.setDebugLoc(T->getDebugLoc());
      // Every edge From -> To now goes through the charge block.
      redirectEdges(From, To, Charge);
    }
    return true;
  }

  bool callsCharging(const Loop &L) const {
    for (const BasicBlock *BB : L.blocks())
      for (const Instruction &I : *BB)
        if (const auto *CB = dyn_cast<CallBase>(&I); CB && callMayCharge(*CB))
          return true;
    return false;
  }

  // The byte count of a copy or fill that pays for its bytes (a memory
  // intrinsic or a call to the memory functions), or null: one of at most
  // kFreeMemoryBytes is bounded work between two charge points already.
  static Value *chargedMemoryLength(const CallBase &CB) {
    Value *Len = nullptr;
    if (const auto *MI = dyn_cast<MemIntrinsic>(&CB)) {
      Len = MI->getLength();
    } else if (Function *Callee = staticCallee(CB)) {
      StringRef N = Callee->getName();
      if ((N == "memcpy" || N == "memset" || N == "memmove") && CB.arg_size() == 3)
        Len = CB.getArgOperand(2);
    }
    if (!Len || !Len->getType()->isIntegerTy())
      return nullptr;
    if (const auto *CI = dyn_cast<ConstantInt>(Len); CI && CI->getValue().ule(kFreeMemoryBytes))
      return nullptr;
    return Len;
  }

  static bool hasChargedMemoryOps(Function &F) {
    for (Instruction &I : instructions(F))
      if (const auto *CB = dyn_cast<CallBase>(&I); CB && chargedMemoryLength(*CB))
        return true;
    return false;
  }

  // A large copy or fill pays for its bytes as a helper does: one unit per
  // IU_FUEL_BYTES_PER_UNIT bytes, before it runs. Otherwise a loop of
  // 8 KiB struct copies would do 8 KiB of work per unit of fuel.
  void chargeMemoryOps(Function &F, Charges &C) {
    SmallVector<CallBase *, 8> Ops;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && chargedMemoryLength(*CB))
        Ops.push_back(CB);
    static_assert((IU_FUEL_BYTES_PER_UNIT & (IU_FUEL_BYTES_PER_UNIT - 1)) == 0);
    for (CallBase *CB : Ops) {
      BasicBlock *Before = CB->getParent();
      BasicBlock *After = Before->splitBasicBlock(CB, "iu.fuel.mem");
      Before->getTerminator()->eraseFromParent();
      IRBuilder<> B(Before);
      B.SetCurrentDebugLocation(CB->getDebugLoc());
      Value *Len = B.CreateZExtOrTrunc(chargedMemoryLength(*CB), C.I64);
      Value *Units = B.CreateLShr(Len, Log2_32(IU_FUEL_BYTES_PER_UNIT), "iu.fuel.units");
      Value *Cur = B.CreateLoad(C.I64, C.Slot);
      Value *Left = B.CreateSub(Cur, Units, "iu.fuel.left");
      B.CreateStore(Left, C.Slot);
      Value *Out = B.CreateOr(B.CreateICmpUGT(Units, Cur), B.CreateICmpSLT(Left, B.getInt64(0)),
                              "iu.fuel.out");
      B.CreateCondBr(Out, C.Fail, After, C.Unlikely);
    }
  }

  // The entry pays one unit before anything else runs.
  void chargeEntry(Function &F, Charges &C) {
    BasicBlock &Entry = F.getEntryBlock();
    BasicBlock *Body = Entry.splitBasicBlock(C.SlotInit->getNextNode(), "iu.entry.body");
    Entry.getTerminator()->eraseFromParent();
    IRBuilder<> EB(&Entry);
    Value *Left = EB.CreateSub(EB.CreateLoad(C.I64, C.Slot), EB.getInt64(1), "iu.fuel.left");
    EB.CreateStore(Left, C.Slot);
    EB.CreateCondBr(EB.CreateICmpSLT(Left, EB.getInt64(0), "iu.fuel.out"), C.Fail, Body,
                    C.Unlikely);
  }

  Module &M;
  LLVMContext &Ctx;
  FunctionAnalysisManager &FAM;
  DenseSet<Function *> MayCharge;
};

} // namespace

PreservedAnalyses FuelPass::run(Module &M, ModuleAnalysisManager &MAM) {
  return FuelInstrumenter(M, MAM).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace iu::passes
