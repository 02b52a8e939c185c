// A loop-free, recursion-free call tree: mix<N> calls mix<N-1> twice, so
// mix<48> makes 2^48 calls without a single loop back-edge. Fuel charged
// at function entry ends it.
#include <iu/iu.h>

namespace {

template <int N> iu::u64 mix(iu::u64 x) {
  if constexpr (N == 0)
    return x * 2654435761u + 1;
  else
    return mix<N - 1>(x) ^ mix<N - 1>(x + N);
}

int prog(const iu::syscall_tp_ctx &ctx) {
  return static_cast<int>(mix<48>(static_cast<iu::u64>(ctx.nr())) & 0xff);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
