// Typed arguments (runtime/include/iu/typed_args.h): the parameters a
// kprobe, fentry or fexit program declares for its function's arguments,
// checked at load against the function's prototype in the running
// kernel's BTF (docs/kernel-types.md).
#pragma once
#include <string>

#include <iu/image.h>

struct btf;

namespace iu {

// 0, or -EINVAL with *error naming the program, the function, the
// parameter and both types: a parameter of another kind, size or struct
// than the function's argument (or, for fexit, its return value), another
// number of them, or a function whose prototype btf lacks or whose
// arguments typed parameters cannot take.
int check_typed_args(const btf *btf, const Image &image, std::string *error);

// The same against the running kernel's BTF (/sys/kernel/btf/vmlinux).
int check_typed_args(const Image &image, std::string *error);

} // namespace iu
