// A per-CPU hash whose 4-byte value sits, in the program's memory, right
// before 4 non-zero bytes. The kernel copies a new per-CPU element's value
// in whole 8-byte words; iu.ko must pad it, so that user space (which
// reads each CPU's 8-byte slot) never sees the neighbour's bytes.
#include <iu/iu.h>

IU_LICENSE("GPL");

IU_MAP(narrow, iu::percpu_hash<iu::u32, iu::u32, 8>);

namespace {

struct pair {
  iu::u32 value;
  iu::u32 neighbour;
};

// A constant, so that its value and its neighbour stay together in memory
// (a local could be split into registers) and update gets its address.
constexpr pair kPair{7, 0xdeadbeef};

int exiting(const iu::syscall_enter_ctx &) {
  narrow.erase(1); // every update creates the element anew
  narrow.update(1, kPair.value);
  return static_cast<int>(kPair.neighbour & 1);
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_exit_group, exiting);
