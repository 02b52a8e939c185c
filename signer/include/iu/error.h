/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * Errors of iu's libraries (libiu and libiu_signer), in one place.
 *
 * Functions return a negative error code: -errno for system errors, or
 * -IU_SIGN_ERRNO__* (iu/signer.h) for the reasons specific to signatures.
 * After a failure, iu_last_error() holds a one-line reason with the details
 * (which file, which field, what the kernel said); iu_strerror() gives the
 * short, static description of a code. The state is per thread and shared
 * by both libraries: the last failing iu call of this thread wrote it.
 *
 *   int err = iu_object__load(obj);
 *   if (err < 0)
 *     fprintf(stderr, "%s (%s)\n", iu_last_error(), iu_strerror(err));
 */
#ifndef IU_ERROR_H
#define IU_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Static description of an error code, negative or positive: the
 * IU_SIGN_ERRNO__* reasons ("signature does not match content"), else the
 * system's strerror ("No such file or directory"); "success" for 0. Never
 * NULL; valid until the next call in this thread. */
const char *iu_strerror(int err);

/* One-line reason for the last failure in this thread, e.g. "x.iu: fuel
 * budget 0 is outside what the user backend allows (1..10000000)". Read it
 * right after a call has failed. The signer's functions clear it when they
 * start (so it is "" after one of them succeeds); libiu's leave it as it
 * is when they succeed. Never NULL. */
const char *iu_last_error(void);

/* The file the last failure is about when that is not the caller's main
 * input (a key, a certificate, a trust directory entry), else NULL. */
const char *iu_last_error_file(void);

#ifdef __cplusplus
} /* extern "C" */

#include <string_view>

/* For iu's own libraries, not for their callers: how a failure is
 * recorded. */
namespace iu {

/* Records msg (and the file it is about, if any) as this thread's last
 * error and returns -err, so `return set_last_error(EINVAL, "...")` reads
 * naturally. err is positive: an errno or an IU_SIGN_ERRNO__* value. */
int set_last_error(int err, std::string_view msg, std::string_view file = {});

/* Forgets the last error. */
void clear_last_error();

} // namespace iu
#endif

#endif /* IU_ERROR_H */
