// The static stack bound of an image's programs.
//
// Every object (the user's and the runtime's) is compiled with
// -fstack-size-section, which records each function's exact frame size
// (bytes below its return address) in .stack_sizes, and with
// -ffunction-sections, which puts each function in its own section so that
// every call or jump to another function is a relocation. The call graph is
// read from those relocations (any reference from one function's code to
// another function counts as a call: an over-approximation), the entries
// from the program table (.iu.progs). The bound of a program is the deepest
// path from its entry: the sum of the frames on it plus one return address
// per call, including the host's call into the entry. Helpers are external
// and run in the headroom above the limit (abi.h); the speculation thunks
// have no .stack_sizes and are counted as 8 bytes (a retpoline pushes one
// return address). A call-graph cycle, or a reachable function with no
// recorded frame size, is an error: the bound must be sound.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace iucc {

// Flags every compile of image code needs for the bound.
std::vector<std::string> stack_bound_flags();

struct ProgramStack {
  std::string program;               // name in the program table
  uint32_t bytes = 0;                // worst-case stack use
  std::vector<std::string> chain;    // deepest call chain, entry first
  std::vector<uint32_t> frame_bytes; // per chain element: frame + return address
};

// Computes the bound of every program in the relocatable objects and
// archives in paths (ELF x86-64). Returns false and sets *error on malformed
// input, a call-graph cycle, or a reachable function without a frame size.
bool compute_stack_bounds(const std::vector<std::string> &paths, std::vector<ProgramStack> *out,
                          std::string *error);

// "program 'p' needs N bytes of stack (limit L): p (a) -> f (b) -> ..."
std::string describe_stack(const ProgramStack &p, uint32_t limit);

// Computes the bounds, refuses a program over limit (the message names its
// deepest call chain), and sets *bound to the largest program bound. With
// verbose, prints each program's bound and chain to stderr.
bool check_stack_bound(const std::vector<std::string> &paths, uint32_t limit, bool verbose,
                       uint32_t *bound, std::string *error);

} // namespace iucc
