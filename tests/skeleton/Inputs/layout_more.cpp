// The second source file of the layout image: a map and a configuration of
// its own, a map shared through a header, and a type (demo::inner) that
// layout.cpp uses too.
#include <iu/iu.h>

#include "layout_maps.h"
#include "layout_shared.h"

IU_MAP(more, iu::hash_map<demo::u16, demo::inner, 8>);
IU_CONFIG(demo::u8, verbosity, 3);

namespace {
int on_read(const iu::syscall_tp_ctx &) {
  demo::inner v{};
  v.a = verbosity;
  more.update(1, v);
  demo::event e{};
  shared_events.output(e);
  return 0;
}
} // namespace

IU_TRACEPOINT(syscalls, sys_enter_read, on_read);
