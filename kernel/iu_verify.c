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

void iu_verify_exit(void)
{
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

/* The trailer of abi.h, checked like mod_check_sig() does: the magic, then
 * the trailer's bounds, then every field, before any length is believed. */
int iu_verify_signed_file(const u8 *file, size_t len, size_t *image_len, struct iu_log *log)
{
	struct iu_sig_trailer tr;
	size_t sig_len, rest;
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
	ret = verify_pkcs7_signature(file, *image_len, file + *image_len, sig_len, iu_keyring,
				     VERIFYING_UNSPECIFIED_SIGNATURE, NULL, NULL);
	switch (ret) {
	case 0:
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
