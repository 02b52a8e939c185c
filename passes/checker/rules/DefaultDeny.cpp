// iu-default-deny: every declaration, statement, expression and type kind
// of user code must be on an allowlist here, so a construct this checker
// does not know -- a GNU extension, a kind a later Clang adds -- is refused
// rather than let through. Runs last, on compiler-generated code too, and
// stays quiet on a line another rule already reported.
#include "RuleSupport.h"

using namespace clang;

namespace iu::checker {
namespace {

bool allowedDecl(const Decl &D) {
  switch (D.getKind()) {
  case Decl::TranslationUnit:
  case Decl::ExternCContext:
  case Decl::Namespace:
  case Decl::NamespaceAlias:
  case Decl::UsingDirective:
  case Decl::Using:
  case Decl::UsingEnum:
  case Decl::UsingShadow:
  case Decl::ConstructorUsingShadow:
  case Decl::UsingPack:
  case Decl::UnresolvedUsingValue:
  case Decl::UnresolvedUsingTypename:
  case Decl::Typedef:
  case Decl::TypeAlias:
  case Decl::TypeAliasTemplate:
  case Decl::Enum:
  case Decl::EnumConstant:
  case Decl::Record:
  case Decl::CXXRecord:
  case Decl::ClassTemplate:
  case Decl::ClassTemplateSpecialization:
  case Decl::ClassTemplatePartialSpecialization:
  case Decl::Field:
  case Decl::IndirectField:
  case Decl::Function:
  case Decl::CXXMethod:
  case Decl::CXXConstructor:
  case Decl::CXXDestructor:
  case Decl::CXXConversion:
  case Decl::CXXDeductionGuide:
  case Decl::FunctionTemplate:
  case Decl::Var:
  case Decl::ParmVar:
  case Decl::Decomposition:
  case Decl::Binding:
  case Decl::VarTemplate:
  case Decl::VarTemplateSpecialization:
  case Decl::VarTemplatePartialSpecialization:
  case Decl::TemplateTypeParm:
  case Decl::NonTypeTemplateParm:
  case Decl::TemplateTemplateParm:
  case Decl::TemplateParamObject:
  case Decl::Concept:
  case Decl::ImplicitConceptSpecialization:
  case Decl::RequiresExprBody:
  case Decl::StaticAssert:
  case Decl::AccessSpec:
  case Decl::Friend:
  case Decl::FriendTemplate:
  case Decl::Empty:
  case Decl::LifetimeExtendedTemporary:
  case Decl::BuiltinTemplate:
    return true;
  case Decl::LinkageSpec: // iu-no-extern reports those the user writes
    return D.isImplicit();
  default:
    return false;
  }
}

bool allowedType(QualType T);

bool allowedStmt(const Stmt &S) {
  switch (S.getStmtClass()) {
  // Statements.
  case Stmt::CompoundStmtClass:
  case Stmt::DeclStmtClass:
  case Stmt::NullStmtClass:
  case Stmt::IfStmtClass:
  case Stmt::ForStmtClass:
  case Stmt::WhileStmtClass:
  case Stmt::DoStmtClass:
  case Stmt::CXXForRangeStmtClass:
  case Stmt::SwitchStmtClass:
  case Stmt::CaseStmtClass:
  case Stmt::DefaultStmtClass:
  case Stmt::BreakStmtClass:
  case Stmt::ContinueStmtClass:
  case Stmt::ReturnStmtClass:
  case Stmt::AttributedStmtClass:
  // Literals and names.
  case Stmt::IntegerLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::StringLiteralClass:
  case Stmt::CXXBoolLiteralExprClass:
  case Stmt::UserDefinedLiteralClass:
  case Stmt::PredefinedExprClass:
  case Stmt::SourceLocExprClass:
  case Stmt::DeclRefExprClass:
  case Stmt::MemberExprClass:
  case Stmt::CXXThisExprClass:
  // Operators and calls.
  case Stmt::ParenExprClass:
  case Stmt::CompoundAssignOperatorClass:
  case Stmt::ConditionalOperatorClass:
  case Stmt::ArraySubscriptExprClass:
  case Stmt::CallExprClass:
  case Stmt::CXXMemberCallExprClass:
  case Stmt::CXXOperatorCallExprClass:
  case Stmt::CXXRewrittenBinaryOperatorClass:
  case Stmt::CXXConstructExprClass:
  case Stmt::CXXTemporaryObjectExprClass:
  case Stmt::CXXInheritedCtorInitExprClass:
  case Stmt::CXXScalarValueInitExprClass:
  case Stmt::CXXFunctionalCastExprClass:
  case Stmt::CXXStaticCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::LambdaExprClass:
  // Initialization.
  case Stmt::InitListExprClass:
  case Stmt::ImplicitValueInitExprClass:
  case Stmt::DesignatedInitExprClass:
  case Stmt::CXXParenListInitExprClass:
  case Stmt::ArrayInitLoopExprClass:
  case Stmt::ArrayInitIndexExprClass:
  case Stmt::OpaqueValueExprClass:
  case Stmt::CXXDefaultArgExprClass:
  case Stmt::CXXDefaultInitExprClass:
  case Stmt::MaterializeTemporaryExprClass:
  case Stmt::CXXBindTemporaryExprClass:
  case Stmt::ExprWithCleanupsClass:
  case Stmt::ConstantExprClass:
  // Compile-time only.
  case Stmt::TypeTraitExprClass:
  case Stmt::ArrayTypeTraitExprClass:
  case Stmt::ExpressionTraitExprClass:
  case Stmt::CXXNoexceptExprClass:
  case Stmt::ConceptSpecializationExprClass:
  case Stmt::RequiresExprClass:
  case Stmt::OffsetOfExprClass:
  // Templates.
  case Stmt::SubstNonTypeTemplateParmExprClass:
  case Stmt::SubstNonTypeTemplateParmPackExprClass:
  case Stmt::FunctionParmPackExprClass:
  case Stmt::PackExpansionExprClass:
  case Stmt::SizeOfPackExprClass:
  case Stmt::CXXFoldExprClass:
  case Stmt::CXXDependentScopeMemberExprClass:
  case Stmt::UnresolvedMemberExprClass:
  case Stmt::UnresolvedLookupExprClass:
  case Stmt::DependentScopeDeclRefExprClass:
  case Stmt::CXXUnresolvedConstructExprClass:
  case Stmt::ParenListExprClass:
  // After an error Clang already reported.
  case Stmt::RecoveryExprClass:
  case Stmt::TypoExprClass:
    return true;
  case Stmt::UnaryExprOrTypeTraitExprClass:
    switch (cast<UnaryExprOrTypeTraitExpr>(S).getKind()) {
    case UETT_SizeOf:
    case UETT_AlignOf:
    case UETT_PreferredAlignOf:
      return true;
    default:
      return false;
    }
  case Stmt::UnaryOperatorClass:
    switch (cast<UnaryOperator>(S).getOpcode()) {
    case UO_Real:
    case UO_Imag:
    case UO_Extension:
    case UO_Coawait:
      return false;
    default:
      return true;
    }
  case Stmt::BinaryOperatorClass:
    return !cast<BinaryOperator>(S).isPtrMemOp();
  case Stmt::ImplicitCastExprClass:
    switch (cast<ImplicitCastExpr>(S).getCastKind()) {
    // Conversions from or to pointers: iu-no-pointers reports the pointer.
    case CK_PointerToBoolean:
    case CK_PointerToIntegral:
    case CK_IntegralToPointer:
    case CK_NullToPointer:
    case CK_NullToMemberPointer:
    case CK_MemberPointerToBoolean:
    case CK_BitCast:
    case CK_BaseToDerivedMemberPointer:
    case CK_DerivedToBaseMemberPointer: {
      const auto &Cast = cast<ImplicitCastExpr>(S);
      return containsObjectPointer(Cast.getType()) ||
             containsObjectPointer(Cast.getSubExpr()->getType()) ||
             isFunctionReferenceOrPointer(Cast.getType()) ||
             isFunctionReferenceOrPointer(Cast.getSubExpr()->getType());
    }
    // Conversions from an atomic: the atomic type is reported.
    case CK_AtomicToNonAtomic:
    case CK_NonAtomicToAtomic: {
      const auto &Cast = cast<ImplicitCastExpr>(S);
      return !allowedType(Cast.getType()) || !allowedType(Cast.getSubExpr()->getType());
    }
    // Conversions from or to floating point: iu-no-float reports them.
    case CK_FloatingToIntegral:
    case CK_IntegralToFloating:
    case CK_FloatingCast:
    case CK_FloatingToBoolean: {
      const auto &Cast = cast<ImplicitCastExpr>(S);
      return isFloating(Cast.getType()) || isFloating(Cast.getSubExpr()->getType());
    }
    case CK_LValueToRValue:
    case CK_NoOp:
    case CK_IntegralCast:
    case CK_IntegralToBoolean:
    case CK_BooleanToSignedIntegral:
    case CK_ArrayToPointerDecay:
    case CK_FunctionToPointerDecay:
    case CK_BuiltinFnToFnPtr:
    case CK_DerivedToBase:
    case CK_UncheckedDerivedToBase:
    case CK_ConstructorConversion:
    case CK_UserDefinedConversion:
    case CK_ToVoid:
    case CK_Dependent:
      return true;
    default:
      return false;
    }
  default:
    return false;
  }
}

bool allowedBuiltin(BuiltinType::Kind K) {
  switch (K) {
  case BuiltinType::Void:
  case BuiltinType::Bool:
  case BuiltinType::Char_U:
  case BuiltinType::Char_S:
  case BuiltinType::UChar:
  case BuiltinType::SChar:
  case BuiltinType::WChar_U:
  case BuiltinType::WChar_S:
  case BuiltinType::Char8:
  case BuiltinType::Char16:
  case BuiltinType::Char32:
  case BuiltinType::Short:
  case BuiltinType::UShort:
  case BuiltinType::Int:
  case BuiltinType::UInt:
  case BuiltinType::Long:
  case BuiltinType::ULong:
  case BuiltinType::LongLong:
  case BuiltinType::ULongLong:
  case BuiltinType::Int128:
  case BuiltinType::UInt128:
  case BuiltinType::NullPtr:
  case BuiltinType::Dependent:
  case BuiltinType::Overload:
  case BuiltinType::BoundMember:
  case BuiltinType::BuiltinFn:
  // iu-no-float's.
  case BuiltinType::Half:
  case BuiltinType::Float:
  case BuiltinType::Double:
  case BuiltinType::LongDouble:
  case BuiltinType::Float16:
  case BuiltinType::BFloat16:
  case BuiltinType::Float128:
  case BuiltinType::Ibm128:
    return true;
  default:
    return false;
  }
}

// Canonical types of declarations and expressions.
bool allowedType(QualType T) {
  if (T.isNull())
    return true;
  const Type *C = T.getCanonicalType().getTypePtr();
  switch (C->getTypeClass()) {
  case Type::Builtin:
    return allowedBuiltin(cast<BuiltinType>(C)->getKind());
  case Type::Pointer:
  case Type::LValueReference:
  case Type::RValueReference:
    return allowedType(C->getPointeeType());
  case Type::ConstantArray:
  case Type::IncompleteArray:
  case Type::DependentSizedArray:
  case Type::VariableArray: // iu-no-vla reports the declaration
    return allowedType(cast<ArrayType>(C)->getElementType());
  case Type::FunctionProto:
  case Type::Record:
  case Type::Enum:
  case Type::TemplateTypeParm:
  case Type::SubstTemplateTypeParmPack:
  case Type::InjectedClassName:
  case Type::DependentName:
  case Type::DependentTemplateSpecialization:
  case Type::TemplateSpecialization:
  case Type::PackExpansion:
  case Type::Auto:
  case Type::DeducedTemplateSpecialization:
  case Type::Decltype:
  case Type::UnaryTransform:
  case Type::UnresolvedUsing:
    return true;
  default:
    return false;
  }
}

bool allowedTypeLoc(TypeLoc TL) {
  switch (TL.getTypeLocClass()) {
  case TypeLoc::Qualified:
  case TypeLoc::Pointer:        // iu-no-pointers
  case TypeLoc::MemberPointer:  // iu-no-pointers
  case TypeLoc::Attributed:     // iu-attribute-allowlist
  case TypeLoc::LValueReference:
  case TypeLoc::RValueReference:
  case TypeLoc::ConstantArray:
  case TypeLoc::IncompleteArray:
  case TypeLoc::DependentSizedArray:
  case TypeLoc::FunctionProto:
  case TypeLoc::Paren:
  case TypeLoc::Typedef:
  case TypeLoc::Using:
  case TypeLoc::Elaborated:
  case TypeLoc::Record:
  case TypeLoc::Enum:
  case TypeLoc::TemplateTypeParm:
  case TypeLoc::SubstTemplateTypeParm:
  case TypeLoc::SubstTemplateTypeParmPack:
  case TypeLoc::TemplateSpecialization:
  case TypeLoc::InjectedClassName:
  case TypeLoc::DependentName:
  case TypeLoc::DependentTemplateSpecialization:
  case TypeLoc::PackExpansion:
  case TypeLoc::Auto:
  case TypeLoc::DeducedTemplateSpecialization:
  case TypeLoc::Decltype:
  case TypeLoc::UnaryTransform:
  case TypeLoc::MacroQualified:
  case TypeLoc::UnresolvedUsing:
    return true;
  case TypeLoc::Builtin:
    return allowedBuiltin(TL.castAs<BuiltinTypeLoc>().getTypePtr()->getKind());
  default:
    return false;
  }
}

std::string typeLocName(TypeLoc TL) {
  switch (TL.getTypeLocClass()) {
#define ABSTRACT_TYPE(Class, Base)
#define TYPE(Class, Base)                                                                 \
  case TypeLoc::Class:                                                                     \
    return #Class " type";
#include "clang/AST/TypeNodes.inc"
  case TypeLoc::Qualified:
    return "qualified type";
  }
  return "type";
}

constexpr const char *SeeDocs =
    "extensions use a subset of C++; see docs/language.md for what is allowed";

class DefaultDeny final : public Rule {
public:
  using Rule::Rule;

