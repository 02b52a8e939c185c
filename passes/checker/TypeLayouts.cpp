// Type layouts of maps and configurations (see TypeLayouts.h).
//
// Which globals: every variable at namespace scope whose type is a runtime
// class annotated "iu::map" (iu::basic_map and its aliases, iu::events) or
// "iu::config" -- what IU_MAP and IU_CONFIG declare -- keyed by the
// variable's name, which the macros also write into the descriptor. A keyed
// map records its key_type and value_type, an events channel its
// value_type, a configuration its T.
//
// What a type records (docs/image-format.md, section .iu.types): its kind,
// its name as the source spells it (fully qualified, typedefs kept: key_t,
// iu::u64, ns::event), its size, and per kind: the signedness of integers
// and of enums' underlying types; the element and count of arrays (a plain
// char array, or iu::array<char, N>, is "chars"); the fields of structs with
// their byte offsets from clang's record layout (base classes' fields first,
// anonymous struct members flattened, bit-fields left out). iu::array<T, N>
// is recorded as the array it holds, iu::kptr<T> and iu::uptr<T> as the u64
// they are.
//
// Types are listed children first, each once (identical descriptions share
// an entry), so every index refers to an earlier entry.
#include "TypeLayouts.h"
#include "Trust.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <vector>

using namespace clang;

namespace iu::checker {
namespace {

// Limits the reader enforces too (image/src/types_section.cpp).
constexpr size_t kMaxNameLength = 512;

// A name a JSON string can hold without escapes: printable ASCII, no quote
// or backslash. Anything else (an unnamed type's "(unnamed struct at ...)",
// a non-ASCII identifier) is recorded as unnamed.
std::string cleanName(std::string Name) {
  if (Name.size() > kMaxNameLength)
    return "";
  for (char C : Name)
    if (C < 0x20 || C > 0x7e || C == '"' || C == '\\' || C == '(')
      return "";
  return Name;
}

bool isIdentifier(llvm::StringRef S) {
  if (S.empty() || S.size() > kMaxNameLength || !(isalpha(S[0]) || S[0] == '_'))
    return false;
  for (char C : S)
    if (!(isalnum(static_cast<unsigned char>(C)) || C == '_'))
      return false;
  return true;
}

class Recorder {
public:
  Recorder(ASTContext &Ctx, Trust &T) : Ctx(Ctx), T(T), Policy(Ctx.getLangOpts()) {
    Policy.SuppressTagKeyword = true;
    Policy.SuppressUnwrittenScope = true; // "key", not "(anonymous namespace)::key"
    Policy.AnonymousTagLocations = false;
    Policy.PrintCanonicalTypes = false;
    Policy.SuppressScope = false;
  }

  void consider(const VarDecl *VD);
  bool write(const std::string &Path, std::string &Error);
  const std::string &error() const { return Err; }

private:
  enum class Annotation { None, Map, Config };
  Annotation annotationOf(QualType T, const ClassTemplateSpecializationDecl **Spec) const;
  bool declaredByRuntime(const Decl &D) const;
  std::optional<unsigned> describe(QualType Written, const std::string &Owner);
  bool addFields(const CXXRecordDecl *RD, uint64_t Base, std::string &Out, bool &First,
                 const std::string &Owner);
  std::string nameOf(QualType Written) const;
  std::vector<QualType> writtenArgs(QualType T) const;
  unsigned intern(std::string Json);
  void fail(const std::string &Owner, const std::string &Why) {
    if (Err.empty())
      Err = "cannot record the layout of " + Owner + ": " + Why;
  }

