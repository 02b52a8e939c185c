// Counts the write(2)s of tasks named target_comm (a configuration, "dd" by
// default; nothing when enabled is set false) in every kind of keyed map, through every map helper, so that
// iu-map-client and bpftool can check the counts from user space:
//   by_fd      hash: writes per fd, add_by each (add, else update noexist)
//   totals     array: [0] writes (add), [1] bytes (update_with +
//              atomic_add), [2] the last fd (update), [3] 1 if a lookup of
//              an absent key found nothing, erasing it failed, an update
//              past the end was refused (E2BIG) and one of an index with
//              noexist too (EEXIST), as a BPF array does
//   per_cpu    per-CPU array: writes on each CPU (update_with)
//   pc_by_fd   per-CPU hash: writes per fd on each CPU (lookup + update)
//   recent     LRU hash of 4 entries: key = the write's sequence number,
//              so only the last writes stay
//   full       hash of 2 entries: keys 0, 1 fit, key 2 is refused (E2BIG)
//              and its error code is kept at key 0
#include <iu/iu.h>

IU_LICENSE("GPL");

using comm_name = iu::array<char, 16>;
IU_CONFIG(comm_name, target_comm, "dd");
IU_CONFIG(iu::u64, add_by, 1);
IU_CONFIG(bool, enabled, true);

IU_MAP(by_fd, iu::hash_map<iu::u32, iu::u64, 64>);
IU_MAP(totals, iu::array_map<iu::u64, 4>);
IU_MAP(per_cpu, iu::percpu_array<iu::u64, 1>);
IU_MAP(pc_by_fd, iu::percpu_hash<iu::u32, iu::u64, 64>);
IU_MAP(recent, iu::lru_hash<iu::u32, iu::u64, 4>);
IU_MAP(full, iu::hash_map<iu::u32, iu::s64, 2>);

namespace {

bool is_target() {
  iu::comm_t comm = iu::current_comm();
  comm_name want = target_comm;
  for (unsigned i = 0; i < 16; ++i) {
    if (comm.chars[i] != want[i])
      return false;
    if (comm.chars[i] == 0)
      return true;
  }
  return true;
}

int on_write(const iu::syscall_enter_ctx &ctx) {
  if (!enabled || !is_target())
    return 0;
  iu::u32 fd = static_cast<iu::u32>(ctx.arg(0));
  iu::u64 len = ctx.arg(2);
  iu::u64 step = add_by;

  if (!by_fd.add(fd, step))
    by_fd.update(fd, step, iu::noexist);

  totals.add(0, 1);
  totals.update_with(1, [&](iu::u64 &bytes) { iu::atomic_add(bytes, len); });
  totals.update(2, fd);
  if (!totals.lookup(7).has_value() && !totals.erase(1) && totals.update(4, 1).error() == -7 &&
      totals.update(0, 0, iu::noexist).error() == -17)
    totals.update(3, 1);

  per_cpu.update_with(0, [](iu::u64 &n) { n += 1; });

  iu::u64 mine = pc_by_fd.lookup(fd).value_or(0);
  pc_by_fd.update(fd, mine + 1);

  iu::u64 seq = totals.lookup(0).value_or(0);
  recent.update(static_cast<iu::u32>(seq), len);

  full.update(0, 0);
  full.update(1, 1);
  iu::result r = full.update(2, 2);
  if (!r)
    full.update(0, r.error());
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, on_write);
