// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-coroutines: no co_return, co_await or co_yield, even with a
// hand-written std::coroutine_traits.
#include <iu/iu.h>

namespace std {
template <class R, class... Args> struct coroutine_traits {
  using promise_type = typename R::promise_type;
};
template <class P = void> struct coroutine_handle {
  static coroutine_handle from_address(void *) { return {}; } // expected-error {{pointer types}} expected-note {{iu::kptr}}
  operator coroutine_handle<>() const { return {}; }
};
} // namespace std

namespace {

struct suspend_never {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    suspend_never initial_suspend() { return {}; }
    suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task coroutine() {                                // expected-error {{coroutines are not allowed}} expected-note {{state machine}}
  co_return;                                      // expected-error {{coroutines are not allowed in extensions [iu-no-coroutines]}} expected-note {{state machine}}
}

int prog(const iu::kprobe_ctx &) {
  coroutine();
  return 0;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
