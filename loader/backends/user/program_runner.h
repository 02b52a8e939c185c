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

const char *panic_kind_name(uint32_t kind);

// How a panic or termination is reported, the same for every backend and
// for test runs: "panicked: KIND (MESSAGE) at FILE:LINE", or "terminated: "
// for fuel. The message is left out when empty or the kind's name, the
// location when unknown.
std::string panic_report(uint32_t status, uint32_t kind, const std::string &message,
                         const std::string &where);
std::string panic_report(const Outcome &o);

} // namespace iu::user
