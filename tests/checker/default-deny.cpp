// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-default-deny: constructs no rule knows about are refused, not let
// through: GNU extensions, vector and complex types, _BitInt, _Atomic, ...
#include <iu/iu.h>

namespace {

struct Pair {
  int a, b;
};

int statement_expression(int x) {
  return ({ int y = x * 2; y + 1; });               // expected-error {{construct 'StmtExpr' is not allowed in extensions [iu-default-deny]}} expected-note {{docs/language.md}}
}

int elvis(int x) {
  return x ?: 7;                                    // expected-error {{construct 'BinaryConditionalOperator' is not allowed}} expected-note {{docs/language.md}}
}

int choose() {
  return __builtin_choose_expr(1, 2, 3);            // expected-error {{construct 'ChooseExpr' is not allowed}} expected-note {{docs/language.md}}
}

int compound_literal() {
  return (Pair){1, 2}.a;                            // expected-error {{construct 'CompoundLiteralExpr' is not allowed}} expected-note {{docs/language.md}}
}

int extension(int x) {
  return __extension__ x;                           // expected-error {{construct 'UnaryOperator' is not allowed}} expected-note {{docs/language.md}}
}

using Vec = int __attribute__((vector_size(16)));   // expected-error {{construct 'type '__attribute__((__vector_size__(4 * sizeof(int)))) int'' is not allowed}} expected-note {{docs/language.md}}

int complex_int() {
  _Complex int c = 0;                               // expected-error {{construct 'type '_Complex int'' is not allowed}} expected-note {{docs/language.md}}
  return __real__ c;                                // expected-error {{construct 'UnaryOperator' is not allowed}} expected-note {{docs/language.md}}
}

int bit_int() {
  _BitInt(7) b = 3;                                 // expected-error {{construct 'type '_BitInt(7)'' is not allowed}} expected-note {{docs/language.md}}
  return b;
}

int atomic() {
  _Atomic int a = 0;                                // expected-error {{construct 'type '_Atomic(int)'' is not allowed}} expected-note {{docs/language.md}}
  return a;
}

int gnu_typeof(int x) {
  __typeof__(x) y = x;                              // expected-error {{construct 'TypeOfExpr type' is not allowed}} expected-note {{docs/language.md}}
  return y;
}

int generic_selection(int x) {
  return _Generic(x, int: 1, default: 0);           // expected-error {{construct 'GenericSelectionExpr' is not allowed}} expected-note {{docs/language.md}}
}

#define MAX(a, b) ({ auto _a = (a); auto _b = (b); _a > _b ? _a : _b; })
int via_macro(int x) {
  return MAX(x, 3);                                 // expected-error {{construct 'StmtExpr' is not allowed}} expected-note {{docs/language.md}}
}

template <class T> T via_template(T v) {
  return ({ v; });                                  // expected-error {{construct 'StmtExpr' is not allowed}} expected-note {{docs/language.md}}
}

int prog(const iu::kprobe_ctx &) {
  return statement_expression(1) + elvis(0) + choose() + compound_literal() + extension(1) +
         complex_int() + bit_int() + atomic() + gnu_typeof(1) + generic_selection(1) +
         via_macro(1) + via_template(1);
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
