// The kernel task a user-backend program reads through kernel types
// (iu/core.h): a stand-in task_struct of the traced task, built from
// /proc, with a layout of the user backend's own. Only the members it can
// answer truthfully exist; an image reading others is refused at load.
#pragma once
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include <iu/image.h>

namespace iu::user {

// Writes into config each kernel type field's offset in the stand-in
// task_struct. 0, or -EOPNOTSUPP with *error naming the first field this
// backend cannot answer.
int resolve_user_fields(const std::vector<CoreField> &fields, std::vector<uint8_t> *config,
                        std::string *error);

// The stand-in of task tid of process tgid (and of its parent, which its
// real_parent points to), valid until the next call on this thread; its
// address, or 0 when tid is not a task.
uint64_t user_task(pid_t tid, pid_t tgid);

// Copies [addr, addr + size) if it lies inside one of this thread's
// stand-in tasks: the only "kernel memory" the user backend has.
bool read_user_task(void *dst, size_t size, uint64_t addr);

} // namespace iu::user
