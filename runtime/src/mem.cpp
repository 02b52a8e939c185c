// memcpy/memset/memmove/memcmp for images: the compiler emits calls to them
// for struct copies and zero-initialization. Defined inside the image (and
// built with -fno-builtin so they do not call themselves), so an image
// imports nothing but helpers.
#include <iu/types.h>

extern "C" {

void *memcpy(void *dst, const void *src, iu::size_t n) {
  void *ret = dst;
  asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
  return ret;
}

void *memset(void *dst, int c, iu::size_t n) {
  void *ret = dst;
  asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
  return ret;
}

void *memmove(void *dst, const void *src, iu::size_t n) {
  auto *d = static_cast<unsigned char *>(dst);
  const auto *s = static_cast<const unsigned char *>(src);
  if (d == s || n == 0)
    return dst;
  if (d < s || d >= s + n)
    return memcpy(dst, src, n);
  while (n--)
    d[n] = s[n];
  return dst;
}

int memcmp(const void *a, const void *b, iu::size_t n) {
  const auto *x = static_cast<const unsigned char *>(a);
  const auto *y = static_cast<const unsigned char *>(b);
  for (iu::size_t i = 0; i < n; ++i)
    if (x[i] != y[i])
      return x[i] < y[i] ? -1 : 1;
  return 0;
}

} // extern "C"
