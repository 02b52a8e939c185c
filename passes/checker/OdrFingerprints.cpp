// ODR fingerprints (see OdrFingerprints.h).
//
// Which entities: every class, enum, function, variable and concept with
// external linkage that is declared in user code (not in a runtime header)
// outside function bodies: class and function templates as patterns,
// partial and explicit specializations, and the implicit instantiations of
// the user's templates (what the linker actually merges).
//
// The key is what makes two files' entities the same one: the mangled name
// for functions and variables (the linker's own identity), the canonical
// type for classes and enums, and kind + scope + name + signature for
// templated declarations, which have no symbol.
//
// The fingerprint is a SHA-256 over a serialization of the definition after
// preprocessing and semantic analysis: statement and expression kinds,
// operators, literals, the canonical type of every expression, the entity
// every name refers to, member declarations, record layouts, template
// parameters and arguments. A name that refers to an entity with external
// linkage contributes that entity's identity (it has a fingerprint of its
// own); a name that refers to something without external linkage (an
// anonymous-namespace or `static` helper, a namespace-scope constexpr
// constant, a local or unnamed class, a lambda's closure) contributes that
// entity's own fingerprint, so `constexpr int N = 2;` in one file and `= 8`
// in the other make `inline f() { iu::array<u64, N> a; }` differ. Clang's
// ODRHash of the entity is mixed in as well; on its own it is 32 bits (too
// few against a user who searches for a collision) and skips
// specializations.
//
// Nothing depends on source locations, so an identical definition from a
// shared header, or an identical copy in two files, has the same
// fingerprint.
//
// File format, one line per key (entities that share a key within one file
// are merged), fields separated by tabs:
//   iu-odr 1
//   KEY  SIGNATURE-HASH  DEFINITION-HASH|-  LINE  FILE  NAME
// SIGNATURE-HASH covers what a declaration fixes (a function's type);
// DEFINITION-HASH everything, or "-" for a declaration without a definition.
#include "OdrFingerprints.h"
#include "Trust.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/ODRHash.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <climits>
#include <map>
#include <optional>
#include <vector>

using namespace clang;

namespace iu::checker {
namespace {

using Digest = std::array<uint8_t, 32>;

// A byte stream, hashed at the end. Every item is tagged and every string
// length-prefixed, so two different sequences never give the same bytes.
class Sink {
public:
  void tag(char C) { Buf.push_back(C); }
  void num(uint64_t V) {
    tag('n');
    for (int I = 0; I < 8; ++I)
      Buf.push_back(static_cast<char>(V >> (8 * I)));
  }
  void str(llvm::StringRef S) {
    tag('s');
    num(S.size());
    Buf.append(S.data(), S.size());
  }
  void digest(const Digest &D) {
    tag('d');
    Buf.append(reinterpret_cast<const char *>(D.data()), D.size());
  }
  Digest finish() const { return llvm::SHA256::hash(llvm::arrayRefFromStringRef(Buf)); }

private:
  std::string Buf;
};

class Fingerprinter {
public:
  Fingerprinter(ASTContext &Ctx, Trust &T) : Ctx(Ctx), T(T), TypePolicy(Ctx.getLangOpts()) {
    TypePolicy.AnonymousTagLocations = false; // "(lambda)", not "(lambda at a.cpp:3:9)"
    TypePolicy.PrintCanonicalTypes = true;
    TypePolicy.FullyQualifiedName = true;
    TypePolicy.SuppressUnwrittenScope = false;
    TypePolicy.UsePreferredNames = false;
    TypePolicy.CleanUglifiedParameters = false;
  }

  const PrintingPolicy &typePolicy() const { return TypePolicy; }

  // Printed with the type policy: a constructor's name is its class's,
  // which for a closure would otherwise carry its source location.
  std::string name(DeclarationName N) const {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    N.print(OS, TypePolicy);
    return Text;
  }

  std::string printType(QualType Ty) const { return Ty.getCanonicalType().getAsString(TypePolicy); }

  void type(Sink &S, QualType Ty) { S.digest(typeDigest(Ty)); }
  void stmt(Sink &S, const Stmt *St);
  void declRef(Sink &S, const Decl *D);
  void templateArg(Sink &S, const TemplateArgument &A);
  void templateParams(Sink &S, const TemplateParameterList *TPL);
  void recordContent(Sink &S, const RecordDecl *RD, bool WithBodies);
  void enumContent(Sink &S, const EnumDecl *ED);
  void functionSig(Sink &S, const FunctionDecl *FD);
  void functionDef(Sink &S, const FunctionDecl *FD);
  void varSig(Sink &S, const VarDecl *VD);
  void varDef(Sink &S, const VarDecl *VD);
  void conceptDef(Sink &S, const ConceptDecl *CD);

private:
  Digest typeDigest(QualType Ty);
  void typeRefs(Sink &S, const Type *Ty);
  void tagRef(Sink &S, const TagDecl *TD);
  void payload(Sink &S, const Stmt *St);
  void memberDecl(Sink &S, const Decl *D, bool WithBodies, bool InInstantiation);
  void localDecl(Sink &S, const Decl *D);
  void attrs(Sink &S, const Decl *D);
  void qualifier(Sink &S, const NestedNameSpecifier *NNS);
  void odrHash(Sink &S, const Decl *D);
  bool isLocal(const Decl *D) const;
  bool needsFolding(const NamedDecl *D) const;
  Digest folded(const NamedDecl *D);
  std::string qualifiedName(const NamedDecl *D) const;

  ASTContext &Ctx;
  Trust &T;
  PrintingPolicy TypePolicy;
  llvm::DenseMap<void *, Digest> Types;
  llvm::DenseMap<const Decl *, Digest> Folded;
  // Folds in progress, and the lowest position on this stack that the
  // current computation refers back to (a cycle). A digest that refers to
  // something still in progress above it depends on where the computation
  // started, so it is not cached.
  std::vector<const Decl *> Stack;
  size_t CycleDepth = SIZE_MAX;
};

// ---- Names and scopes --------------------------------------------------------

bool Fingerprinter::isLocal(const Decl *D) const {
  return D->getParentFunctionOrMethod() != nullptr;
}

// Scope, name and template arguments, all printed with the type policy
// (getNameForDiagnostic prints some names, such as a closure's
// constructor, with the default one, which includes source locations).
std::string Fingerprinter::qualifiedName(const NamedDecl *D) const {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  D->printNestedNameSpecifier(OS, TypePolicy);
  D->getDeclName().print(OS, TypePolicy);
  const TemplateArgumentList *Args = nullptr;
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    Args = FD->getTemplateSpecializationArgs();
  else if (const auto *VS = dyn_cast<VarTemplateSpecializationDecl>(D))
    Args = &VS->getTemplateArgs();
  else if (const auto *CS = dyn_cast<ClassTemplateSpecializationDecl>(D))
    Args = &CS->getTemplateArgs();
  if (Args)
    printTemplateArgumentList(OS, Args->asArray(), TypePolicy);
  return Name;
}

// Does a reference to D need D's own content? Yes unless D has external
// linkage (then it is an entity with its own fingerprint, compared across
// files) or is the runtime's (the same in every file).
bool Fingerprinter::needsFolding(const NamedDecl *D) const {
  if (T.isTrusted(D->getLocation()))
    return false;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D); RD && RD->isLambda())
    return true;
  if (isLocal(D))
    return true;
  if (const auto *TD = dyn_cast<TagDecl>(D))
    if (!TD->getIdentifier() && !TD->getTypedefNameForAnonDecl())
      return true;
  return !D->isExternallyVisible();
}

