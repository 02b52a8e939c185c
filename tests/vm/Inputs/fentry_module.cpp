// Hooks on a module's function (tests/vm/Inputs/victim_module): fentry and
// fexit on victim_poke print its argument and return value. The module is
// unloaded and loaded again while they are attached; they must not run in
// the new module's code (it may land at the same address).
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

int poked(const iu::fentry_ctx &ctx) {
  iu::trace_printk("fentry victim_poke(%lld)\n", static_cast<long long>(static_cast<int>(ctx.arg1())));
  return 0;
}
IU_FENTRY(victim_poke, poked);

int returned(const iu::fexit_ctx &ctx) {
  iu::trace_printk("fexit victim_poke(%lld) returned %lld\n",
                   static_cast<long long>(static_cast<int>(ctx.arg1())),
                   static_cast<long long>(static_cast<int>(ctx.ret())));
  return 0;
}
IU_FEXIT(victim_poke, returned);

} // namespace
