// What rule implementations include.
#pragma once

#include "Checker.h"
#include "Registry.h"
#include "Rule.h"
#include "TypeQueries.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"

#define IU_RULE_FACTORY(Class)                                                            \
  std::unique_ptr<Rule> create##Class(llvm::StringRef ID) { return std::make_unique<Class>(ID); }
