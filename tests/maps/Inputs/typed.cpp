// Maps and events of structured types: iu-load prints them as the image's
// .iu.types section describes them (structs as objects, char arrays as
// strings, bools, signed integers, enums as numbers, nested arrays).
#include <iu/iu.h>

IU_LICENSE("GPL");

struct key_t {
  iu::u32 pid;
  iu::s16 delta;
};

enum class color : iu::u8 { red, green, blue };

struct stats_t {
  iu::u64 bytes;
  iu::array<char, 8> tag;
  bool seen;
  color hue;
  iu::array<iu::s32, 3> hist;
};

IU_MAP(stats, iu::hash_map<key_t, stats_t, 8>);
IU_MAP(ev, iu::events<stats_t>);

namespace {

int prog(const iu::syscall_tp_ctx &) {
  key_t k{};
  k.pid = 7;
  k.delta = -2;
  stats_t s{};
  s.bytes = 4096;
  s.tag[0] = 'a';
  s.tag[1] = '"';
  s.tag[2] = 'b';
  s.seen = true;
  s.hue = color::blue;
  s.hist[0] = -1;
  s.hist[2] = 5;
  stats.update(k, s);
  ev.output(s);
  return 0;
}

} // namespace

IU_TRACEPOINT(syscalls, sys_enter_write, prog);
