// SPDX-License-Identifier: GPL-2.0
/*
 * Signature verification: the trailer checks of kernel/module/signing.c and
 * verify_pkcs7_signature() against a keyring of iu's own, never the
 * module-signing keys.
 *
 * Trust: the keyring starts empty. Certificates enter only through
 * IU_IOC_ADD_CERT, from CAP_SYS_ADMIN, until IU_IOC_LOCK_TRUST (or under
 * integrity lockdown, never). User space cannot add keys itself: the
 * keyring grants users no write permission and rejects every link that
 * does not come from this file.
 */
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/verification.h>
#include <keys/asymmetric-type.h>

#include "iu_internal.h"

static struct key *iu_keyring;
static DEFINE_MUTEX(iu_trust_lock);
static bool iu_trust_locked;

static int iu_restrict_reject(struct key *keyring, const struct key_type *type,
			      const union key_payload *payload, struct key *restriction_key)
{
	return -EPERM;
}

int iu_verify_init(void)
{
	struct key_restriction *restrict_link;

	restrict_link = kzalloc(sizeof(*restrict_link), GFP_KERNEL);
	if (!restrict_link)
		return -ENOMEM;
	restrict_link->check = iu_restrict_reject;
	iu_keyring = keyring_alloc(".iu", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID, current_cred(),
				   (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW | KEY_USR_READ,
				   KEY_ALLOC_NOT_IN_QUOTA, restrict_link, NULL);
	if (IS_ERR(iu_keyring)) {
		kfree(restrict_link);
		return PTR_ERR(iu_keyring);
	}
	return 0;
}

static void iu_verified_clear(void);

void iu_verify_exit(void)
{
	iu_verified_clear();
	key_revoke(iu_keyring);
	key_put(iu_keyring);
}

int iu_verify_add_cert(const void *der, size_t len, s32 *serial)
{
	key_ref_t key;
	int ret = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (security_locked_down(LOCKDOWN_MODULE_SIGNATURE))
		return -EPERM;
	mutex_lock(&iu_trust_lock);
	if (iu_trust_locked) {
		ret = -EPERM;
		goto out;
	}
	key = key_create_or_update(make_key_ref(iu_keyring, 1), "asymmetric", NULL, der, len,
				   (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW | KEY_USR_READ,
				   KEY_ALLOC_NOT_IN_QUOTA | KEY_ALLOC_BYPASS_RESTRICTION);
	if (IS_ERR(key)) {
		ret = PTR_ERR(key);
		goto out;
	}
	*serial = key_ref_to_ptr(key)->serial;
	pr_info("iu: trusting key '%s'\n", key_ref_to_ptr(key)->description);
	key_ref_put(key);
out:
	mutex_unlock(&iu_trust_lock);
	return ret;
}

void iu_verify_lock(void)
{
	mutex_lock(&iu_trust_lock);
	iu_trust_locked = true;
	mutex_unlock(&iu_trust_lock);
}

/*
 * The one CMS form iu accepts (docs/signature.md), checked byte by byte
 * before the kernel's PKCS#7 parser sees the blob: that parser takes BER,
 * certificates, other digests, key-id signers and more, so on its own one
 * image would have many valid encodings. DER only: single-byte tags,
 * definite minimal lengths, every constructed value consumed exactly.
 *
 *   ContentInfo SEQUENCE {
 *     OID signedData,
 *     [0] { SignedData SEQUENCE {
 *       INTEGER 1,
 *       SET { SEQUENCE { OID sha256 } },        -- parameters absent
 *       SEQUENCE { OID data },                  -- detached: no content
 *                                               -- no [0] certificates, no [1] CRLs
 *       SET { SignerInfo SEQUENCE {             -- exactly one signer
 *         INTEGER 1,
 *         SEQUENCE { Name SEQUENCE, INTEGER serial },   -- issuer and serial
 *         SEQUENCE { OID sha256 },              -- no [0] signed attributes
 *         SEQUENCE { OID rsaEncryption, NULL } | SEQUENCE { OID ecdsa-with-SHA256 },
 *         OCTET STRING signature                -- ECDSA: SEQUENCE { INTEGER r, INTEGER s }
 *       } }                                     -- no [1] unsigned attributes
 *     } }
 *   }                                           -- and nothing after it
 */
struct iu_der {
	const u8 *p;
	size_t len;
};

/* Takes the next value, which must have tag `tag`; val gets its contents. */
static bool der_take(struct iu_der *cur, u8 tag, struct iu_der *val)
{
	size_t len, hdr = 2, i, n;

	if (cur->len < 2 || cur->p[0] != tag)
		return false;
	len = cur->p[1];
	if (len & 0x80) {
		n = len & 0x7f;
		/* Long form only when needed, without leading zero octets. */
		if (n == 0 || n > 3 || cur->len < 2 + n || cur->p[2] == 0)
			return false;
		for (len = 0, i = 0; i < n; i++)
			len = (len << 8) | cur->p[2 + i];
		if (len < 0x80)
			return false;
		hdr += n;
	}
	if (len > cur->len - hdr)
		return false;
	val->p = cur->p + hdr;
	val->len = len;
	cur->p += hdr + len;
	cur->len -= hdr + len;
	return true;
}

/* The next value is exactly these bytes (tag, length and contents). */
static bool der_exact(struct iu_der *cur, const u8 *bytes, size_t n)
{
	if (cur->len < n || memcmp(cur->p, bytes, n) != 0)
		return false;
	cur->p += n;
	cur->len -= n;
	return true;
}

/* A positive INTEGER in minimal form, with at least one content octet. */
static bool der_uint(struct iu_der *cur)
{
	struct iu_der v;

	if (!der_take(cur, 0x02, &v) || v.len == 0 || (v.p[0] & 0x80))
		return false;
	return v.len == 1 || v.p[0] != 0 || (v.p[1] & 0x80);
}

static const u8 der_oid_signed_data[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
					  0x01, 0x07, 0x02 };
static const u8 der_version_1[] = { 0x02, 0x01, 0x01 };
static const u8 der_sha256_set[] = { 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48,
				     0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const u8 der_data_content[] = { 0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
				       0x0d, 0x01, 0x07, 0x01 };
static const u8 der_sha256_alg[] = { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
				     0x03, 0x04, 0x02, 0x01 };
static const u8 der_rsa_alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
				  0x01, 0x01, 0x01, 0x05, 0x00 };
static const u8 der_ecdsa_sha256_alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
					   0x3d, 0x04, 0x03, 0x02 };

/* NULL if cms has the accepted form, else what is wrong with it. */
static const char *iu_check_cms_form(const u8 *cms, size_t len)
{
	struct iu_der all = { cms, len }, ci, wrap, sd, sis, si, sid, name, sig, ecdsa;
	bool ecdsa_alg;

	if (!der_take(&all, 0x30, &ci) || all.len)
		return "not one DER ContentInfo (or bytes after it)";
	if (!der_exact(&ci, der_oid_signed_data, sizeof(der_oid_signed_data)) ||
	    !der_take(&ci, 0xa0, &wrap) || ci.len || !der_take(&wrap, 0x30, &sd) || wrap.len)
		return "not a DER SignedData";
	if (!der_exact(&sd, der_version_1, sizeof(der_version_1)))
		return "SignedData version is not 1";
	if (!der_exact(&sd, der_sha256_set, sizeof(der_sha256_set)))
		return "digest algorithms are not exactly { sha256 }";
	if (!der_exact(&sd, der_data_content, sizeof(der_data_content)))
		return "not a detached signature of data";
	if (sd.len && (sd.p[0] == 0xa0 || sd.p[0] == 0xa1))
		return sd.p[0] == 0xa0 ? "it carries certificates" : "it carries CRLs";
	if (!der_take(&sd, 0x31, &sis) || sd.len)
		return "malformed signer infos";
	if (!der_take(&sis, 0x30, &si) || sis.len)
		return "not exactly one signer";
	if (!der_exact(&si, der_version_1, sizeof(der_version_1)))
		return "SignerInfo version is not 1 (the signer must be named by issuer and serial number)";
	if (!der_take(&si, 0x30, &sid) || !der_take(&sid, 0x30, &name) || !der_uint(&sid) ||
	    sid.len)
		return "the signer is not named by issuer and serial number";
	if (!der_exact(&si, der_sha256_alg, sizeof(der_sha256_alg)))
		return si.len && si.p[0] == 0x30 ? "the digest is not sha256" : "malformed digest algorithm";
	if (si.len && si.p[0] == 0xa0)
		return "it has signed attributes";
	ecdsa_alg = der_exact(&si, der_ecdsa_sha256_alg, sizeof(der_ecdsa_sha256_alg));
	if (!ecdsa_alg && !der_exact(&si, der_rsa_alg, sizeof(der_rsa_alg)))
		return "the signature algorithm is neither ecdsa-with-SHA256 nor rsaEncryption";
	if (!der_take(&si, 0x04, &sig) || sig.len == 0)
		return "malformed signature value";
	if (si.len)
		return si.p[0] == 0xa1 ? "it has unsigned attributes" : "bytes after the signature value";
	if (ecdsa_alg && (!der_take(&sig, 0x30, &ecdsa) || sig.len || !der_uint(&ecdsa) ||
			  !der_uint(&ecdsa) || ecdsa.len))
		return "malformed ECDSA signature value";
	return NULL;
}

/*
 * Verified files. Checking an RSA-3072 signature costs several times a
 * whole small load, and tools load the same file every time they start.
 * So iu.ko keeps the exact bytes (image, signature and trailer) of the
 * files that last passed verify_pkcs7_signature(), and a file equal to
 * one of them byte for byte is not verified again. No digest: equality of
 * the bytes needs no cryptographic assumption, and comparing is cheaper
 * than hashing.
 *
 * Why a remembered verdict stays true: it depends only on the bytes and
 * on iu's keyring, which only grows while iu.ko is loaded (nothing
 * removes or revokes a key in it but module unload, which drops these
 * copies too); blacklists are not consulted by the PKCS#7 check on this
 * keyring either. Changed, re-encoded or re-signed bytes differ and take
 * the full check with its messages.
 *
 * Bounded: files of up to IU_VERIFIED_FILE_MAX bytes, IU_VERIFIED_TOTAL_MAX
 * bytes in all, the least recently loaded dropped first. Module memory,
 * charged to no process: it is a cache iu.ko owns, like its arena.
 */
#define IU_VERIFIED_FILE_MAX (256u << 10)
#define IU_VERIFIED_TOTAL_MAX (1u << 20)

struct iu_verified_file {
	struct list_head node;
	size_t len;
	u8 bytes[];
};

static DEFINE_MUTEX(iu_verified_lock);
static LIST_HEAD(iu_verified);       /* most recently loaded first */
static size_t iu_verified_total;

/* The signature (at the end) differs first between different files, so it
 * is compared before the rest. */
static bool iu_verified_equal(const struct iu_verified_file *v, const u8 *file, size_t len)
{
	size_t tail = min_t(size_t, len, 512);

	return v->len == len && !memcmp(v->bytes + len - tail, file + len - tail, tail) &&
	       !memcmp(v->bytes, file, len - tail);
}

static noinline bool iu_verified_lookup(const u8 *file, size_t len)
{
	struct iu_verified_file *v;
	bool found = false;

	mutex_lock(&iu_verified_lock);
	list_for_each_entry(v, &iu_verified, node) {
		if (iu_verified_equal(v, file, len)) {
			list_move(&v->node, &iu_verified);
			found = true;
			break;
		}
	}
	mutex_unlock(&iu_verified_lock);
	return found;
}

static void iu_verified_add(const u8 *file, size_t len)
{
	struct iu_verified_file *v;

	if (len > IU_VERIFIED_FILE_MAX)
		return;
	v = kvmalloc(struct_size(v, bytes, len), GFP_KERNEL);
	if (!v)
		return;   /* only the next load of this file is slower */
	v->len = len;
	memcpy(v->bytes, file, len);
	mutex_lock(&iu_verified_lock);
	list_add(&v->node, &iu_verified);
	iu_verified_total += len;
	while (iu_verified_total > IU_VERIFIED_TOTAL_MAX) {
		struct iu_verified_file *old = list_last_entry(&iu_verified, struct iu_verified_file, node);

		list_del(&old->node);
		iu_verified_total -= old->len;
		kvfree(old);
	}
	mutex_unlock(&iu_verified_lock);
}

static void iu_verified_clear(void)
{
	struct iu_verified_file *v, *tmp;

	mutex_lock(&iu_verified_lock);
	list_for_each_entry_safe(v, tmp, &iu_verified, node) {
		list_del(&v->node);
		kvfree(v);
	}
	iu_verified_total = 0;
	mutex_unlock(&iu_verified_lock);
}

/* The trailer of abi.h, checked like mod_check_sig() does: the magic, then
 * the trailer's bounds, then every field, before any length is believed. */
int iu_verify_signed_file(const u8 *file, size_t len, size_t *image_len, struct iu_log *log)
{
	struct iu_sig_trailer tr;
	size_t sig_len, rest;
	const char *why;
	int ret;

	if (len < IU_SIG_MAGIC_LEN + sizeof(tr) ||
	    memcmp(file + len - IU_SIG_MAGIC_LEN, IU_SIG_MAGIC, IU_SIG_MAGIC_LEN) != 0) {
		iu_log(log, "image is not signed (no signature trailer)");
		return -EBADMSG;
	}
	rest = len - IU_SIG_MAGIC_LEN - sizeof(tr);
	memcpy(&tr, file + rest, sizeof(tr));
	if (tr.id_type != IU_SIG_ID_PKCS7 || tr.algo || tr.hash || tr.signer_len ||
	    tr.key_id_len || tr.pad[0] || tr.pad[1] || tr.pad[2]) {
		iu_log(log, "malformed signature trailer");
		return -EBADMSG;
	}
	sig_len = be32_to_cpu((__force __be32)tr.sig_len);
	if (sig_len == 0 || sig_len >= rest) {
		iu_log(log, "signature length %zu does not fit the file", sig_len);
		return -EBADMSG;
	}
	*image_len = rest - sig_len;
	if (iu_verified_lookup(file, len))
		return 0;
	why = iu_check_cms_form(file + *image_len, sig_len);
	if (why) {
		iu_log(log, "signature refused: %s (docs/signature.md gives the one accepted form)", why);
		return -EBADMSG;
	}
	ret = verify_pkcs7_signature(file, *image_len, file + *image_len, sig_len, iu_keyring,
				     VERIFYING_UNSPECIFIED_SIGNATURE, NULL, NULL);
	switch (ret) {
	case 0:
		iu_verified_add(file, len);
		break;
	case -ENOKEY:
		iu_log(log, "signature verification failed: the signer is not trusted by iu.ko");
		break;
	case -EKEYREJECTED:
		iu_log(log, "signature verification failed: the image does not match its signature");
		break;
	case -ENOPKG:
		iu_log(log, "signature verification failed: this kernel lacks the signature's algorithm (ECDSA needs CONFIG_CRYPTO_ECDSA; sign with an RSA key)");
		break;
	default:
		iu_log(log, "signature verification failed (error %d)", ret);
		break;
	}
	return ret;
}
