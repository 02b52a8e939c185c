#include "helpers.h"
#include <iu/iu.h>

namespace {
int prog(const iu::kprobe_ctx &) { return helper(); }
IU_KPROBE(__seccomp_filter, prog);
} // namespace