Digest Fingerprinter::folded(const NamedDecl *D) {
  D = cast<NamedDecl>(D->getCanonicalDecl());
  if (auto It = Folded.find(D); It != Folded.end())
    return It->second;
  for (size_t I = 0; I < Stack.size(); ++I) {
    if (Stack[I] == D) {
      CycleDepth = std::min(CycleDepth, I);
      Sink S;
      S.str("cycle");
      S.num(Stack.size() - I);
      return S.finish();
    }
  }
  size_t Outer = CycleDepth;
  CycleDepth = SIZE_MAX;
  size_t Mine = Stack.size();
  Stack.push_back(D);
  Sink S;
  S.num(D->getKind());
  if (const auto *RD = dyn_cast<RecordDecl>(D))
    recordContent(S, RD, /*WithBodies=*/isLocal(RD));
  else if (const auto *ED = dyn_cast<EnumDecl>(D))
    enumContent(S, ED);
  else if (const auto *FD = dyn_cast<FunctionDecl>(D))
    functionDef(S, FD->getDefinition() ? FD->getDefinition() : FD);
  else if (const auto *VD = dyn_cast<VarDecl>(D))
    varDef(S, VD->getDefinition() ? VD->getDefinition() : VD);
  else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
    templateParams(S, FT->getTemplateParameters());
    functionDef(S, FT->getTemplatedDecl());
  } else if (const auto *VT = dyn_cast<VarTemplateDecl>(D)) {
    templateParams(S, VT->getTemplateParameters());
    varDef(S, VT->getTemplatedDecl());
  } else if (const auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
    recordContent(S, CT->getTemplatedDecl(), /*WithBodies=*/true);
  } else {
    S.str(qualifiedName(D));
  }
  Stack.pop_back();
  Digest Result = S.finish();
  bool Cacheable = CycleDepth >= Mine;
  CycleDepth = std::min(Outer, Cacheable ? SIZE_MAX : CycleDepth);
  if (Cacheable)
    Folded[D] = Result;
  return Result;
}

// ---- Types -------------------------------------------------------------------

Digest Fingerprinter::typeDigest(QualType Ty) {
  if (Ty.isNull()) {
    Sink S;
    S.str("no type");
    return S.finish();
  }
  QualType Canon = Ctx.getCanonicalType(Ty);
  if (auto It = Types.find(Canon.getAsOpaquePtr()); It != Types.end())
    return It->second;
  void *CacheKey = Canon.getAsOpaquePtr();
  // Exception specifications are left out: they mean nothing under
  // -fno-exceptions, and clang computes those of implicit members and
  // instantiations only when something asks, so one file would print
  // `noexcept` where the other has not worked it out yet.
  if (const auto *FPT = dyn_cast<FunctionProtoType>(Canon.getTypePtr());
      FPT && FPT->getExceptionSpecType() != EST_None) {
    FunctionProtoType::ExtProtoInfo EPI = FPT->getExtProtoInfo();
    EPI.ExceptionSpec = FunctionProtoType::ExceptionSpecInfo();
    Canon =
        Ctx.getCanonicalType(Ctx.getFunctionType(FPT->getReturnType(), FPT->getParamTypes(), EPI)
                                 .withFastQualifiers(Canon.getLocalFastQualifiers()));
  }
  size_t Outer = CycleDepth;
  CycleDepth = SIZE_MAX;
  Sink S;
  S.str(Canon.getAsString(TypePolicy));
  typeRefs(S, Canon.getTypePtr());
  Digest Result = S.finish();
  bool Cacheable = CycleDepth == SIZE_MAX;
  CycleDepth = std::min(Outer, CycleDepth);
  if (Cacheable)
    Types[CacheKey] = Result;
  return Result;
}

// The printed canonical type names every class and constant in it; this adds
// what a name does not pin down: the content of classes without external
// linkage, and expressions inside dependent types.
void Fingerprinter::typeRefs(Sink &S, const Type *Ty) {
  if (const auto *A = dyn_cast<ArrayType>(Ty)) {
    type(S, A->getElementType());
    if (const auto *D = dyn_cast<DependentSizedArrayType>(A))
      stmt(S, D->getSizeExpr());
  } else if (const auto *P = dyn_cast<PointerType>(Ty)) {
    type(S, P->getPointeeType());
  } else if (const auto *R = dyn_cast<ReferenceType>(Ty)) {
    type(S, R->getPointeeType());
  } else if (const auto *M = dyn_cast<MemberPointerType>(Ty)) {
    type(S, QualType(M->getClass(), 0));
    type(S, M->getPointeeType());
  } else if (const auto *F = dyn_cast<FunctionType>(Ty)) {
    type(S, F->getReturnType());
    if (const auto *FP = dyn_cast<FunctionProtoType>(F)) {
      for (QualType P : FP->param_types())
        type(S, P);
    }
  } else if (const auto *TT = dyn_cast<TagType>(Ty)) {
    tagRef(S, TT->getDecl());
  } else if (const auto *TS = dyn_cast<TemplateSpecializationType>(Ty)) {
    for (const TemplateArgument &A : TS->template_arguments())
      templateArg(S, A);
  } else if (const auto *DT = dyn_cast<DependentTemplateSpecializationType>(Ty)) {
    for (const TemplateArgument &A : DT->template_arguments())
      templateArg(S, A);
  } else if (const auto *PE = dyn_cast<PackExpansionType>(Ty)) {
    type(S, PE->getPattern());
  } else if (const auto *DT = dyn_cast<DecltypeType>(Ty)) {
    stmt(S, DT->getUnderlyingExpr());
  } else if (const auto *AT = dyn_cast<AtomicType>(Ty)) {
    type(S, AT->getValueType());
  }
}

void Fingerprinter::tagRef(Sink &S, const TagDecl *TD) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(TD))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      templateArg(S, A);
  if (needsFolding(TD))
    S.digest(folded(TD));
}

// ---- Templates ---------------------------------------------------------------

