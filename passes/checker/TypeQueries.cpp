#include "TypeQueries.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace iu::checker {

namespace {

template <class Pred> bool anyTemplateArgType(const TemplateArgumentList &Args, Pred P) {
  for (const TemplateArgument &A : Args.asArray()) {
    if (A.getKind() == TemplateArgument::Type && P(A.getAsType()))
      return true;
    if (A.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &E : A.pack_elements())
        if (E.getKind() == TemplateArgument::Type && P(E.getAsType()))
          return true;
  }
  return false;
}

} // namespace

QualType elementType(QualType T) {
  T = T.getCanonicalType();
  while (true) {
    if (const auto *R = T->getAs<ReferenceType>())
      T = R->getPointeeType().getCanonicalType();
    else if (const ArrayType *A = T->getAsArrayTypeUnsafe())
      T = A->getElementType().getCanonicalType();
    else
      return T;
  }
}

bool containsObjectPointer(QualType T) {
  if (T.isNull())
    return false;
  T = elementType(T);
  if (T->isNullPtrType() || T->isBlockPointerType())
    return true;
  if (const auto *P = T->getAs<PointerType>())
    return !P->getPointeeType()->isFunctionType();
  if (const auto *MP = T->getAs<MemberPointerType>())
    return !MP->isMemberFunctionPointer();
  return false;
}

bool isFunctionReferenceOrPointer(QualType T) {
  if (T.isNull())
    return false;
  T = T.getCanonicalType();
  while (const ArrayType *A = T->getAsArrayTypeUnsafe())
    T = A->getElementType().getCanonicalType();
  if (const auto *R = T->getAs<ReferenceType>()) {
    QualType P = R->getPointeeType().getCanonicalType();
    if (P->isFunctionType())
      return true;
    T = P;
  }
  if (const auto *P = T->getAs<PointerType>())
    return P->getPointeeType()->isFunctionType();
  if (const auto *MP = T->getAs<MemberPointerType>())
    return MP->isMemberFunctionPointer();
  return false;
}

bool isFloating(QualType T) {
  if (T.isNull())
    return false;
  T = elementType(T);
  if (T->isFloatingType())
    return true;
  if (const auto *V = T->getAs<VectorType>())
    return V->getElementType()->isFloatingType();
  return false;
}

namespace {

class ClassWalk {
public:
  explicit ClassWalk(llvm::function_ref<bool(const CXXRecordDecl &)> P) : P(P) {}

  bool reaches(QualType T) {
    if (T.isNull())
      return false;
    const CXXRecordDecl *RD = elementType(T)->getAsCXXRecordDecl();
    if (!RD || !Seen.insert(RD).second)
      return false;
    if (P(*RD))
      return true;
    if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (anyTemplateArgType(S->getTemplateArgs(), [this](QualType A) { return reaches(A); }))
        return true;
    if (!RD->hasDefinition())
      return false;
    for (const CXXBaseSpecifier &B : RD->bases())
      if (reaches(B.getType()))
        return true;
    for (const FieldDecl *F : RD->fields())
      if (reaches(F->getType()))
        return true;
    return false;
  }

private:
  llvm::function_ref<bool(const CXXRecordDecl &)> P;
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
};

} // namespace

bool reachesClass(QualType T, llvm::function_ref<bool(const CXXRecordDecl &)> P) {
  return ClassWalk(P).reaches(T);
}

bool containsLambda(QualType T) {
  return reachesClass(T, [](const CXXRecordDecl &RD) { return RD.isLambda(); });
}

bool isUnion(QualType T) {
  if (T.isNull())
    return false;
  return elementType(T)->isUnionType();
}

bool hasReferenceTemplateArgument(QualType T) {
  return reachesClass(T, [](const CXXRecordDecl &RD) {
    const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(&RD);
    return S && anyTemplateArgType(S->getTemplateArgs(),
                                   [](QualType A) { return A->isReferenceType(); });
  });
}

bool isPlainData(QualType T, QualType *Why) {
  QualType C = T.getCanonicalType();
  if (const ArrayType *A = C->getAsArrayTypeUnsafe()) {
    if (!isa<ConstantArrayType>(A)) {
      if (Why)
        *Why = T;
      return false;
    }
    return isPlainData(A->getElementType(), Why);
  }
  if (const auto *B = C->getAs<BuiltinType>()) {
    if (B->isInteger() && !B->isBooleanType())
      return true;
  } else if (const CXXRecordDecl *RD = C->getAsCXXRecordDecl()) {
    if (RD->hasDefinition() && !RD->isUnion() && !RD->isLambda() && !RD->isDynamicClass()) {
      for (const CXXBaseSpecifier &B : RD->bases())
        if (B.isVirtual() || !isPlainData(B.getType(), Why))
          return false;
      for (const FieldDecl *F : RD->fields())
        if (F->getType()->isReferenceType() || !isPlainData(F->getType(), Why))
          return false;
      return true;
    }
  }
  if (Why)
    *Why = T;
  return false;
}

bool hasMutableMember(QualType T) {
  if (T.isNull())
    return false;
  T = elementType(T);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  if (RD->hasMutableFields())
    return true;
  return false;
}

bool isIntegerLike(QualType T) {
  if (T.isNull())
    return false;
  T = T.getCanonicalType();
  return T->isIntegralOrEnumerationType();
}

const Expr *ignoreParens(const Expr *E) { return E ? E->IgnoreParens() : E; }

QualType declaredType(const Decl &D) {
  if (const auto *FD = dyn_cast<FunctionDecl>(&D))
    return FD->getReturnType();
  if (const auto *VD = dyn_cast<ValueDecl>(&D))
    return VD->getType();
  if (const auto *TD = dyn_cast<TypedefNameDecl>(&D))
    return TD->getUnderlyingType();
  return QualType();
}

} // namespace iu::checker
