/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * libiu_signer: signs images and verifies image signatures.
 *
 * A signed image is laid out like a signed Linux module (see
 * docs/signature.md and struct iu_sig_trailer in iu/abi.h):
 *
 *   [image bytes][CMS SignedData, DER][struct iu_sig_trailer][IU_SIG_MAGIC]
 *
 * The CMS blob is a detached SHA-256 signature over all image bytes, with no
 * certificates and no signed attributes, naming its signer by issuer and
 * serial number. iu-cc signs every image it links; libiu and iu-load call
 * iu_sig__verify() before they parse a single byte, then parse only the
 * payload bytes it reports.
 *
 * Conventions, as in libbpf:
 *  - functions are named noun__verb;
 *  - functions returning int (or ssize_t) return a negative error code on
 *    failure: -errno for system errors (-ENOENT, -ENOMEM, -EEXIST, ...) or
 *    -IU_SIGN_ERRNO__* for the reasons specific to signatures;
 *  - functions returning a pointer return NULL on failure and set errno to
 *    the positive code;
 *  - after any failure, iu_last_error() holds a one-line reason and
 *    iu_last_error_file() the file it concerns (if the reason is about a
 *    file other than the one the caller passed in, e.g. a key), so a tool
 *    can print "tool: FILE: reason"; iu_strerror() describes a code. These
 *    are iu/error.h's, shared with libiu;
 *  - buffers the library allocates are released with free().
 *
 * Thread safety: the error state is per thread; distinct objects may be used
 * from distinct threads.
 */
#ifndef IU_SIGNER_H
#define IU_SIGNER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <iu/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors ---- */

enum iu_sign_errno {
	__IU_SIGN_ERRNO__START = 4200,
	/* The bytes do not end with IU_SIG_MAGIC: the image is unsigned. */
	IU_SIGN_ERRNO__NOSIG = __IU_SIGN_ERRNO__START,
	/* The magic is there but the trailer is malformed or its sig_len does
	 * not fit the file. */
	IU_SIGN_ERRNO__TRAILER,
	/* The CMS blob is not parseable, or not in the required form: canonical
	 * DER, detached SignedData (version 1) over id-data, digest algorithms
	 * exactly {SHA-256}, one SignerInfo (version 1) naming its signer by
	 * issuer and serial number, signature algorithm ecdsa-with-SHA256 or
	 * rsaEncryption, no certificates, no CRLs, no attributes. */
	IU_SIGN_ERRNO__CMS,
	/* The signature does not match the image bytes. */
	IU_SIGN_ERRNO__DIGEST,
	/* No trusted certificate has the signer's issuer (byte for byte) and
	 * serial number. */
	IU_SIGN_ERRNO__UNTRUSTED,
	/* A key or certificate file cannot be read or used. */
	IU_SIGN_ERRNO__KEY,
	/* The private key does not belong to the certificate. */
	IU_SIGN_ERRNO__KEYMISMATCH,
	/* OpenSSL failed for another reason. */
	IU_SIGN_ERRNO__CRYPTO,
	__IU_SIGN_ERRNO__END,
};

/* Older names of iu/error.h's functions, kept for existing callers:
 * iu_sign__strerror is iu_strerror, iu_sign__errmsg is iu_last_error,
 * iu_sign__errfile is iu_last_error_file. */
const char *iu_sign__strerror(int err);
const char *iu_sign__errmsg(void);
const char *iu_sign__errfile(void);

/* ---- Layout: find the signature without trusting it ---- */

struct iu_sig_layout {
	size_t payload_len; /* signed image bytes: [0, payload_len), >= 1 */
	size_t cms_off;     /* == payload_len */
	size_t cms_len;     /* DER CMS blob: [cms_off, cms_off + cms_len) */
};

/*
 * Locate the signature in (data, len). Every length is bounds-checked before
 * it is used: the magic must end the data, the trailer must fit before it,
 * id_type must be IU_SIG_ID_PKCS7, all other trailer fields zero, and
 * 0 < sig_len < len - sizeof(trailer) - IU_SIG_MAGIC_LEN (at least one
 * payload byte, as the kernel's mod_check_sig() requires).
 *
 * Returns 0 and fills *layout, -IU_SIGN_ERRNO__NOSIG if there is no magic,
 * -IU_SIGN_ERRNO__TRAILER if the trailer is malformed, -EINVAL on NULL
 * arguments. Nothing is verified.
 */
int iu_sig__split(const void *data, size_t len, struct iu_sig_layout *layout);

/* ---- Trusted certificates ---- */

/* A set of trusted X.509 certificates. The OS default trust store is never
 * consulted: a signature verifies only against certificates added here.
 * Expiry and key usage of trusted certificates are not checked (as for
 * kernel module signing keys): adding a certificate is the trust decision. */