void Fingerprinter::templateArg(Sink &S, const TemplateArgument &A) {
  S.num(A.getKind());
  switch (A.getKind()) {
  case TemplateArgument::Null:
    break;
  case TemplateArgument::Type:
    type(S, A.getAsType());
    break;
  case TemplateArgument::Declaration:
    declRef(S, A.getAsDecl());
    type(S, A.getParamTypeForDecl());
    break;
  case TemplateArgument::NullPtr:
    type(S, A.getNullPtrType());
    break;
  case TemplateArgument::Integral:
    S.str(llvm::toString(A.getAsIntegral(), 16));
    type(S, A.getIntegralType());
    break;
  case TemplateArgument::StructuralValue: {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    A.print(TypePolicy, OS, /*IncludeType=*/true);
    S.str(Text);
    type(S, A.getStructuralValueType());
    break;
  }
  case TemplateArgument::Template:
  case TemplateArgument::TemplateExpansion: {
    TemplateName Name = A.getAsTemplateOrTemplatePattern();
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    Name.print(OS, TypePolicy, TemplateName::Qualified::AsWritten);
    S.str(Text);
    if (const TemplateDecl *TD = Name.getAsTemplateDecl())
      declRef(S, TD);
    break;
  }
  case TemplateArgument::Expression:
    stmt(S, A.getAsExpr());
    break;
  case TemplateArgument::Pack:
    S.num(A.pack_size());
    for (const TemplateArgument &P : A.pack_elements())
      templateArg(S, P);
    break;
  }
}

void Fingerprinter::templateParams(Sink &S, const TemplateParameterList *TPL) {
  if (!TPL) {
    S.tag('0');
    return;
  }
  S.num(TPL->size());
  for (const NamedDecl *P : *TPL) {
    S.num(P->getKind());
    if (const auto *TP = dyn_cast<TemplateTypeParmDecl>(P)) {
      S.num(TP->isParameterPack());
      if (TP->hasDefaultArgument())
        templateArg(S, TP->getDefaultArgument().getArgument());
      if (const TypeConstraint *C = TP->getTypeConstraint())
        stmt(S, C->getImmediatelyDeclaredConstraint());
    } else if (const auto *NP = dyn_cast<NonTypeTemplateParmDecl>(P)) {
      S.num(NP->isParameterPack());
      type(S, NP->getType());
      if (NP->hasDefaultArgument())
        templateArg(S, NP->getDefaultArgument().getArgument());
      if (const Expr *C = NP->getPlaceholderTypeConstraint())
        stmt(S, C);
    } else if (const auto *TTP = dyn_cast<TemplateTemplateParmDecl>(P)) {
      S.num(TTP->isParameterPack());
      templateParams(S, TTP->getTemplateParameters());
      if (TTP->hasDefaultArgument())
        templateArg(S, TTP->getDefaultArgument().getArgument());
    }
  }
  stmt(S, TPL->getRequiresClause());
}

// ---- Declarations ------------------------------------------------------------

void Fingerprinter::attrs(Sink &S, const Decl *D) {
  for (const Attr *A : D->attrs())
    if (!A->isInherited() && !A->isImplicit())
      S.num(A->getKind());
  S.tag('.');
}

void Fingerprinter::odrHash(Sink &S, const Decl *D) {
  ODRHash H;
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
    H.AddCXXRecordDecl(RD);
  else if (const auto *ED = dyn_cast<EnumDecl>(D))
    H.AddEnumDecl(ED);
  else if (const auto *FD = dyn_cast<FunctionDecl>(D))
    H.AddFunctionDecl(FD);
  else
    return;
  S.num(H.CalculateHash());
}

void Fingerprinter::recordContent(Sink &S, const RecordDecl *RD, bool WithBodies) {
  S.str("record");
  if (const RecordDecl *Def = RD->getDefinition())
    RD = Def;
  else {
    S.str(RD->getName());
    return;
  }
  S.num(static_cast<unsigned>(RD->getTagKind()));
  S.str(RD->getName());
  bool InInstantiation = false;
  const auto *CRD = dyn_cast<CXXRecordDecl>(RD);
  if (CRD) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(CRD)) {
      InInstantiation = Spec->getTemplateSpecializationKind() != TSK_ExplicitSpecialization;
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        templateArg(S, A);
      if (const auto *Partial = dyn_cast<ClassTemplatePartialSpecializationDecl>(Spec))
        templateParams(S, Partial->getTemplateParameters());
    } else if (CRD->getInstantiatedFromMemberClass()) {
      InInstantiation = true;
    }
    if (const ClassTemplateDecl *CT = CRD->getDescribedClassTemplate())
      templateParams(S, CT->getTemplateParameters());
    for (const CXXBaseSpecifier &B : CRD->bases()) {
      S.num(B.isVirtual());
      S.num(B.getAccessSpecifierAsWritten());
      S.num(B.isPackExpansion());
      type(S, B.getType());
    }
    if (CRD->isLambda()) {
      // A closure: its captures and its call operator's signature (the
      // body belongs to the lambda expression, in its function's body).
      for (const FieldDecl *F : CRD->fields())
        type(S, F->getType());
      if (const CXXMethodDecl *Call = CRD->getLambdaCallOperator())
        functionSig(S, Call);
      return;
    }
  }
  for (const Decl *D : RD->decls())
    if (!D->isImplicit())
      memberDecl(S, D, WithBodies, InInstantiation);
  S.tag('}');
  attrs(S, RD);
  if (!RD->isDependentType() && !RD->isInvalidDecl()) {
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
    S.num(L.getSize().getQuantity());
    S.num(L.getAlignment().getQuantity());
    S.num(L.getDataSize().getQuantity());
    for (unsigned I = 0; I < L.getFieldCount(); ++I)
      S.num(L.getFieldOffset(I));
  }
  if (CRD)
    odrHash(S, CRD);
}

void Fingerprinter::enumContent(Sink &S, const EnumDecl *ED) {
  S.str("enum");
  if (const EnumDecl *Def = ED->getDefinition())
    ED = Def;
  S.str(ED->getName());
  S.num(ED->isScoped());
  S.num(ED->isScopedUsingClassTag());
  S.num(ED->isFixed());
  type(S, ED->getIntegerType());
  for (const EnumConstantDecl *E : ED->enumerators()) {
    S.str(E->getName());
    if (ED->isDependentContext())
      stmt(S, E->getInitExpr());
    else
      S.str(llvm::toString(E->getInitVal(), 16));
  }
  attrs(S, ED);
  if (ED->isThisDeclarationADefinition())
    odrHash(S, ED);
}

// What every declaration of a function must agree on.
void Fingerprinter::functionSig(Sink &S, const FunctionDecl *FD) {
  S.str("function");
  type(S, FD->getType());
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD)) {
    S.num(M->isStatic());
    S.num(M->isExplicitObjectMemberFunction());
  }
  if (const FunctionTemplateDecl *FT = FD->getDescribedFunctionTemplate())
    templateParams(S, FT->getTemplateParameters());
  if (const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs())
    for (const TemplateArgument &A : Args->asArray())
      templateArg(S, A);
  stmt(S, FD->getTrailingRequiresClause());
}