  bool checksGeneratedCode() const override { return true; }

  void checkDecl(const Decl &D, Context &C) override {
    if (!allowedDecl(D)) {
      deny(C.locOf(D), std::string(D.getDeclKindName()) + " declaration", C);
      return;
    }
    QualType T = declaredType(D);
    if (!allowedType(T))
      deny(C.locOf(D), "type '" + T.getAsString() + "'", C);
  }

  void checkStmt(const Stmt &S, Context &C) override {
    if (!allowedStmt(S)) {
      std::string What = S.getStmtClassName();
      if (const auto *Cast = dyn_cast<CastExpr>(&S))
        What += std::string(" (") + Cast->getCastKindName() + ")";
      deny(C.locOf(S), What, C);
      return;
    }
    const auto *E = dyn_cast<Expr>(&S);
    if (!E || allowedType(E->getType()) || !introducesType(*E, C))
      return;
    deny(C.locOf(S), "type '" + E->getType().getAsString() + "'", C);
  }

  void checkTypeLoc(TypeLoc TL, Context &C) override {
    if (!allowedTypeLoc(TL))
      deny(C.locOf(TL), typeLocName(TL), C);
  }

private:
  // A disallowed type is reported where it comes in, not at every use of a
  // variable or function whose declaration was reported already.
  static bool introducesType(const Expr &E, Context &C) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(&E))
      return C.isDeclaredByRuntime(*Ref->getDecl());
    if (const auto *M = dyn_cast<MemberExpr>(&E))
      return C.isDeclaredByRuntime(*M->getMemberDecl());
    if (const auto *Call = dyn_cast<CallExpr>(&E))
      if (const Decl *Callee = Call->getCalleeDecl())
        return C.isDeclaredByRuntime(*Callee);
    for (const Stmt *Child : E.children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        if (!allowedType(CE->getType()))
          return false;
    return true;
  }

  void deny(SourceLocation Loc, const std::string &What, Context &C) {
    if (C.errorsAtCurrentNode() || C.hasErrorOnLine(Loc))
      return;
    C.report(*this, Loc, "construct '" + What + "' is not allowed in extensions", SeeDocs);
  }
};

} // namespace
IU_RULE_FACTORY(DefaultDeny)
} // namespace iu::checker