  ASTContext &Ctx;
  Trust &T;
  PrintingPolicy Policy;
  std::vector<std::string> Types;          // each a JSON object
  std::map<std::string, unsigned> Index;   // JSON object -> index
  // name -> (key type or none, value type)
  std::map<std::string, std::pair<std::optional<unsigned>, unsigned>> Maps;
  std::map<std::string, unsigned> Configs;
  std::string Err;
};

bool Recorder::declaredByRuntime(const Decl &D) const {
  for (const Decl *R : D.redecls())
    if (R->getLocation().isValid() && T.isTrusted(R->getLocation()))
      return true;
  return false;
}

Recorder::Annotation
Recorder::annotationOf(QualType Ty, const ClassTemplateSpecializationDecl **Spec) const {
  const auto *RD = Ty->getAsCXXRecordDecl();
  if (!RD || !declaredByRuntime(*RD))
    return Annotation::None;
  *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  for (const auto *A : RD->specific_attrs<AnnotateAttr>()) {
    if (A->getAnnotation() == "iu::map")
      return Annotation::Map;
    if (A->getAnnotation() == "iu::config")
      return Annotation::Config;
  }
  return Annotation::None;
}

// A type's name as written: typedefs and aliases kept, fully qualified.
// (clang's qualifier leaves an array's element alone: arrays are spelled
// here.)
std::string Recorder::nameOf(QualType Written) const {
  Written = Written.getUnqualifiedType();
  while (const auto *S = dyn_cast<SubstTemplateTypeParmType>(Written.getTypePtr()))
    Written = S->getReplacementType().getUnqualifiedType();
  std::string Dims;
  while (const auto *CAT = dyn_cast<ConstantArrayType>(Written.getTypePtr())) {
    Dims += "[" + std::to_string(CAT->getZExtSize()) + "]";
    Written = CAT->getElementType().getUnqualifiedType();
  }
  if (!Dims.empty()) {
    std::string Elem = nameOf(Written);
    return Elem.empty() ? "" : cleanName(Elem + Dims);
  }
  std::string Name = TypeName::getFullyQualifiedName(Written, Ctx, Policy);
  return cleanName(Name);
}

// The type arguments of the class template specialization T names, as
// written through type aliases such as iu::hash_map<K, V, N> (whose
// arguments clang substitutes into the aliased type canonically, leaving
// SubstTemplateTypeParmType nodes that say which parameter they were), or
// the canonical ones when the sugar is not there.
std::vector<QualType> Recorder::writtenArgs(QualType Ty) const {
  std::vector<QualType> Out;
  std::vector<QualType> Outer; // the enclosing alias's arguments
  const Decl *OuterAlias = nullptr;
  QualType Cur = Ty;
  for (int Steps = 0; Steps < 64; ++Steps) {
    const auto *TST = Cur->getAs<TemplateSpecializationType>();
    if (!TST)
      break;
    std::vector<QualType> Args;
    for (const TemplateArgument &A : TST->template_arguments()) {
      if (A.getKind() != TemplateArgument::Type) {
        Args.push_back(QualType());
        continue;
      }
      QualType AT = A.getAsType();
      if (const auto *S = AT->getAs<SubstTemplateTypeParmType>();
          S && OuterAlias && S->getAssociatedDecl() == OuterAlias && S->getIndex() < Outer.size() &&
          !Outer[S->getIndex()].isNull())
        AT = Outer[S->getIndex()];
      Args.push_back(AT);
    }
    if (TST->isTypeAlias()) {
      Outer = std::move(Args);
      OuterAlias = TST->getTemplateName().getAsTemplateDecl();
      Cur = TST->getAliasedType();
      continue;
    }
    return Args;
  }
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(Ty->getAsCXXRecordDecl()))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
      Out.push_back(A.getKind() == TemplateArgument::Type ? A.getAsType() : QualType());
  return Out;
}

unsigned Recorder::intern(std::string Json) {
  auto [It, Inserted] = Index.emplace(Json, static_cast<unsigned>(Types.size()));
  if (Inserted)
    Types.push_back(std::move(Json));
  return It->second;
}

bool Recorder::addFields(const CXXRecordDecl *RD, uint64_t Base, std::string &Out, bool &First,
                         const std::string &Owner) {
  const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
  for (const CXXBaseSpecifier &B : RD->bases()) {
    const CXXRecordDecl *BD = B.getType()->getAsCXXRecordDecl();
    if (!BD || B.isVirtual()) {
      fail(Owner, "virtual or unknown base class");
      return false;
    }
    if (!addFields(BD, Base + L.getBaseClassOffset(BD).getQuantity(), Out, First, Owner))
      return false;
  }
  for (const FieldDecl *FD : RD->fields()) {
    if (FD->isBitField())
      continue; // not described: no byte offset of its own
    uint64_t Offset = Base + Ctx.toCharUnitsFromBits(L.getFieldOffset(FD->getFieldIndex()))
                                 .getQuantity();
    if (FD->isAnonymousStructOrUnion()) {
      const CXXRecordDecl *Inner = FD->getType()->getAsCXXRecordDecl();
      if (!Inner || !addFields(Inner, Offset, Out, First, Owner))
        return false;
      continue;
    }
    std::string Name = FD->getName().str();
    if (!isIdentifier(Name)) {
      fail(Owner, "field name '" + Name + "' is not an ASCII identifier");
      return false;
    }
    std::optional<unsigned> Ty = describe(FD->getType(), Owner);
    if (!Ty)
      return false;
    Out += First ? "" : ",";
    First = false;
    Out += "{\"name\":\"" + Name + "\",\"offset\":" + std::to_string(Offset) +
           ",\"type\":" + std::to_string(*Ty) + "}";
  }
  return true;
}

std::optional<unsigned> Recorder::describe(QualType Written, const std::string &Owner) {
  QualType Canon = Written.getCanonicalType().getUnqualifiedType();
  if (Canon->isDependentType() || Canon->isIncompleteType()) {
    fail(Owner, "type '" + Canon.getAsString() + "' is incomplete or dependent");
    return std::nullopt;
  }
  uint64_t Size = Ctx.getTypeSizeInChars(Canon).getQuantity();
  std::string Name = nameOf(Written);
  auto head = [&](const char *Kind) {
    return std::string("{\"kind\":\"") + Kind + "\",\"name\":\"" + Name +
           "\",\"size\":" + std::to_string(Size);
  };
  auto sizeOk = [&](uint64_t S) { return S == 1 || S == 2 || S == 4 || S == 8; };

  if (Canon->isBooleanType())
    return intern(head("bool") + "}");
  if (const auto *ET = Canon->getAs<EnumType>()) {
    QualType U = ET->getDecl()->getIntegerType();
    if (U.isNull() || !sizeOk(Size)) {
      fail(Owner, "enum '" + Name + "' has no integer type of 1, 2, 4 or 8 bytes");
      return std::nullopt;
    }
    return intern(head("enum") + ",\"signed\":" +
                  (U->isSignedIntegerType() ? "true" : "false") + "}");
  }
  if (const auto *BT = Canon->getAs<BuiltinType>(); BT && BT->isInteger()) {
    if (!sizeOk(Size)) {
      fail(Owner, "integer type '" + Canon.getAsString() + "' is not 1, 2, 4 or 8 bytes");
      return std::nullopt;
    }
    return intern(head("int") + ",\"signed\":" +
                  (Canon->isSignedIntegerType() ? "true" : "false") + "}");
  }
  auto array = [&](QualType Elem, uint64_t Count) -> std::optional<unsigned> {
    if (Elem.getCanonicalType().getUnqualifiedType() == Ctx.CharTy)
      return intern(head("chars") + "}");
    std::optional<unsigned> E = describe(Elem, Owner);
    if (!E)
      return std::nullopt;
    return intern(head("array") + ",\"elem\":" + std::to_string(*E) +
                  ",\"count\":" + std::to_string(Count) + "}");
  };
  if (const ConstantArrayType *CAT = Ctx.getAsConstantArrayType(Written))
    return array(CAT->getElementType(), CAT->getZExtSize());
  if (const CXXRecordDecl *RD = Canon->getAsCXXRecordDecl()) {
    if (RD->isUnion()) {
      fail(Owner, "'" + Name + "' is a union");
      return std::nullopt;
    }
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
        Spec && declaredByRuntime(*Spec)) {
      std::string Template = Spec->getSpecializedTemplate()->getQualifiedNameAsString();
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Template == "iu::array" && Args.size() == 2 &&
          Args[0].getKind() == TemplateArgument::Type &&
          Args[1].getKind() == TemplateArgument::Integral) {
        std::vector<QualType> W = writtenArgs(Written);
        QualType Elem = Args[0].getAsType();
        if (!W.empty() && !W[0].isNull() &&
            Ctx.hasSameType(W[0].getCanonicalType(), Elem.getCanonicalType()))
          Elem = W[0];
        return array(Elem, Args[1].getAsIntegral().getZExtValue());
      }
      if ((Template == "iu::kptr" || Template == "iu::uptr") && Size == 8)
        return intern(head("int") + ",\"signed\":false}");
    }
    std::string Fields;
    bool First = true;
    if (!addFields(RD, 0, Fields, First, Owner))
      return std::nullopt;
    return intern(head("struct") + ",\"fields\":[" + Fields + "]}");
  }
  fail(Owner, "type '" + Canon.getAsString() + "' is not an integer, bool, enum, array or struct");
  return std::nullopt;
}

