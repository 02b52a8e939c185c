// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-new-delete: no heap, no placement new, no explicit destructor calls.
#include <iu/iu.h>

void *operator new(iu::size_t, void *where) noexcept { return where; } // expected-error {{operator new and delete are not allowed}} expected-note {{runtime map}} expected-error {{pointer types}} expected-note {{iu::kptr}}

namespace {

struct Node {
  int value;
  ~Node() {}                                      // OK: destructors run at scope end
};

int accepted() {
  Node n{1};                                      // OK: automatic storage
  iu::array<Node, 4> many{};
  return n.value + many[0].value;
}

int heap() {
  int *p = new int(1);                            // expected-error {{new is not allowed in extensions [iu-no-new-delete]}} expected-note {{runtime map}} expected-error {{pointer types}} expected-note {{iu::kptr}}
  int v = *p;
  delete p;                                       // expected-error {{delete is not allowed}} expected-note {{end with their scope}}
  return v;
}

int placement() {
  alignas(Node) unsigned char buf[sizeof(Node)];  // expected-error {{attribute 'alignas' is not allowed}} expected-note {{allowed attributes}}
  new (buf) Node{2};                              // expected-error {{new is not allowed}} expected-note {{runtime map}} expected-error {{array-to-pointer decay}} expected-note {{index the array}}
  return buf[0];
}

int explicit_destructor() {
  Node n{3};
  n.~Node();                                      // expected-error {{explicit destructor calls are not allowed}} expected-note {{destroyed when their scope ends}}
  return n.value;
}

template <class T> void destroy(T &t) { t.~T(); } // expected-error {{explicit destructor calls are not allowed}} expected-note {{destroyed when their scope ends}}
int via_template() {
  Node n{4};
  int i = 5;
  destroy(n);
  destroy(i);
  return n.value + i;
}

struct OwnAllocator {
  static void *operator new(iu::size_t);          // expected-error {{operator new and delete are not allowed}} expected-note {{runtime map}} expected-error {{pointer types}} expected-note {{iu::kptr}}
};

int prog(const iu::kprobe_ctx &) {
  return accepted() + heap() + placement() + explicit_destructor() + via_template();
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
