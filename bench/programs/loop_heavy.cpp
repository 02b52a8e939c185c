// loop_heavy: the run-time-check benchmark (bench/run, "checks").
// One kprobe program doing loop-heavy work of the kind extensions do:
// fill an iu::array from a seed taken from the context, insertion-sort it
// (data-dependent loops), checksum it, then parse decimal numbers out of a
// generated text buffer into a histogram. Every index goes through
// iu::array's checked operator[]; the arithmetic is signed where a real
// extension's would be, so the overflow checks have work to do.
#include <iu/iu.h>

IU_LICENSE("GPL");

namespace {

constexpr int kElems = 192;
constexpr int kText = 1024;
constexpr int kBuckets = 16;

iu::u32 next(iu::u32 &state) {
  // xorshift32
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

void fill(iu::array<int, kElems> &a, iu::u32 seed) {
  iu::u32 s = seed | 1;
  for (int i = 0; i < kElems; ++i)
    a[i] = static_cast<int>(next(s) % 100000) - 50000;
}

void insertion_sort(iu::array<int, kElems> &a) {
  for (int i = 1; i < kElems; ++i) {
    int v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = v;
  }
}

int checksum(const iu::array<int, kElems> &a) {
  int sum = 0;
  for (int i = 0; i < kElems; ++i)
    sum = (sum % 1000003) * 31 + a[i] / 7;
  return sum;
}

// "12 7 300 41 ..." : numbers separated by one to three spaces.
int make_text(iu::array<char, kText> &t, iu::u32 seed) {
  iu::u32 s = seed * 2654435761u + 7;
  int n = 0;
  while (n < kText - 12) {
    iu::u32 v = next(s) % 5000;
    char digits[6] = {};
    int d = 0;
    do {
      digits[d] = static_cast<char>('0' + v % 10);
      v /= 10;
      ++d;
    } while (v != 0);
    while (d > 0) {
      --d;
      t[n] = digits[d];
      ++n;
    }
    int spaces = 1 + static_cast<int>(next(s) % 3);
    for (int k = 0; k < spaces; ++k) {
      t[n] = ' ';
      ++n;
    }
  }
  return n;
}

int histogram(const iu::array<char, kText> &t, int len, iu::array<int, kBuckets> &h) {
  int count = 0;
  int value = 0;
  bool in_number = false;
  for (int i = 0; i < len; ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      h[value * kBuckets / 5000] += 1;
      ++count;
      value = 0;
      in_number = false;
    }
  }
  return count;
}

int loop_heavy(const iu::kprobe_ctx &ctx) {
  iu::u32 seed = static_cast<iu::u32>(ctx.arg1()) + 12345u;
  iu::array<int, kElems> a{};
  fill(a, seed);
  insertion_sort(a);
  int sum = checksum(a);
  iu::array<char, kText> text{};
  int len = make_text(text, seed);
  iu::array<int, kBuckets> h{};
  int numbers = histogram(text, len, h);
  int mix = numbers;
  for (int b = 0; b < kBuckets; ++b)
    mix = (mix % 65536) * 3 + h[b];
  return (sum ^ mix) & 0x7fffffff;
}

} // namespace

IU_KPROBE(__seccomp_filter, loop_heavy);
