// Questions rules ask about types. All look through typedefs, aliases,
// auto and decltype (they work on canonical types).
#pragma once

#include "clang/AST/Type.h"
#include "llvm/ADT/STLFunctionalExtras.h"

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
// Whether P holds for a class reachable from T: T itself, array elements,
// referenced types, and of every class reached its bases, its fields
// (lambda captures included) and its template type arguments,
// transitively. Pointers are not followed. Every rule about what a type
// holds asks this, so no wrapper (a derived class, a member, a template
// argument) hides what is inside it.
bool reachesClass(clang::QualType T,
                  llvm::function_ref<bool(const clang::CXXRecordDecl &)> P);
// A lambda closure type reachable from T (reachesClass): struct D :
// decltype(lambda) {}, iu::optional<closure>, a closure capturing one.
bool containsLambda(clang::QualType T);
// A union, possibly inside arrays or behind a reference.
bool isUnion(clang::QualType T);
// A class template specialization with a reference template argument
// (which could keep a reference alive inside the class), reachable from T
// (reachesClass).
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
