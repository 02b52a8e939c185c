// Invoking one program on one context in user space: on its own iu stack,
// with the fuel budget from the image note, and the outcome read back from
// the invocation state (abi.h struct iu_run).
#pragma once
#include <cstdint>
#include <string>

#include <iu/abi.h>

namespace iu::user {

struct Outcome {
  int64_t retval = 0;
  uint32_t status = IU_RUN_OK;     // enum iu_run_status
  uint32_t panic_kind = IU_PANIC_NONE;
  std::string where;               // "file.cpp:12" or ""
  std::string message;
};

class ProgramRunner {
public:
  ProgramRunner();
  ~ProgramRunner();
  ProgramRunner(const ProgramRunner &) = delete;
  ProgramRunner &operator=(const ProgramRunner &) = delete;

  bool ok() const { return stack_ != nullptr; }

  // entry is the run-time address of the program's trampoline.
  Outcome invoke(uintptr_t entry, const void *ctx, int64_t fuel);

private:
  void *mapping_ = nullptr; // twice IU_STACK_SIZE, to align one stack in it
  void *stack_ = nullptr;   // IU_STACK_SIZE bytes aligned to IU_STACK_SIZE
};

} // namespace iu::user
