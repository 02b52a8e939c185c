// The one check of libiu's options structs (libbpf's OPTS_VALID, OPTS_GET
// and OPTS_SET in one place). Every options struct begins with size_t sz,
// the size the caller was built with:
//
//   - smaller than what this libiu knows (an older caller): the fields past
//     sz count as zero, and nothing past sz is ever written;
//   - larger (a newer caller): accepted only if every byte past what this
//     libiu knows is zero, so a caller never asks for something silently
//     ignored.
//
// "What this libiu knows" ends with the struct's last field
// (<type>__last_field in libiu.h), not at sizeof: a field added later into
// today's tail padding is still seen as unknown.
//
//   iu_run_opts o;
//   if (int err = iu::opts_read(user_opts, &o, "iu_object__run_command"))
//     return err;
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstring>

#include <iu/libiu.h>

namespace iu {

// How many bytes of Opts this libiu knows. Specialized once per options
// struct below; a test may specialize it for a struct of its own.
template <class Opts> struct OptsKnown;

#define IU_OPTS_KNOWN(type)                                                                        \
  template <> struct OptsKnown<type> {                                                             \
    static constexpr size_t size =                                                                 \
        offsetof(type, type##__last_field) + sizeof(static_cast<type *>(nullptr)->type##__last_field); \
  }
IU_OPTS_KNOWN(iu_object_open_opts);
IU_OPTS_KNOWN(iu_run_opts);
IU_OPTS_KNOWN(iu_test_run_opts);
#undef IU_OPTS_KNOWN

// Checks a caller's struct of user_sz bytes against the known bytes:
// 0, or -EINVAL with the reason ("FN: TYPE ...") set. opts may be NULL
// (then 0: no options). Non-template so it is tested on raw bytes.
int opts_check(const void *opts, size_t user_sz, size_t known, const char *fn);

// Validates *user and copies it into *out, a whole zeroed struct with sz
// set to sizeof(Opts): the fields the caller does not have read as zero.
// user may be NULL. Returns 0 or -EINVAL with the reason set.
template <class Opts> int opts_read(const Opts *user, Opts *out, const char *fn) {
  memset(static_cast<void *>(out), 0, sizeof(Opts));
  if (user) {
    if (int err = opts_check(user, user->sz, OptsKnown<Opts>::size, fn))
      return err;
    memcpy(static_cast<void *>(out), user, std::min(user->sz, OptsKnown<Opts>::size));
  }
  out->sz = sizeof(Opts);
  return 0;
}

// Writes the output fields of full, the bytes from offset `from` on (an
// options struct keeps its out fields last), back into a caller's struct
// that opts_read accepted: never past min(user->sz, known).
template <class Opts> void opts_write(Opts *user, const Opts &full, size_t from) {
  size_t end = std::min(user->sz, OptsKnown<Opts>::size);
  from = std::max(from, sizeof(user->sz));
  if (end > from)
    memcpy(reinterpret_cast<char *>(user) + from, reinterpret_cast<const char *>(&full) + from,
           end - from);
}

} // namespace iu
