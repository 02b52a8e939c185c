// The panic path: record what happened in the invocation's iu_run, then
// unwind to the entry trampoline's landing point. Runs on the iu stack in
// any context (including hardirq/NMI in the kernel): no locks, no helpers.
#include <iu/abi.h>
#include <iu/program.h>

namespace {

void copy_bounded(char *dst, unsigned cap, const char *src) {
  unsigned i = 0;
  if (src)
    for (; i + 1 < cap && src[i]; ++i)
      dst[i] = src[i];
  dst[i] = 0;
}

} // namespace

extern "C" [[noreturn]] void __iu_panic(iu_u32 kind, const char *file, iu_u32 line,
                                        const char *msg) {
  iu_run *run = iu::detail::current_run();
  run->status = kind == IU_PANIC_FUEL ? IU_RUN_FUEL : IU_RUN_PANIC;
  run->panic_kind = kind;
  run->line = line;
  run->column = 0;
  copy_bounded(run->file, sizeof(run->file), file);
  copy_bounded(run->msg, sizeof(run->msg), msg);
  __builtin_longjmp(reinterpret_cast<void **>(run->landing), 1);
}

// Called by fuel checks that the instrumentation pass places on back-edges,
// with the source line of the loop whose back-edge ran out.
extern "C" [[noreturn]] void __iu_fuel_exhausted(const char *file, iu_u32 line) {
  __iu_panic(IU_PANIC_FUEL, file, line, "fuel exhausted");
}