void Recorder::consider(const VarDecl *VD) {
  if (!Err.empty() || VD->isInvalidDecl() || !VD->isFileVarDecl() ||
      VD->getDescribedVarTemplate() || isa<VarTemplatePartialSpecializationDecl>(VD))
    return;
  if (VD->getLocation().isInvalid() || T.isTrusted(VD->getLocation()))
    return;
  QualType Ty = VD->getType();
  if (Ty->isDependentType())
    return;
  const ClassTemplateSpecializationDecl *Spec = nullptr;
  Annotation A = annotationOf(Ty, &Spec);
  if (A == Annotation::None)
    return;
  if (!Spec) {
    fail("'" + VD->getName().str() + "'", "its type is not a runtime template");
    return;
  }
  std::string Name = VD->getName().str();
  std::string Template = Spec->getSpecializedTemplate()->getName().str();
  const TemplateArgumentList &Canon = Spec->getTemplateArgs();
  std::vector<QualType> Written = writtenArgs(Ty);
  // Argument I as written, if the sugar agrees with the specialization.
  auto arg = [&](unsigned I) -> QualType {
    if (I >= Canon.size() || Canon[I].getKind() != TemplateArgument::Type)
      return QualType();
    QualType C = Canon[I].getAsType();
    if (I < Written.size() && !Written[I].isNull() && Ctx.hasSameType(Written[I], C))
      return Written[I];
    return C;
  };
  if (A == Annotation::Config) {
    std::string Owner = "configuration '" + Name + "'";
    QualType V = arg(0);
    if (V.isNull()) {
      fail(Owner, "unexpected runtime type");
      return;
    }
    if (std::optional<unsigned> I = describe(V, Owner)) {
      if (!Configs.emplace(Name, *I).second)
        fail(Owner, "declared twice");
    }
    return;
  }
  std::string Owner = "map '" + Name + "'";
  QualType K, V;
  if (Template == "basic_map") {
    K = arg(1);
    V = arg(2);
  } else if (Template == "events") {
    V = arg(0);
  }
  if (V.isNull() || (Template == "basic_map" && K.isNull())) {
    fail(Owner, "unexpected runtime map type '" + Template + "'");
    return;
  }
  std::optional<unsigned> KI;
  if (!K.isNull()) {
    KI = describe(K, Owner);
    if (!KI)
      return;
  }
  std::optional<unsigned> VI = describe(V, Owner);
  if (!VI)
    return;
  if (!Maps.emplace(Name, std::make_pair(KI, *VI)).second)
    fail(Owner, "declared twice");
}