struct iu_trust;

/* New empty set; NULL (errno ENOMEM) on failure. */
struct iu_trust *iu_trust__new(void);
void iu_trust__free(struct iu_trust *trust);

/* Add every certificate in a PEM file. Returns the number added (>= 1),
 * -ENOENT/-EACCES/... if the file cannot be read, -IU_SIGN_ERRNO__KEY if it
 * holds no parseable certificate. */
int iu_trust__add_cert_file(struct iu_trust *trust, const char *path);

/* Add the certificates of every regular file named *.pem or *.crt in dir
 * (in name order; other names are ignored). Returns the number added (may
 * be 0), -ENOENT if dir does not exist, or the first file's error. */
int iu_trust__add_dir(struct iu_trust *trust, const char *dir);

/* Add the per-user trust directory, then the system one
 * (iu_sign__user_trust_dir(), iu_sign__system_trust_dir()); directories
 * that do not exist are skipped. Returns the number added (may be 0) or
 * the first error. */
int iu_trust__add_default_dirs(struct iu_trust *trust);

/* Number of certificates in the set. */
size_t iu_trust__count(const struct iu_trust *trust);

/* ---- Inspect and verify ---- */

#define IU_SIG_TEXT_MAX 256
#define IU_SIG_KEY_ID_SIZE 41 /* 40 hex digits of a SHA-1 + NUL */

/* What a signature says about itself. Strings are NUL-terminated, printable
 * (control characters are escaped as \xNN) and possibly truncated. */
struct iu_sig_info {
	size_t payload_len;
	size_t cms_len;
	char issuer[IU_SIG_TEXT_MAX];    /* signer's issuer, "CN=..., O=..." */
	char issuer_cn[IU_SIG_TEXT_MAX]; /* its commonName, "" if none */
	char serial[IU_SIG_TEXT_MAX];    /* signer's serial number, hex */
	/* hex, if the blob names its signer by subject key identifier, which
	 * verification refuses */
	char signer_skid[IU_SIG_TEXT_MAX];
	char digest_algo[64];            /* "sha256" */
	char sig_algo[64];               /* "ecdsa-with-SHA256", "rsaEncryption" */
	/* Filled only when a trusted certificate matches the signer: */
	char key_id[IU_SIG_KEY_ID_SIZE]; /* SHA-1 of its public key, hex */
	char signer_cn[IU_SIG_TEXT_MAX]; /* its subject commonName */
};

/*
 * Describe the signature on (data, len) without verifying it. If trust is
 * not NULL, key_id and signer_cn are filled from a trusted certificate whose
 * issuer and serial match (left empty if none does).
 *
 * Returns 0, or -IU_SIGN_ERRNO__NOSIG, __TRAILER, __CMS.
 */
int iu_sig__inspect(const void *data, size_t len, const struct iu_trust *trust,
		    struct iu_sig_info *info);

/*
 * Verify the signature on (data, len) against exactly the certificates in
 * trust: split (as iu_sig__split), check the CMS form, find a trusted
 * certificate matching the signer, check the signature over bytes
 * [0, payload_len). info may be NULL; if not, it is filled as far as the
 * checks got.
 *
 * Returns payload_len (>= 1) on success: the caller must parse only those
 * bytes. On failure: -IU_SIGN_ERRNO__NOSIG (unsigned), __TRAILER (malformed
 * trailer), __CMS (bad CMS blob), __UNTRUSTED (no trusted certificate
 * matches the signer), __DIGEST (signature does not match content),
 * -EINVAL/-ENOMEM.
 */
ssize_t iu_sig__verify(const void *data, size_t len,
		       const struct iu_trust *trust, struct iu_sig_info *info);

/* ---- Sign ---- */

/*
 * Sign an image. If (image, len) is already signed, the old signature is
 * stripped first, so re-signing replaces it; bytes that end with the magic
 * but carry a malformed trailer are refused (-IU_SIGN_ERRNO__TRAILER).
 * The key (PEM, ECDSA P-256/P-384 or RSA >= 2048 bits; if encrypted, the
 * passphrase is taken from $IU_SIGN_PIN) must belong to the certificate
 * (PEM X.509).
 *
 * Returns 0 and a malloc'ed signed image in *out (release with free()),
 * -IU_SIGN_ERRNO__KEY, __KEYMISMATCH, __TRAILER, __CRYPTO, -EINVAL (empty
 * image), or -errno if a file cannot be read.
 */
int iu_sig__sign(const void *image, size_t len, const char *key_path,
		 const char *cert_path, void **out, size_t *out_len);

/*
 * iu_sig__sign() on a file: reads in_path, writes the signed image to
 * out_path (NULL: in_path, in place) atomically, keeping the mode of an
 * existing output file. Returns 0 or an error as above.
 */