void Fingerprinter::functionDef(Sink &S, const FunctionDecl *FD) {
  functionSig(S, FD);
  S.str("definition");
  S.num(FD->isInlineSpecified());
  S.num(static_cast<unsigned>(FD->getConstexprKind()));
  S.num(FD->isDeleted());
  S.num(FD->isExplicitlyDefaulted());
  S.num(FD->isVirtualAsWritten());
  S.num(FD->isPureVirtual());
  S.num(FD->getStorageClass());
  ExplicitSpecifier ES = ExplicitSpecifier::getFromDecl(const_cast<FunctionDecl *>(FD));
  S.num(static_cast<unsigned>(ES.getKind()));
  stmt(S, ES.getExpr());
  // Default arguments of instantiations are instantiated on first use, so
  // a file that never used one would differ; the pattern has them.
  bool Instantiated = FD->isTemplateInstantiation();
  for (const ParmVarDecl *P : FD->parameters()) {
    S.str(P->getName());
    type(S, P->getOriginalType());
    if (Instantiated || !P->hasDefaultArg())
      S.tag('-');
    else if (P->hasUninstantiatedDefaultArg())
      stmt(S, P->getUninstantiatedDefaultArg());
    else if (!P->hasUnparsedDefaultArg())
      stmt(S, P->getDefaultArg());
  }
  attrs(S, FD);
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD)) {
    for (const CXXCtorInitializer *I : CD->inits()) {
      if (!I->isWritten())
        continue;
      if (I->isBaseInitializer())
        type(S, QualType(I->getBaseClass(), 0));
      else if (I->isDelegatingInitializer())
        S.str("delegating");
      else if (const FieldDecl *F = I->getAnyMember())
        declRef(S, F);
      stmt(S, I->getInit());
    }
    S.tag('}');
  }
  if (FD->doesThisDeclarationHaveABody())
    stmt(S, FD->getBody());
  else
    S.tag('0');
  odrHash(S, FD);
}

void Fingerprinter::varSig(Sink &S, const VarDecl *VD) {
  S.str("variable");
  type(S, VD->getType());
  S.num(VD->isStaticDataMember());
  if (const VarTemplateDecl *VT = VD->getDescribedVarTemplate())
    templateParams(S, VT->getTemplateParameters());
  if (const auto *Spec = dyn_cast<VarTemplateSpecializationDecl>(VD))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      templateArg(S, A);
}

void Fingerprinter::varDef(Sink &S, const VarDecl *VD) {
  varSig(S, VD);
  S.str("definition");
  S.num(VD->getStorageClass());
  S.num(VD->isConstexpr());
  S.num(VD->isInline());
  S.num(VD->getInitStyle());
  stmt(S, VD->getAnyInitializer());
  attrs(S, VD);
}

void Fingerprinter::conceptDef(Sink &S, const ConceptDecl *CD) {
  S.str("concept");
  templateParams(S, CD->getTemplateParameters());
  stmt(S, CD->getConstraintExpr());
}

void Fingerprinter::memberDecl(Sink &S, const Decl *D, bool WithBodies, bool InInstantiation) {
  S.num(D->getKind());
  S.num(D->getAccess());
  if (const auto *ND = dyn_cast<NamedDecl>(D))
    S.str(name(ND->getDeclName()));
  if (const auto *F = dyn_cast<FieldDecl>(D)) {
    type(S, F->getType());
    S.num(F->isMutable());
    S.num(F->isBitField());
    if (F->isBitField())
      stmt(S, F->getBitWidth());
    // Instantiated on first use in instantiations (the pattern has it).
    S.num(F->hasInClassInitializer());
    if (!InInstantiation && F->hasInClassInitializer())
      stmt(S, F->getInClassInitializer());
    attrs(S, F);
  } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    functionSig(S, FD);
    S.num(FD->isDeleted());
    S.num(FD->isExplicitlyDefaulted());
    S.num(FD->isVirtualAsWritten());
    S.num(static_cast<unsigned>(FD->getConstexprKind()));
    ExplicitSpecifier ES = ExplicitSpecifier::getFromDecl(const_cast<FunctionDecl *>(FD));
    S.num(static_cast<unsigned>(ES.getKind()));
    if (WithBodies)
      functionDef(S, FD);
  } else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
    templateParams(S, FT->getTemplateParameters());
    functionSig(S, FT->getTemplatedDecl());
    if (WithBodies)
      functionDef(S, FT->getTemplatedDecl());
  } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
    varSig(S, VD);
    S.num(VD->isConstexpr());
    S.num(VD->isInline());
    if (!InInstantiation)
      stmt(S, VD->getAnyInitializer());
  } else if (const auto *TD = dyn_cast<TagDecl>(D)) {
    // A nested class with a name is an entity of its own; an unnamed one
    // is part of this class.
    if (needsFolding(TD) || WithBodies)
      S.digest(folded(TD));
  } else if (const auto *TN = dyn_cast<TypedefNameDecl>(D)) {
    type(S, TN->getUnderlyingType());
  } else if (const auto *TA = dyn_cast<TypeAliasTemplateDecl>(D)) {
    templateParams(S, TA->getTemplateParameters());
    type(S, TA->getTemplatedDecl()->getUnderlyingType());
  } else if (const auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
    templateParams(S, CT->getTemplateParameters());
    if (WithBodies)
      recordContent(S, CT->getTemplatedDecl(), true);
  } else if (const auto *SA = dyn_cast<StaticAssertDecl>(D)) {
    stmt(S, SA->getAssertExpr());
    stmt(S, SA->getMessage());
  } else if (const auto *FR = dyn_cast<FriendDecl>(D)) {
    if (const TypeSourceInfo *TI = FR->getFriendType())
      type(S, TI->getType());
    else if (const NamedDecl *ND = FR->getFriendDecl()) {
      S.str(qualifiedName(ND));
      if (const auto *FFD = dyn_cast<FunctionDecl>(ND))
        functionSig(S, FFD);
      else if (const auto *FFT = dyn_cast<FunctionTemplateDecl>(ND)) {
        templateParams(S, FFT->getTemplateParameters());
        functionSig(S, FFT->getTemplatedDecl());
      }
    }
  } else if (const auto *U = dyn_cast<UsingDecl>(D)) {
    qualifier(S, U->getQualifier());
  } else if (const auto *US = dyn_cast<UsingShadowDecl>(D)) {
    declRef(S, US->getTargetDecl());
  }
}