bool Recorder::write(const std::string &Path, std::string &Error) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write '" + Path + "': " + EC.message();
    return false;
  }
  OS << "{\"format\":\"iu-types\",\"version\":1,\n\"types\":[";
  for (size_t I = 0; I < Types.size(); ++I)
    OS << (I ? ",\n" : "\n") << Types[I];
  OS << "],\n\"maps\":{";
  bool First = true;
  for (auto &[Name, KV] : Maps) {
    OS << (First ? "\n" : ",\n") << '"' << Name << "\":{";
    if (KV.first)
      OS << "\"key\":" << *KV.first << ",";
    OS << "\"value\":" << KV.second << "}";
    First = false;
  }
  OS << "},\n\"configs\":{";
  First = true;
  for (auto &[Name, Ty] : Configs) {
    OS << (First ? "\n" : ",\n") << '"' << Name << "\":" << Ty;
    First = false;
  }
  OS << "}}\n";
  OS.close();
  if (OS.has_error()) {
    Error = "cannot write '" + Path + "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

class Finder : public RecursiveASTVisitor<Finder> {
public:
  explicit Finder(Recorder &R) : R(R) {}
  bool VisitVarDecl(VarDecl *VD) {
    R.consider(VD);
    return true;
  }
  // Maps and configurations live at namespace scope: no need to look
  // inside functions.
  bool TraverseFunctionDecl(FunctionDecl *) { return true; }
  bool TraverseCXXMethodDecl(CXXMethodDecl *) { return true; }

private:
  Recorder &R;
};

} // namespace

bool writeTypeLayouts(ASTContext &AST, Trust &T, const std::string &Path, std::string &Error) {
  Recorder R(AST, T);
  Finder F(R);
  F.TraverseDecl(AST.getTranslationUnitDecl());
  if (!R.error().empty()) {
    Error = R.error();
    return false;
  }
  return R.write(Path, Error);
}

} // namespace iu::checker
