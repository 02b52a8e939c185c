// Questions rules ask about types. All look through typedefs, aliases,
// auto and decltype (they work on canonical types).
#pragma once

#include "clang/AST/Type.h"

namespace clang {
class Decl;
class Expr;
class RecordDecl;
} // namespace clang

namespace iu::checker {

// T's canonical type with references and array dimensions stripped.
clang::QualType elementType(clang::QualType T);
// A pointer, member pointer or nullptr_t, possibly inside arrays or behind
// a reference. Pointers to functions are not included (see
// isFunctionReferenceOrPointer).
bool containsObjectPointer(clang::QualType T);
// A pointer or reference to a function or a member function pointer,
// possibly inside arrays or behind a reference.
bool isFunctionReferenceOrPointer(clang::QualType T);
// Floating point (including complex and vectors of floats), possibly
// inside arrays or behind a reference.
bool isFloating(clang::QualType T);
// A lambda closure type, possibly inside arrays, behind a reference or in
// the template arguments of a class (iu::optional<closure>).
bool containsLambda(clang::QualType T);
// A union, possibly inside arrays or behind a reference.
bool isUnion(clang::QualType T);
// A class template specialization with a reference template argument
// (which could keep a reference alive inside the class).
bool hasReferenceTemplateArgument(clang::QualType T);
// Every bit pattern is a valid value: integers (not bool, not enums) and
// arrays and structs of them. Why carries the first offending type.
bool isPlainData(clang::QualType T, clang::QualType *Why = nullptr);
// A class with a `mutable` member anywhere inside it.
bool hasMutableMember(clang::QualType T);
// Integer, bool or enum (the only types C-style and static casts may join).
bool isIntegerLike(clang::QualType T);

const clang::Expr *ignoreParens(const clang::Expr *E);

// The type a declaration introduces: a function's return type, a variable's,
// parameter's or field's type, an alias's underlying type; null for any
// other declaration.
clang::QualType declaredType(const clang::Decl &D);

} // namespace iu::checker