// A declaration inside a function body.
void Fingerprinter::localDecl(Sink &S, const Decl *D) {
  S.num(D->getKind());
  if (const auto *ND = dyn_cast<NamedDecl>(D))
    S.str(name(ND->getDeclName()));
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    type(S, VD->getType());
    S.num(VD->getStorageClass());
    S.num(VD->isConstexpr());
    S.num(VD->getInitStyle());
    stmt(S, VD->getInit());
    if (const auto *DD = dyn_cast<DecompositionDecl>(VD))
      for (const BindingDecl *B : DD->bindings()) {
        S.str(B->getName());
        type(S, B->getType());
        stmt(S, B->getBinding());
      }
  } else if (const auto *TD = dyn_cast<TagDecl>(D)) {
    S.digest(folded(TD));
  } else if (const auto *TN = dyn_cast<TypedefNameDecl>(D)) {
    type(S, TN->getUnderlyingType());
  } else if (const auto *TA = dyn_cast<TypeAliasTemplateDecl>(D)) {
    templateParams(S, TA->getTemplateParameters());
    type(S, TA->getTemplatedDecl()->getUnderlyingType());
  } else if (const auto *SA = dyn_cast<StaticAssertDecl>(D)) {
    stmt(S, SA->getAssertExpr());
    stmt(S, SA->getMessage());
  } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    functionSig(S, FD);
  } else if (const auto *U = dyn_cast<UsingDecl>(D)) {
    qualifier(S, U->getQualifier());
  } else if (const auto *UD = dyn_cast<UsingDirectiveDecl>(D)) {
    declRef(S, UD->getNominatedNamespace());
  } else if (const auto *UE = dyn_cast<UsingEnumDecl>(D)) {
    declRef(S, UE->getEnumDecl());
  }
}

void Fingerprinter::qualifier(Sink &S, const NestedNameSpecifier *NNS) {
  if (!NNS) {
    S.tag('0');
    return;
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  NNS->print(OS, TypePolicy);
  S.str(Text);
  if (const Type *Ty = NNS->getAsType())
    type(S, QualType(Ty, 0));
}

// What a name in an expression refers to.
void Fingerprinter::declRef(Sink &S, const Decl *D) {
  if (!D) {
    S.tag('0');
    return;
  }
  S.tag('D');
  S.num(D->getKind());
  if (const auto *P = dyn_cast<NonTypeTemplateParmDecl>(D)) {
    S.num(P->getDepth());
    S.num(P->getIndex());
    return;
  }
  if (const auto *P = dyn_cast<TemplateTypeParmDecl>(D)) {
    S.num(P->getDepth());
    S.num(P->getIndex());
    return;
  }
  if (const auto *P = dyn_cast<TemplateTemplateParmDecl>(D)) {
    S.num(P->getDepth());
    S.num(P->getIndex());
    return;
  }
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    S.num(P->getFunctionScopeDepth());
    S.num(P->getFunctionScopeIndex());
    S.str(P->getName());
    return;
  }
  const auto *ND = dyn_cast<NamedDecl>(D);
  if (!ND)
    return;
  if (const auto *EC = dyn_cast<EnumConstantDecl>(ND)) {
    S.str(qualifiedName(ND));
    S.str(llvm::toString(EC->getInitVal(), 16));
    return;
  }
  if (isa<FieldDecl, IndirectFieldDecl>(ND)) {
    // The class it belongs to is part of the expression's types.
    S.str(ND->getName());
    type(S, cast<ValueDecl>(ND)->getType());
    return;
  }
  if (isLocal(ND) && !isa<TagDecl>(ND)) {
    // A local variable, or a member of a local class: the function's own
    // body (or the class's content) has the declaration.
    S.str(name(ND->getDeclName()));
    if (const auto *VD = dyn_cast<ValueDecl>(ND))
      type(S, VD->getType());
    return;
  }
  S.str(qualifiedName(ND));
  if (const auto *VD = dyn_cast<ValueDecl>(ND))
    type(S, VD->getType());
  if (isa<FunctionDecl, VarDecl, TagDecl, FunctionTemplateDecl, VarTemplateDecl, ClassTemplateDecl>(
          ND) &&
      needsFolding(ND))
    S.digest(folded(ND));
}

// ---- Statements and expressions ----------------------------------------------

void Fingerprinter::stmt(Sink &S, const Stmt *St) {
  if (!St) {
    S.tag('0');
    return;
  }
  S.tag('S');
  S.num(St->getStmtClass());
  if (const auto *E = dyn_cast<Expr>(St)) {
    type(S, E->getType());
    S.num(E->getValueKind());
    S.num(E->getObjectKind());
  }
  payload(S, St);
  if (isa<DeclStmt>(St))
    return; // the declarations' initializers were hashed with them
  for (const Stmt *Child : St->children())
    stmt(S, Child);
  S.tag('}');
}

