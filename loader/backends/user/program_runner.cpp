#include "program_runner.h"

#include <cstring>
#include <sys/mman.h>

#include "helper_table.h"

extern "C" int64_t iu_call_on_stack(int64_t (*entry)(void *), const void *ctx, void *stack_top);

namespace iu::user {

ProgramRunner::ProgramRunner() {
  void *m = mmap(nullptr, 2 * IU_STACK_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED)
    return;
  mapping_ = m;
  uintptr_t aligned = (reinterpret_cast<uintptr_t>(m) + IU_STACK_SIZE - 1) &
                      ~static_cast<uintptr_t>(IU_STACK_SIZE - 1);
  stack_ = reinterpret_cast<void *>(aligned);
}

ProgramRunner::~ProgramRunner() {
  if (mapping_)
    munmap(mapping_, 2 * IU_STACK_SIZE);
}

Outcome ProgramRunner::invoke(uintptr_t entry, const void *ctx, int64_t fuel) {
  auto *run = static_cast<iu_run *>(stack_);
  memset(run, 0, sizeof(*run));
  run->fuel = fuel;
  auto *top = static_cast<char *>(stack_) + IU_STACK_SIZE;
  Outcome out;
  // Helpers find the run to charge through this thread's current run; the
  // image finds the same struct from its stack pointer.
  iu_run *prev = set_current_run(run);
  out.retval = iu_call_on_stack(reinterpret_cast<int64_t (*)(void *)>(entry), ctx, top);
  set_current_run(prev);
  out.status = run->status;
  if (out.status != IU_RUN_OK) {
    run->file[sizeof(run->file) - 1] = 0;
    run->msg[sizeof(run->msg) - 1] = 0;
    out.panic_kind = run->panic_kind;
    out.message = run->msg;
    if (run->file[0])
      out.where = std::string(run->file) + ":" + std::to_string(run->line);
  }
  return out;
}

} // namespace iu::user
