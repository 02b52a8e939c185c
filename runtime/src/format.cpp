// The formatter behind iu::trace_printk. The format was checked against the
// argument types at compile time; this code still bounds every write.
#include <iu/printk.h>

namespace {

struct writer {
  char *out;
  iu_u32 cap; // includes the terminating NUL
  iu_u32 len;

  void put(char c) {
    if (len + 1 < cap)
      out[len++] = c;
  }
  void unsigned_number(iu_u64 v, unsigned base, bool upper) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
      tmp[n++] = digits[v % base];
      v /= base;
    } while (v);
    while (n)
      put(tmp[--n]);
  }
};

} // namespace

extern "C" iu_u32 __iu_format(char *out, iu_u32 cap, const char *fmt, iu_u32 fmt_len,
                              const iu::detail::printk_arg *args, iu_u32 nargs) {
  if (cap == 0)
    return 0;
  writer w{out, cap, 0};
  iu_u32 next = 0;
  for (iu_u32 i = 0; i < fmt_len; ++i) {
    char c = fmt[i];
    if (c != '%' || i + 1 >= fmt_len) {
      w.put(c);
      continue;
    }
    c = fmt[++i];
    if (c == '%') {
      w.put('%');
      continue;
    }
    unsigned longs = 0;
    while (c == 'l' && i + 1 < fmt_len) {
      ++longs;
      c = fmt[++i];
    }
    if (next >= nargs)
      break;
    const iu::detail::printk_arg &a = args[next++];
    iu_u64 v = a.value;
    if (!longs && (c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X'))
      v &= 0xffffffffull; // 32-bit conversion of a 32-bit argument
    switch (c) {
    case 'd':
    case 'i': {
      long long s = longs ? static_cast<long long>(v) : static_cast<int>(static_cast<unsigned>(v));
      if (s < 0) {
        w.put('-');
        w.unsigned_number(0ull - static_cast<iu_u64>(s), 10, false);
      } else {
        w.unsigned_number(static_cast<iu_u64>(s), 10, false);
      }
      break;
    }
    case 'u':
      w.unsigned_number(v, 10, false);
      break;
    case 'x':
    case 'X':
      w.unsigned_number(v, 16, c == 'X');
      break;
    case 'p':
      w.put('0');
      w.put('x');
      w.unsigned_number(v, 16, false);
      break;
    case 'c':
      w.put(static_cast<char>(v));
      break;
    case 's':
      for (iu_u32 k = 0; k < a.str_len && a.str[k]; ++k)
        w.put(a.str[k]);
      break;
    default:
      break;
    }
  }
  out[w.len] = 0;
  return w.len;
}

extern "C" iu_s64 __iu_trace_printk(const char *fmt, iu_u32 fmt_len,
                                    const iu::detail::printk_arg *args, iu_u32 nargs) {
  // The line buffer lives here, in runtime code that the zeroing of stack
  // objects does not instrument: __iu_format writes the len bytes and the
  // terminator that anything reads, and the helper copies no more than len.
  // Zeroing 256 bytes per line was a tenth of a trace line's cost.
  [[clang::uninitialized]] char buf[IU_TRACE_PRINTK_MAX];
  iu_u32 len = __iu_format(buf, sizeof(buf), fmt, fmt_len, args, nargs);
  return iu_trace_printk(buf, len);
}