// What a statement holds besides its children and its type.
void Fingerprinter::payload(Sink &S, const Stmt *St) {
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      localDecl(S, D);
  } else if (const auto *L = dyn_cast<IntegerLiteral>(St)) {
    S.str(llvm::toString(L->getValue(), 16, /*Signed=*/false));
  } else if (const auto *L = dyn_cast<CharacterLiteral>(St)) {
    S.num(L->getValue());
    S.num(static_cast<unsigned>(L->getKind()));
  } else if (const auto *L = dyn_cast<StringLiteral>(St)) {
    S.num(static_cast<unsigned>(L->getKind()));
    S.num(L->getCharByteWidth());
    S.str(L->getBytes());
  } else if (const auto *L = dyn_cast<CXXBoolLiteralExpr>(St)) {
    S.num(L->getValue());
  } else if (const auto *L = dyn_cast<FloatingLiteral>(St)) {
    S.str(llvm::toString(L->getValue().bitcastToAPInt(), 16, false));
  } else if (const auto *L = dyn_cast<FixedPointLiteral>(St)) {
    S.str(llvm::toString(L->getValue(), 16, false));
  } else if (const auto *B = dyn_cast<BinaryOperator>(St)) {
    S.num(B->getOpcode());
    if (const auto *CA = dyn_cast<CompoundAssignOperator>(B)) {
      type(S, CA->getComputationLHSType());
      type(S, CA->getComputationResultType());
    }
  } else if (const auto *U = dyn_cast<UnaryOperator>(St)) {
    S.num(U->getOpcode());
  } else if (const auto *C = dyn_cast<CastExpr>(St)) {
    S.num(C->getCastKind());
    for (const CXXBaseSpecifier *B : C->path())
      type(S, B->getType());
    if (const auto *EC = dyn_cast<ExplicitCastExpr>(C))
      type(S, EC->getTypeAsWritten());
  } else if (const auto *U = dyn_cast<UnaryExprOrTypeTraitExpr>(St)) {
    S.num(U->getKind());
    S.num(U->isArgumentType());
    if (U->isArgumentType())
      type(S, U->getArgumentType());
  } else if (const auto *R = dyn_cast<DeclRefExpr>(St)) {
    declRef(S, R->getDecl());
    S.num(R->refersToEnclosingVariableOrCapture());
  } else if (const auto *M = dyn_cast<MemberExpr>(St)) {
    declRef(S, M->getMemberDecl());
    S.num(M->isArrow());
  } else if (const auto *C = dyn_cast<CXXConstructExpr>(St)) {
    declRef(S, C->getConstructor());
    S.num(static_cast<unsigned>(C->getConstructionKind()));
    S.num(C->isListInitialization());
    S.num(C->isStdInitListInitialization());
    S.num(C->requiresZeroInitialization());
    S.num(C->isElidable());
  } else if (const auto *C = dyn_cast<CXXInheritedCtorInitExpr>(St)) {
    declRef(S, C->getConstructor());
    S.num(C->constructsVBase());
    S.num(C->inheritedFromVBase());
  } else if (const auto *D = dyn_cast<CXXDefaultArgExpr>(St)) {
    declRef(S, D->getParam());
    stmt(S, D->getExpr());
  } else if (const auto *D = dyn_cast<CXXDefaultInitExpr>(St)) {
    declRef(S, D->getField());
    stmt(S, D->getExpr());
  } else if (const auto *O = dyn_cast<OpaqueValueExpr>(St)) {
    stmt(S, O->getSourceExpr());
  } else if (const auto *O = dyn_cast<OffsetOfExpr>(St)) {
    type(S, O->getTypeSourceInfo()->getType());
    for (unsigned I = 0; I < O->getNumComponents(); ++I) {
      const OffsetOfNode &N = O->getComponent(I);
      S.num(N.getKind());
      switch (N.getKind()) {
      case OffsetOfNode::Array:
        S.num(N.getArrayExprIndex());
        break;
      case OffsetOfNode::Field:
        declRef(S, N.getField());
        break;
      case OffsetOfNode::Identifier:
        S.str(N.getFieldName() ? N.getFieldName()->getName() : "");
        break;
      case OffsetOfNode::Base:
        type(S, N.getBase()->getType());
        S.num(N.getBase()->isVirtual());
        break;
      }
    }
  } else if (const auto *TT = dyn_cast<TypeTraitExpr>(St)) {
    S.num(TT->getTrait());
    for (const TypeSourceInfo *A : TT->getArgs())
      type(S, A->getType());
  } else if (const auto *AT = dyn_cast<ArrayTypeTraitExpr>(St)) {
    S.num(AT->getTrait());
    type(S, AT->getQueriedType());
  } else if (const auto *ET = dyn_cast<ExpressionTraitExpr>(St)) {
    S.num(ET->getTrait());
  } else if (const auto *L = dyn_cast<LambdaExpr>(St)) {
    S.num(L->getCaptureDefault());
    for (const LambdaCapture &C : L->captures()) {
      S.num(C.getCaptureKind());
      S.num(C.isImplicit());
      S.num(C.isPackExpansion());
      if (C.capturesVariable())
        S.str(C.getCapturedVar()->getName());
    }
    S.num(L->isMutable());
    templateParams(S, L->getTemplateParameterList());
    functionSig(S, L->getCallOperator());
  } else if (const auto *TE = dyn_cast<CXXThisExpr>(St)) {
    S.num(TE->isImplicit());
  } else if (const auto *SN = dyn_cast<SubstNonTypeTemplateParmExpr>(St)) {
    S.num(SN->getIndex());
    S.num(SN->isReferenceParameter());
  } else if (const auto *SP = dyn_cast<SizeOfPackExpr>(St)) {
    declRef(S, SP->getPack());
    if (!SP->isValueDependent())
      S.num(SP->getPackLength());
  } else if (const auto *F = dyn_cast<CXXFoldExpr>(St)) {
    S.num(F->getOperator());
  } else if (const auto *O = dyn_cast<OverloadExpr>(St)) {
    S.str(name(O->getName()));
    qualifier(S, O->getQualifier());
    for (const NamedDecl *D : O->decls())
      declRef(S, D);
    for (const TemplateArgumentLoc &A : O->template_arguments())
      templateArg(S, A.getArgument());
    if (const auto *UL = dyn_cast<UnresolvedLookupExpr>(O))
      S.num(UL->requiresADL());
    if (const auto *UM = dyn_cast<UnresolvedMemberExpr>(O)) {
      S.num(UM->isArrow());
      type(S, UM->getBaseType());
    }
  } else if (const auto *DR = dyn_cast<DependentScopeDeclRefExpr>(St)) {
    qualifier(S, DR->getQualifier());
    S.str(name(DR->getDeclName()));
    for (const TemplateArgumentLoc &A : DR->template_arguments())
      templateArg(S, A.getArgument());
  } else if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(St)) {
    S.num(DM->isArrow());
    type(S, DM->getBaseType());
    qualifier(S, DM->getQualifier());
    S.str(name(DM->getMember()));
    for (const TemplateArgumentLoc &A : DM->template_arguments())
      templateArg(S, A.getArgument());
  } else if (const auto *UC = dyn_cast<CXXUnresolvedConstructExpr>(St)) {
    type(S, UC->getTypeAsWritten());
    S.num(UC->isListInitialization());
  } else if (const auto *P = dyn_cast<PredefinedExpr>(St)) {
    S.num(static_cast<unsigned>(P->getIdentKind()));
  } else if (const auto *SL = dyn_cast<SourceLocExpr>(St)) {
    S.num(static_cast<unsigned>(SL->getIdentKind()));
  } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(St)) {
    S.num(MT->getStorageDuration());
  } else if (const auto *DI = dyn_cast<DesignatedInitExpr>(St)) {
    for (const DesignatedInitExpr::Designator &D : DI->designators()) {
      S.num(D.isFieldDesignator());
      if (D.isFieldDesignator())
        S.str(D.getFieldName() ? D.getFieldName()->getName() : "");
      else
        S.num(D.getArrayIndex());
    }
  } else if (const auto *IL = dyn_cast<InitListExpr>(St)) {
    declRef(S, IL->getInitializedFieldInUnion());
    stmt(S, IL->getArrayFiller());
  } else if (const auto *PL = dyn_cast<CXXParenListInitExpr>(St)) {
    declRef(S, PL->getInitializedFieldInUnion());
    stmt(S, PL->getArrayFiller());
  } else if (const auto *AL = dyn_cast<ArrayInitLoopExpr>(St)) {
    S.str(llvm::toString(AL->getArraySize(), 16, false));
  } else if (const auto *RE = dyn_cast<RequiresExpr>(St)) {
    for (const ParmVarDecl *P : RE->getLocalParameters())
      type(S, P->getType());
    for (const concepts::Requirement *R : RE->getRequirements()) {
      S.num(R->getKind());
      if (const auto *TR = dyn_cast<concepts::TypeRequirement>(R)) {
        if (!TR->isSubstitutionFailure())
          type(S, TR->getType()->getType());
      } else if (const auto *ER = dyn_cast<concepts::ExprRequirement>(R)) {
        S.num(ER->hasNoexceptRequirement());
        if (!ER->isExprSubstitutionFailure())
          stmt(S, ER->getExpr());
        const auto &Ret = ER->getReturnTypeRequirement();
        S.num(Ret.isTypeConstraint());
        if (Ret.isTypeConstraint())
          stmt(S, Ret.getTypeConstraint()->getImmediatelyDeclaredConstraint());
      } else if (const auto *NR = dyn_cast<concepts::NestedRequirement>(R)) {
        if (!NR->hasInvalidConstraint())
          stmt(S, NR->getConstraintExpr());
      }
    }
    if (!RE->isValueDependent())
      S.num(RE->isSatisfied());
  } else if (const auto *CS = dyn_cast<ConceptSpecializationExpr>(St)) {
    declRef(S, CS->getNamedConcept());
    for (const TemplateArgument &A : CS->getTemplateArguments())
      templateArg(S, A);
    if (!CS->isValueDependent())
      S.num(CS->isSatisfied());
  } else if (const auto *AS = dyn_cast<AttributedStmt>(St)) {
    for (const Attr *A : AS->getAttrs())
      S.num(A->getKind());
  } else if (const auto *IS = dyn_cast<IfStmt>(St)) {
    S.num(static_cast<unsigned>(IS->getStatementKind()));
  } else if (const auto *CS = dyn_cast<CaseStmt>(St)) {
    S.num(CS->caseStmtIsGNURange());
  } else if (const auto *PD = dyn_cast<CXXPseudoDestructorExpr>(St)) {
    type(S, PD->getDestroyedType());
    S.num(PD->isArrow());
  } else if (const auto *RB = dyn_cast<CXXRewrittenBinaryOperator>(St)) {
    S.num(RB->isReversed());
  } else if (const auto *FP = dyn_cast<FunctionParmPackExpr>(St)) {
    declRef(S, FP->getParameterPack());
  } else if (const auto *NE = dyn_cast<CXXNoexceptExpr>(St)) {
    if (!NE->isValueDependent())
      S.num(NE->getValue());
  } else if (const auto *LS = dyn_cast<LabelStmt>(St)) {
    S.str(LS->getName());
  } else if (const auto *GS = dyn_cast<GotoStmt>(St)) {
    S.str(GS->getLabel()->getName());
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(St))
    S.num(OC->getOperator());
  if (const auto *CE = dyn_cast<CallExpr>(St)) {
    S.num(CE->getNumArgs());
    S.num(CE->usesADL());
  }
}

