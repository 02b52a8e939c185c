// Uses the contexts iu-btf tracepoints generates from old-1.formats and
// new-2.formats (tests/btf/tracepoints.test): every renamed accessor.
#include <iu/iu.h>
#include <testtp/tracepoints.h>

namespace {
int widen(const iu::tp::demo::widen &ctx) {
  iu::trace_printk("%lu %ld %ld %d %lu %s %u %u\n", ctx.len(), ctx.delta(), ctx.state(),
                   static_cast<int>(ctx.on()), ctx.ptr(), ctx.comm(), ctx.addr()[0], ctx.port());
  return ctx.added() + static_cast<int>(ctx.gone());
}
int names(const iu::tp::demo::names &ctx) {
  return ctx.new_() + ctx.new__() + ctx.class_() + ctx.names_() +
         static_cast<int>(ctx.record_size_() + ctx.integer_field_() + ctx.bytes() +
                          ctx.record_size()) +
         ctx.common_pid();
}
int module_load(const iu::tp::module::module_load &ctx) {
  iu::trace_printk("%s %u\n", ctx.name(), ctx.taints());
  return 0;
}
int nothing(const iu::tp::demo::no_fields &ctx) { return static_cast<int>(ctx.record_size()); }
int kinds(const iu::tp::demo::kinds &ctx) {
  iu::trace_printk("%s\n", ctx.note());
  return 0;
}
} // namespace

IU_TRACEPOINT(demo, widen, widen);
IU_TRACEPOINT(demo, names, names);
IU_TRACEPOINT(demo, kinds, kinds);
IU_TRACEPOINT(demo, no_fields, nothing);
IU_TRACEPOINT(module, module_load, module_load);
