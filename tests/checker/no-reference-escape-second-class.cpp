// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-reference-escape for second-class types reached through a name, a
// base class, a member or a template argument: a derived view, the
// runtime's iterators and program contexts all hold an address.
#include <iu/iu.h>

namespace {

// Second-class types hidden behind a name, a base class or a member: the
// runtime's iterators hold an address like views do.
using It = decltype(iu::array<iu::u64, 1>{}.begin());
struct Walk {
  It b;                                               // expected-error {{views may not be stored in members ('It' is second-class)}} expected-note {{pass the view as a function parameter}}
  It end() const;                                     // expected-error {{functions may not return views or other second-class types}} expected-note {{return the data by value}}
};
struct DerivedView : iu::view<iu::u64> {
  using view::view;
};
DerivedView derived(iu::array<iu::u64, 2> &a) {      // expected-error {{functions may not return views or other second-class types ('DerivedView')}} expected-note {{return the data by value}}
  return DerivedView(a);
}
struct Deeper : DerivedView {
  using DerivedView::DerivedView;
};
Deeper deeper(iu::array<iu::u64, 2> &a) { return Deeper(a); } // expected-error {{functions may not return views or other second-class types}} expected-note {{return the data by value}}
iu::u64 local_iterator() {
  iu::array<iu::u64, 4> x{};
  auto it = x.begin();                                // OK: a local iterator of a named array
  return sizeof(it);
}
auto iterator_of_temporary() {
  auto it = iu::array<iu::u64, 2>{}.begin();          // expected-error {{a view of a temporary would dangle}} expected-note {{named local}}
  return 0;
}
constexpr iu::array<iu::u64, 2> kTable{};
constexpr auto kBegin = kTable.begin();               // expected-error {{views may not be global or static variables}} expected-note {{make the view a local}}
iu::kprobe_ctx copy_context(const iu::kprobe_ctx &c) { return c; } // expected-error {{functions may not return views or other second-class types ('iu::kprobe_ctx')}} expected-note {{return the data by value}}
template <class T> struct box {
  T value;                                            // expected-error {{views may not be stored in members}} expected-note {{pass the view as a function parameter}}
};
iu::u64 boxed(iu::array<iu::u64, 2> &a) {
  box<DerivedView> b{DerivedView(a)};
  return b.value[0];
}


int prog(const iu::kprobe_ctx &) { return 0; }

} // namespace

IU_KPROBE(__seccomp_filter, prog);