// ---- Which entities, and their keys ---------------------------------------------

struct Entry {
  std::string Key, Name, File;
  unsigned Line = 0;
  Digest Sig{};
  std::optional<Digest> Def;
};

class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &Ctx, Trust &T)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), T(T), FP(Ctx, T), Mangler(Ctx.createMangleContext()),
        NamePolicy(Ctx.getLangOpts()) {
    NamePolicy.SuppressUnwrittenScope = true;
    NamePolicy.AnonymousTagLocations = false;
  }

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  // Entities are never inside statements or types (what is declared there
  // is local, and part of the enclosing function's fingerprint).
  bool TraverseStmt(Stmt *, DataRecursionQueue * = nullptr) { return true; }
  bool TraverseTypeLoc(TypeLoc) { return true; }

  bool VisitNamedDecl(NamedDecl *D) {
    consider(D);
    return true;
  }

  std::vector<Entry> Entries;

private:
  void consider(const NamedDecl *D);
  void add(const NamedDecl *D, std::string Key, const Digest &Sig, std::optional<Digest> Def);
  std::string contextKey(const DeclContext *DC);
  std::string recordKey(const RecordDecl *RD);
  std::string functionKey(const FunctionDecl *FD);
  std::string varKey(const VarDecl *VD);
  std::string templateShape(const TemplateParameterList *TPL);

  ASTContext &Ctx;
  SourceManager &SM;
  Trust &T;
  Fingerprinter FP;
  std::unique_ptr<MangleContext> Mangler;
  PrintingPolicy NamePolicy;
  llvm::DenseSet<const Decl *> Seen;
};

std::string Collector::templateShape(const TemplateParameterList *TPL) {
  std::string Shape = "<";
  for (const NamedDecl *P : *TPL) {
    if (Shape.size() > 1)
      Shape += ",";
    if (const auto *NP = dyn_cast<NonTypeTemplateParmDecl>(P))
      Shape += FP.printType(NP->getType());
    else if (const auto *TTP = dyn_cast<TemplateTemplateParmDecl>(P))
      Shape += "template" + templateShape(TTP->getTemplateParameters());
    else
      Shape += "class";
    if (P->isParameterPack())
      Shape += "...";
  }
  return Shape + ">";
}

std::string Collector::contextKey(const DeclContext *DC) {
  while (DC && (isa<LinkageSpecDecl>(DC) || isa<ExportDecl>(DC)))
    DC = DC->getParent();
  if (!DC || isa<TranslationUnitDecl>(DC))
    return "";
  if (const auto *RD = dyn_cast<RecordDecl>(DC))
    return "{" + recordKey(RD) + "}::";
  if (const auto *ND = dyn_cast<NamedDecl>(DC))
    return contextKey(DC->getParent()) + FP.name(ND->getDeclName()) + "::";
  return "?::";
}

std::string Collector::recordKey(const RecordDecl *RD) {
  if (const auto *PS = dyn_cast<ClassTemplatePartialSpecializationDecl>(RD))
    return "partial-specialization " + FP.printType(PS->getInjectedSpecializationType()) + " " +
           templateShape(PS->getTemplateParameters());
  if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
    if (const ClassTemplateDecl *CT = CRD->getDescribedClassTemplate())
      return "class-template " + contextKey(RD->getDeclContext()) + FP.name(RD->getDeclName()) +
             templateShape(CT->getTemplateParameters());
  if (RD->isDependentContext())
    return "templated-class " + contextKey(RD->getDeclContext()) + FP.name(RD->getDeclName());
  return "class " + FP.printType(QualType(RD->getTypeForDecl(), 0));
}

std::string Collector::functionKey(const FunctionDecl *FD) {
  if (!FD->isDependentContext() && !isa<CXXDeductionGuideDecl>(FD)) {
    if (!Mangler->shouldMangleDeclName(FD))
      return "function " + FP.name(FD->getDeclName()); // not mangled: the symbol is the name
    GlobalDecl GD(FD);
    if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD))
      GD = GlobalDecl(CD, Ctor_Complete);
    else if (const auto *DD = dyn_cast<CXXDestructorDecl>(FD))
      GD = GlobalDecl(DD, Dtor_Complete);
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    Mangler->mangleName(GD, OS);
    return "function " + Name;
  }
  std::string Key = "templated-function " + contextKey(FD->getDeclContext()) +
                    FP.name(FD->getDeclName()) + " " + FP.printType(FD->getType());
  if (const FunctionTemplateDecl *FT = FD->getDescribedFunctionTemplate())
    Key += " " + templateShape(FT->getTemplateParameters());
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD); M && M->isStatic())
    Key += " static";
  return Key;
}