int iu_sig__sign_file(const char *in_path, const char *out_path,
		      const char *key_path, const char *cert_path);

/* ---- Keys ---- */

enum iu_key_algo {
	/* RSA-3072: every supported kernel can verify it (Debian 12's 6.1 has
	 * no ECDSA), so the default key works with iu.ko everywhere. */
	IU_KEY_DEFAULT = 0,
	IU_KEY_RSA_3072 = 1,
	IU_KEY_ECDSA_P256 = 2, /* smaller and faster; kernels with CONFIG_CRYPTO_ECDSA only */
};

#define IU_KEY_FILE "key.pem"
#define IU_CERT_FILE "cert.pem"
#define IU_KEY_DEFAULT_CN "iu signing key"
#define IU_KEY_DEFAULT_DAYS 3650u

/* Options grow at the end; sz tells the library how much the caller knows
 * about, fields beyond it count as zero. Zero fields mean defaults. */
struct iu_keygen_opts {
	size_t sz;                /* sizeof(struct iu_keygen_opts) */
	enum iu_key_algo algo;
	const char *subject_cn;   /* NULL: IU_KEY_DEFAULT_CN */
	unsigned int validity_days; /* 0: IU_KEY_DEFAULT_DAYS */
};

/* "ecdsa-p256" / "rsa-3072" -> enum iu_key_algo, or -EINVAL. */
int iu_key__algo_from_name(const char *name);

/*
 * Generate a key pair in dir (created with mode 0700 if missing): dir/key.pem
 * (PKCS#8 PEM, mode 0600, created with O_EXCL) and dir/cert.pem (self-signed
 * X.509 v3: subject CN, random serial, validity days from now,
 * subjectKeyIdentifier, basicConstraints CA:FALSE, keyUsage
 * digitalSignature, extendedKeyUsage codeSigning; mode 0644). opts may be
 * NULL. Never overwrites: returns -EEXIST if either file exists. Writes the
 * key id (iu_key__id) to key_id if it is not NULL.
 */
int iu_key__generate(const char *dir, const struct iu_keygen_opts *opts,
		     char key_id[IU_SIG_KEY_ID_SIZE]);

/* Key id of the (first) certificate in a PEM file: lowercase hex SHA-1 of
 * its subjectPublicKey, which equals the subjectKeyIdentifier that
 * iu_key__generate writes. Returns 0 or an error. */
int iu_key__id(const char *cert_path, char key_id[IU_SIG_KEY_ID_SIZE]);

/* ---- Per-user defaults ---- */

#define IU_SIGN_PATH_MAX 4096
#define IU_SYSTEM_TRUST_DIR "/etc/iu/trusted"

struct iu_sign_identity {
	char key_path[IU_SIGN_PATH_MAX];
	char cert_path[IU_SIGN_PATH_MAX];
	char key_id[IU_SIG_KEY_ID_SIZE];
	/* True if this call generated the key pair; its certificate was then
	 * also copied to trusted_copy so this user's loader trusts it. */
	bool created;
	char trusted_copy[IU_SIGN_PATH_MAX];
};

/*
 * The signing identity of the current user: $IU_SIGN_KEY and $IU_SIGN_CERT
 * if set (both must be, and both files must exist), else
 * ${XDG_CONFIG_HOME:-$HOME/.config}/iu/signing/{key.pem,cert.pem}. If
 * neither default file exists, a key pair is generated there (directory
 * mode 0700; safe against a concurrent first use) and its certificate is
 * copied into the per-user trust directory as <key id>.pem; id->created
 * tells the caller. A half-present pair is an error, never overwritten.
 * Returns 0 or an error.
 */
int iu_sign__user_identity(struct iu_sign_identity *id);

/* ${XDG_CONFIG_HOME:-$HOME/.config}/iu/trusted into buf. Returns 0,
 * -ENOENT if neither variable is usable, -ENAMETOOLONG. */
int iu_sign__user_trust_dir(char *buf, size_t size);

/* IU_SYSTEM_TRUST_DIR. */
const char *iu_sign__system_trust_dir(void);

/* ---- Files ---- */

/* Read a whole regular file (at most 1 GiB) into a malloc'ed buffer.
 * Returns 0 or -errno (-EFBIG if too large). */
int iu_file__read(const char *path, void **data, size_t *len);

/*
 * Replace path atomically: write a temporary file in the same directory,
 * fsync it, rename it over path, fsync the directory; on any failure the
 * temporary file is removed and path is untouched. mode < 0 keeps the mode
 * of an existing path (0644 & ~umask for a new one). Returns 0 or -errno.
 */
int iu_file__write_atomic(const char *path, const void *data, size_t len,
			  int mode);

#ifdef __cplusplus
}
#endif

#endif /* IU_SIGNER_H */
