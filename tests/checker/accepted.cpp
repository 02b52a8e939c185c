// RUN: %iucc -fsyntax-only -Xclang -verify %s
// RUN: %iucc -c %s -o %t.o
// Safe code using every allowed feature compiles without a diagnostic.
// expected-no-diagnostics
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace app {

// Enums with a fixed underlying type; using enum.
enum class Kind : iu::u8 { Read, Write, Other };
enum Flags : iu::u32 { None = 0, Verbose = 1u << 0, Trace = 1u << 1 };

// Structs with default member initializers, constructors, operators.
struct Counter {
  iu::u64 hits = 0;
  iu::u64 bytes = 0;
  constexpr Counter() = default;
  constexpr Counter(iu::u64 h, iu::u64 b) : hits(h), bytes(b + h) {}
  constexpr Counter operator+(const Counter &o) const { return {hits + o.hits, bytes + o.bytes}; }
  constexpr bool operator==(const Counter &) const = default;
};

struct Base {
  int id = 0;
  int get() const { return id; }
};
struct Derived : Base {
  int extra = 1;
  int sum() const { return get() + extra + this->id; }
};

// Aggregates, designated initializers, nested structs, arrays.
struct Event {
  Kind kind;
  iu::u32 pid;
  iu::u64 args[3];
};

// constexpr, consteval, static_assert, constant tables.
constexpr iu::u64 square(iu::u64 x) { return x * x; }
consteval iu::u32 bit(unsigned n) { return 1u << n; }
static_assert(square(4) == 16);
constexpr iu::u64 kPowers[] = {1, 2, 4, 8, 16};
constexpr Counter kZero{};

// Templates: functions, classes, variables, aliases, packs, concepts,
// non-type parameters, CTAD, template template parameters.
template <class T>
concept Integral = iu::is_integral_v<T>;

template <Integral T> constexpr T clamp(T v, T lo, T hi) { return v < lo ? lo : (v > hi ? hi : v); }

template <class T, iu::size_t N> struct Ring {
  T items[N]{};
  iu::size_t head = 0;
  void push(const T &v) {
    items[head % N] = v;
    ++head;
  }
  constexpr iu::size_t size() const { return head < N ? head : N; }
};

template <class T> constexpr bool is_small_v = sizeof(T) <= 4;
template <class T> using Ring8 = Ring<T, 8>;

template <class... Ts> constexpr iu::u64 total(Ts... vs) { return (iu::u64{0} + ... + static_cast<iu::u64>(vs)); }

template <class T> struct Box {
  T value;
};
template <class T> Box(T) -> Box<T>;

template <template <class, iu::size_t> class R> constexpr iu::size_t capacity() {
  return sizeof(R<int, 4>{}.items) / sizeof(int);
}

// Lambdas that stay local: captures, generic lambdas, passed to templates.
template <class F> iu::u64 apply_all(const iu::u64 (&values)[3], F f) {
  iu::u64 acc = 0;
  for (iu::u64 v : values)
    acc += f(v);
  return acc;
}

// References as parameters; views of arrays.
void record(Counter &c, const Event &e) {
  c.hits += 1;
  c.bytes += e.args[2];
}

iu::u64 sum(iu::view<const iu::u64> v) {
  iu::u64 s = 0;
  for (iu::u64 x : v)
    s += x;
  return s;
}

Kind classify(int nr) {
  switch (nr) {
  case iu::sys::read:
    return Kind::Read;
  case iu::sys::write:
    [[fallthrough]];
  case iu::sys::pwrite64:
    return Kind::Write;
  default:
    return Kind::Other;
  }
}

int loops(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 0)
      continue;
    s += i;
  }
  int j = 0;
  while (j < n)
    j += 2;
  do {
    --j;
  } while (j > 0);
  return s + j;
}

iu::optional<iu::u32> pid_of(iu::u64 raw) {
  if (raw == 0)
    return iu::nullopt;
  return static_cast<iu::u32>(raw);
}

int on_write(const iu::syscall_tp_ctx &ctx) {
  Event e{.kind = classify(ctx.nr()), .pid = static_cast<iu::u32>(ctx.pid()), .args = {}};
  for (unsigned i = 0; i < 3; ++i)
    e.args[i] = ctx.arg(i);

  Counter c;
  record(c, e);
  Counter doubled = c + c;

  Ring8<iu::u64> ring;
  ring.push(e.args[0]);
  Box box{e.pid};

  iu::array<iu::u64, 4> window{};
  window[0] = e.args[1];
  iu::u64 scale = 3;
  auto scaled = [scale](iu::u64 v) { return v * scale; };
  auto generic = [&](auto v) { return v + ring.size(); };
  iu::u64 acc = apply_all(e.args, scaled) + apply_all(e.args, generic) + sum(window) + sum(e.args);

  auto [kind, pid, args] = e;
  iu::u32 flags = Verbose | Trace;
  Derived d;

  iu::u64 overflowed = 0;
  bool wrapped = __builtin_add_overflow(acc, kPowers[2], &overflowed);

  if (auto p = pid_of(pid); p.has_value() && kind != Kind::Other) [[likely]]
    iu::trace_printk("pid=%u nr=%d hits=%llu acc=%llu flags=%x comm=%s\n", p.value(), ctx.nr(),
                     doubled.hits, acc, flags, iu::current_comm());
  return static_cast<int>(clamp<iu::u64>(args[0], 0, 10) + total(1, 2u, 3ull) + capacity<Ring>() +
                          bit(2) + loops(5) + d.sum() + wrapped + (doubled == kZero) +
                          is_small_v<iu::u32> + box.value);
}

} // namespace app

using app::on_write;
IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