std::string Collector::varKey(const VarDecl *VD) {
  if (!VD->isTemplated()) {
    // Variables of the global namespace are not mangled: the symbol is
    // the name.
    if (!Mangler->shouldMangleDeclName(VD))
      return "variable " + FP.name(VD->getDeclName());
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    Mangler->mangleName(GlobalDecl(VD), OS);
    return "variable " + Name;
  }
  std::string Key =
      "templated-variable " + contextKey(VD->getDeclContext()) + FP.name(VD->getDeclName());
  if (const VarTemplateDecl *VT = VD->getDescribedVarTemplate())
    Key += " " + templateShape(VT->getTemplateParameters());
  return Key;
}

void Collector::add(const NamedDecl *D, std::string Key, const Digest &Sig,
                    std::optional<Digest> Def) {
  Entry E;
  E.Key = std::move(Key);
  llvm::raw_string_ostream OS(E.Name);
  D->getNameForDiagnostic(OS, NamePolicy, /*Qualified=*/true);
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(D->getLocation()));
  if (P.isValid()) {
    E.File = P.getFilename();
    E.Line = P.getLine();
  }
  E.Sig = Sig;
  E.Def = Def;
  Entries.push_back(std::move(E));
}

void Collector::consider(const NamedDecl *D) {
  if (D->isImplicit() || D->isInvalidDecl() || isa<ParmVarDecl>(D))
    return;
  if (D->getParentFunctionOrMethod())
    return; // local: part of its function
  SourceLocation Loc = D->getLocation();
  if (Loc.isInvalid() || T.isTrusted(Loc))
    return;
  if (!D->isExternallyVisible())
    return; // internal linkage: a different entity in every file

  if (const auto *RD = dyn_cast<RecordDecl>(D)) {
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD); CRD && CRD->isLambda())
      return;
    if (!RD->isCompleteDefinition() || RD->getDefinition() != RD)
      return;
    if (!RD->getIdentifier() && !RD->getTypedefNameForAnonDecl())
      return; // unnamed: part of the class or variable it is declared in
    Sink S;
    FP.recordContent(S, RD, /*WithBodies=*/false);
    Digest Def = S.finish();
    add(D, recordKey(RD), Def, Def);
  } else if (const auto *ED = dyn_cast<EnumDecl>(D)) {
    if (!ED->isThisDeclarationADefinition() || !ED->getIdentifier())
      return;
    Sink S;
    FP.enumContent(S, ED);
    Digest Def = S.finish();
    std::string Key =
        ED->isDependentContext()
            ? "templated-enum " + contextKey(ED->getDeclContext()) + FP.name(ED->getDeclName())
            : "enum " + FP.printType(QualType(ED->getTypeForDecl(), 0));
    add(D, Key, Def, Def);
  } else if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (!Seen.insert(FD->getCanonicalDecl()).second)
      return;
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def && FD->isTemplateInstantiation())
      return; // a declaration derived from a template: the template is compared
    const FunctionDecl *Use = Def ? Def : FD;
    Sink Sig;
    FP.functionSig(Sig, Use);
    std::optional<Digest> DefDigest;
    if (Def) {
      Sink S;
      FP.functionDef(S, Def);
      DefDigest = S.finish();
    }
    add(Use, functionKey(Use), Sig.finish(), DefDigest);
  } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (!VD->isFileVarDecl() && !VD->isStaticDataMember())
      return;
    if (!Seen.insert(VD->getCanonicalDecl()).second)
      return;
    const VarDecl *Def = VD->getDefinition();
    if (!Def && VD->getAnyInitializer())
      Def = VD->getInitializingDeclaration();
    // An instantiated initializer may not be there yet (clang instantiates
    // it on use): then only the type is compared, and the template is.
    if (Def && isTemplateInstantiation(VD->getTemplateSpecializationKind()) &&
        !Def->getAnyInitializer())
      Def = nullptr;
    const VarDecl *Use = Def ? Def : VD;
    Sink Sig;
    FP.varSig(Sig, Use);
    std::optional<Digest> DefDigest;
    if (Def) {
      Sink S;
      FP.varDef(S, Def);
      DefDigest = S.finish();
    }
    add(Use, varKey(Use), Sig.finish(), DefDigest);
  } else if (const auto *CD = dyn_cast<ConceptDecl>(D)) {
    Sink S;
    FP.conceptDef(S, CD);
    Digest Def = S.finish();
    add(D, "concept " + contextKey(CD->getDeclContext()) + FP.name(CD->getDeclName()), Def, Def);
  }
}

std::string hex(const Digest &D) { return llvm::toHex(D, /*LowerCase=*/true); }

// Tabs and line breaks would break the format; no key, name or path needs them.
std::string field(llvm::StringRef S) {
  std::string Out = S.str();
  for (char &C : Out)
    if (C == '\t' || C == '\n' || C == '\r')
      C = ' ';
  return Out;
}

} // namespace

bool writeOdrFingerprints(ASTContext &AST, Trust &T, const std::string &Path, std::string &Error) {
  Collector C(AST, T);
  C.TraverseDecl(AST.getTranslationUnitDecl());

  // One line per key: entities that share a key in one file are merged
  // (their digests hashed together, in order), so the other file must have
  // the same set.
  llvm::MapVector<std::string, std::vector<const Entry *>, std::map<std::string, unsigned>> ByKey;
  for (const Entry &E : C.Entries)
    ByKey[E.Key].push_back(&E);

  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write '" + Path + "': " + EC.message();
    return false;
  }
  OS << "iu-odr 1\n";
  for (auto &[Key, List] : ByKey) {
    const Entry &First = *List.front();
    Digest Sig = First.Sig;
    std::optional<Digest> Def = First.Def;
    if (List.size() > 1) {
      std::vector<std::string> Sigs, Defs;
      for (const Entry *E : List) {
        Sigs.push_back(hex(E->Sig));
        Defs.push_back(E->Def ? hex(*E->Def) : "-");
      }
      llvm::sort(Sigs);
      llvm::sort(Defs);
      Sink SS, DS;
      for (const std::string &H : Sigs)
        SS.str(H);
      for (const std::string &H : Defs)
        DS.str(H);
      Sig = SS.finish();
      Def = DS.finish();
    }
    OS << field(Key) << '\t' << hex(Sig) << '\t' << (Def ? hex(*Def) : "-") << '\t' << First.Line
       << '\t' << field(First.File) << '\t' << field(First.Name) << '\n';
  }
  OS.close();
  if (OS.has_error()) {
    Error = "cannot write '" + Path + "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

} // namespace iu::checker
