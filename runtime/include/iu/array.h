// Bounds-checked storage for extensions.
//
//   iu::array<u64, 16> counts{};      // fixed size, owns its elements
//   counts[i] += 1;                   // i >= 16 ends the invocation
//
//   u64 sum(iu::view<const u64> v) {  // non-owning, bounded
//     u64 s = 0;
//     for (u64 x : v) s += x;
//     return s;
//   }
//   sum(counts);
//
// A failed index check panics with IU_PANIC_INDEX_OOB and the file and line
// of the indexing expression (captured by iu::index's default arguments at
// the caller). Plain C arrays are checked too, by -fsanitize=array-bounds.
//
// iu::view is second-class, like a reference: it is created only from an
// iu::array or a C array, cannot be rebound, and is meant for function
// parameters and locals that do not outlive the storage (the checker keeps
// it out of fields, globals and return values; iu_second_class marks it).
#pragma once
#include <iu/abi.h>
#include <iu/panic.h>
#include <iu/types.h>

namespace iu {

// An index together with where it was used. Implicitly made from any
// integer at the indexing expression, so the panic names the caller's line.
class index {
public:
  template <class I>
    requires is_integral_v<I>
  constexpr index(I i, const char *file = __builtin_FILE(), unsigned line = __builtin_LINE())
      : value_(static_cast<u64>(i)), negative_(is_signed_v<I> && i < 0), file_(file), line_(line) {}

  // i < n, or the invocation ends.
  constexpr size_t checked(size_t n) const {
    if (negative_ || value_ >= n)
      __iu_panic(IU_PANIC_INDEX_OOB, file_, line_, "index out of bounds");
    return static_cast<size_t>(value_);
  }

private:
  u64 value_;
  bool negative_;
  const char *file_;
  unsigned line_;
};

template <class T> class view;

namespace detail {
// Range-for over array and view elements (E may be const). Safe by
// construction: it is the container's storage, its size and a position,
// and every dereference checks the position against that size, so an
// iterator can only ever reach the elements of the container it came
// from, whatever end() it is compared with. It holds an address, so it is
// second-class like iu::view: user code may not store it in a member or a
// global or return it (it cannot outlive its container).
template <class E> class element_iterator {
public:
  using iu_second_class = void;

  constexpr element_iterator(E *base, size_t size, size_t pos)
      : base_(base), size_(size), pos_(pos) {}
  constexpr element_iterator(const element_iterator &) = default;
  element_iterator &operator=(const element_iterator &) = delete;

  constexpr E &operator*() const {
    if (pos_ >= size_)
      __iu_panic(IU_PANIC_INDEX_OOB, __builtin_FILE(), __builtin_LINE(),
                 "iterator out of bounds");
    return base_[pos_];
  }
  constexpr element_iterator &operator++() {
    ++pos_;
    return *this;
  }
  constexpr bool operator!=(const element_iterator &o) const { return pos_ != o.pos_; }

private:
  E *base_;
  size_t size_;
  size_t pos_;
};
} // namespace detail

// A fixed-size array whose operator[] checks the index. An aggregate:
// iu::array<int, 3> a{1, 2, 3}; iu::array<int, 3> z{}; (zeroed).
template <class T, size_t N> struct array {
  static_assert(N > 0, "iu::array needs at least one element");

  constexpr T &operator[](index i) { return __iu_elems[i.checked(N)]; }
  constexpr const T &operator[](index i) const { return __iu_elems[i.checked(N)]; }
  static constexpr size_t size() { return N; }

  // Range-for.
  constexpr detail::element_iterator<T> begin() { return {__iu_elems, N, 0}; }
  constexpr detail::element_iterator<T> end() { return {__iu_elems, N, N}; }
  constexpr detail::element_iterator<const T> begin() const { return {__iu_elems, N, 0}; }
  constexpr detail::element_iterator<const T> end() const { return {__iu_elems, N, N}; }

  // Public only so that the type is an aggregate (iu::array<int, 3> a{1, 2,
  // 3}). The reserved name keeps user code out: the checker refuses any
  // use of a runtime name starting with __iu (iu-no-runtime-internals), so
  // the elements are reached through the checked operator[] only.
  T __iu_elems[N];
};

// A bounded, non-owning view of contiguous elements: view<T> to modify them,
// view<const T> to read them.
template <class T> class view {
public:
  using iu_second_class = void;

  template <size_t N> constexpr view(array<remove_cvref_t<T>, N> &a) : data_(a.__iu_elems), size_(N) {}
  template <size_t N>
    requires is_same_v<T, const remove_cvref_t<T>>
  constexpr view(const array<remove_cvref_t<T>, N> &a) : data_(a.__iu_elems), size_(N) {}
  template <size_t N> constexpr view(T (&a)[N]) : data_(a), size_(N) {}
  // view<T> -> view<const T>
  template <class U>
    requires(is_same_v<T, const U>)
  constexpr view(const view<U> &v) : data_(v.data_), size_(v.size_) {}

  constexpr view(const view &) = default;
  view &operator=(const view &) = delete; // cannot be rebound

  constexpr T &operator[](index i) const { return data_[i.checked(size_)]; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }

  // Elements [first, first + count), checked.
  constexpr view subview(size_t first, size_t count, const char *file = __builtin_FILE(),
                         unsigned line = __builtin_LINE()) const {
    if (first > size_ || count > size_ - first)
      __iu_panic(IU_PANIC_INDEX_OOB, file, line, "subview out of bounds");
    return view(data_ + first, count);
  }

  constexpr detail::element_iterator<T> begin() const { return {data_, size_, 0}; }
  constexpr detail::element_iterator<T> end() const { return {data_, size_, size_}; }

private:
  template <class U> friend class view;
  constexpr view(T *data, size_t size) : data_(data), size_(size) {}

  T *data_;
  size_t size_;
};

} // namespace iu
