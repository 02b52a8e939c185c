// SPDX-License-Identifier: GPL-2.0
/*
 * The registry (docs/kernel.md, "The registry"): every loaded object and
 * each of its programs gets an id, as BPF programs and maps do, so that
 * /dev/iu can list them (`iu prog list`, `iu map list`), show their
 * counters and statistics, detach a program by id whoever loaded it, and
 * hand out a new descriptor of an object (its maps and records).
 *
 * An object lives as long as its file. Pinning (IU_OBJ_PIN) makes the
 * registry hold a reference on that file, so the object stays loaded and
 * its programs attached after the loader exits; detaching its last
 * attached program by id (IU_IOC_PROG_DETACH) drops that reference, and
 * the object is freed once no descriptor remains.
 *
 * Locking: iu_registry_lock guards the id tables and every object's id,
 * file, pin and pin name. An object leaves the tables first thing when it
 * is freed (iu_registry_del, from its file's release), so while the lock
 * is held an object found in a table is not freed and its struct file,
 * whose release has not returned, is still there: a reference is taken on
 * it only if its count is not already zero. Longer work (detaching) runs
 * with such a reference and without the lock. Order: iu_registry_lock,
 * then an object's lock.
 */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "iu_internal.h"

static DEFINE_MUTEX(iu_registry_lock);
static DEFINE_IDR(iu_obj_ids);
static DEFINE_IDR(iu_prog_ids);

int iu_registry_add(struct iu_object *obj, struct file *file)
{
	unsigned int i;
	int id;

	BUILD_BUG_ON(IU_MAX_PROGS > IU_OBJ_PROGS_MAX);
	BUILD_BUG_ON(sizeof(obj->loader_comm) != sizeof(current->comm));
	obj->loader_tgid = current->tgid;
	memcpy(obj->loader_comm, current->comm, sizeof(obj->loader_comm));
	obj->load_time_ns = ktime_get_boottime_ns();
	mutex_lock(&iu_registry_lock);
	id = idr_alloc_cyclic(&iu_obj_ids, obj, 1, INT_MAX, GFP_KERNEL);
	if (id < 0)
		goto fail;
	obj->id = id;
	for (i = 0; i < obj->nprogs; i++) {
		id = idr_alloc_cyclic(&iu_prog_ids, &obj->progs[i], 1, INT_MAX, GFP_KERNEL);
		if (id < 0)
			goto fail;
		obj->progs[i].id = id;
	}
	obj->file = file;
	mutex_unlock(&iu_registry_lock);
	return 0;
fail:
	mutex_unlock(&iu_registry_lock);
	iu_registry_del(obj);
	return id;
}

void iu_registry_del(struct iu_object *obj)
{
	unsigned int i;

	mutex_lock(&iu_registry_lock);
	for (i = 0; i < obj->nprogs; i++) {
		if (obj->progs[i].id)
			idr_remove(&iu_prog_ids, obj->progs[i].id);
		obj->progs[i].id = 0;
	}
	if (obj->id)
		idr_remove(&iu_obj_ids, obj->id);
	obj->id = 0;
	obj->file = NULL;
	/* A pinned object is never freed: its pin holds the file. */
	WARN_ON(obj->pin);
	mutex_unlock(&iu_registry_lock);
}

/* Under iu_registry_lock: a reference on obj's file, unless it is being
 * released. */
static struct file *iu_registry_get_file(struct iu_object *obj)
{
	lockdep_assert_held(&iu_registry_lock);
	if (!obj->file || !atomic_long_inc_not_zero(&obj->file->f_count))
		return NULL;
	return obj->file;
}

static bool iu_pin_name_ok(const char *name)
{
	size_t i, n = strnlen(name, IU_PIN_NAME_MAX);

	if (n == 0 || n == IU_PIN_NAME_MAX || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!(isalnum(c) || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

long iu_registry_pin(struct iu_object *obj, struct file *file, void __user *uarg)
{
	struct iu_pin_args args;
	struct iu_object *other;
	int id, ret = 0;

	/* Pinning keeps programs running past their loader: privileged. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad || !iu_pin_name_ok(args.name))
		return -EINVAL;
	mutex_lock(&iu_registry_lock);
	if (obj->pin) {
		ret = -EBUSY;
		goto out;
	}
	idr_for_each_entry(&iu_obj_ids, other, id) {
		if (other->pin && !strcmp(other->pin_name, args.name)) {
			ret = -EEXIST;
			goto out;
		}
	}
	strscpy_pad(obj->pin_name, args.name, sizeof(obj->pin_name));
	obj->pin = get_file(file);
	args.obj_id = obj->id;
out:
	mutex_unlock(&iu_registry_lock);
	if (!ret && copy_to_user(uarg, &args, sizeof(args)))
		ret = -EFAULT;
	return ret;
}

/* Under iu_registry_lock. */
static void iu_fill_obj_info(struct iu_object *obj, struct iu_obj_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->id = obj->id;
	info->flags = obj->pin ? IU_OBJ_F_PINNED : 0;
	info->nprogs = obj->nprogs;
	info->nmaps = obj->nmaps;
	info->loader_tgid = obj->loader_tgid;
	memcpy(info->loader_comm, obj->loader_comm, sizeof(info->loader_comm));
	info->load_time_ns = obj->load_time_ns;
	if (obj->pin)
		memcpy(info->pin_name, obj->pin_name, sizeof(info->pin_name));
	for (i = 0; i < obj->nprogs; i++)
		info->prog_ids[i] = obj->progs[i].id;
	for (i = 0; i < obj->nmaps; i++)
		info->map_bpf_ids[i] = obj->maps[i].map->id;
}

long iu_registry_obj_info(struct iu_object *obj, void __user *uarg)
{
	struct iu_obj_info *info = kmalloc(sizeof(*info), GFP_KERNEL);
	long ret;

	if (!info)
		return -ENOMEM;
	mutex_lock(&iu_registry_lock);
	iu_fill_obj_info(obj, info);
	mutex_unlock(&iu_registry_lock);
	ret = copy_to_user(uarg, info, sizeof(*info)) ? -EFAULT : 0;
	kfree(info);
	return ret;
}

static long iu_ioc_next_id(void __user *uarg)
{
	struct iu_next_id_args args;
	struct idr *ids;
	int id;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.start_id >= INT_MAX)
		return -EINVAL;
	if (args.kind == IU_ID_OBJ)
		ids = &iu_obj_ids;
	else if (args.kind == IU_ID_PROG)
		ids = &iu_prog_ids;
	else
		return -EINVAL;
	id = args.start_id + 1;
	mutex_lock(&iu_registry_lock);
	if (!idr_get_next(ids, &id))
		id = 0;
	mutex_unlock(&iu_registry_lock);
	if (!id)
		return -ENOENT;
	args.next_id = id;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long iu_ioc_obj_info_by_id(void __user *uarg)
{
	struct iu_obj_info *info = kmalloc(sizeof(*info), GFP_KERNEL);
	struct iu_object *obj;
	long ret = 0;
	u32 id;

	if (!info)
		return -ENOMEM;
	if (get_user(id, (u32 __user *)uarg)) {
		ret = -EFAULT;
		goto out;
	}
	mutex_lock(&iu_registry_lock);
	obj = id && id < INT_MAX ? idr_find(&iu_obj_ids, id) : NULL;
	if (obj)
		iu_fill_obj_info(obj, info);
	else
		ret = -ENOENT;
	mutex_unlock(&iu_registry_lock);
	if (!ret && copy_to_user(uarg, info, sizeof(*info)))
		ret = -EFAULT;
out:
	kfree(info);
	return ret;
}

static long iu_ioc_prog_info_by_id(void __user *uarg)
{
	struct iu_prog_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	struct iu_prog *prog;
	long ret = 0;
	u32 id;

	if (!e)
		return -ENOMEM;
	if (get_user(id, (u32 __user *)uarg)) {
		ret = -EFAULT;
		goto out;
	}
	mutex_lock(&iu_registry_lock);
	prog = id && id < INT_MAX ? idr_find(&iu_prog_ids, id) : NULL;
	if (prog) {
		memset(e, 0, sizeof(*e));
		e->id = prog->id;
		e->obj_id = prog->obj->id;
		e->prog = prog->index;
		e->type = prog->desc.type;
		strscpy(e->name, prog->desc.name, sizeof(e->name));
		strscpy(e->target, prog->desc.target, sizeof(e->target));
		e->attached = test_bit(IU_PROG_ATTACHED, &prog->state) &&
			      !test_bit(IU_PROG_DEAD, &prog->state);
		e->flags = (test_bit(IU_PROG_DEAD, &prog->state) ? IU_PROG_F_DEAD : 0) |
			   (e->attached && (prog->attach_flags & IU_ATTACH_KEEP_ON_PANIC) ?
				    IU_PROG_F_KEEP_ON_PANIC : 0);
		e->runs = atomic64_read(&prog->runs);
		e->panics = atomic64_read(&prog->panics);
		e->missed = iu_prog_missed(prog);
		iu_stats_read(prog, e);
	} else {
		ret = -ENOENT;
	}
	mutex_unlock(&iu_registry_lock);
	if (!ret && copy_to_user(uarg, e, sizeof(*e)))
		ret = -EFAULT;
out:
	kfree(e);
	return ret;
}

/* Detaches a program by id; a pinned object left with no attached program
 * is unpinned. */
static long iu_ioc_prog_detach(unsigned long id)
{
	struct file *file = NULL, *unpin = NULL;
	struct iu_object *obj = NULL;
	struct iu_prog *prog;
	unsigned int i, attached = 0;
	long ret;

	mutex_lock(&iu_registry_lock);
	prog = id && id < INT_MAX ? idr_find(&iu_prog_ids, id) : NULL;
	if (prog) {
		obj = prog->obj;
		file = iu_registry_get_file(obj);
	}
	mutex_unlock(&iu_registry_lock);
	if (!file)
		return -ENOENT;
	/* The file's reference keeps the object and prog alive. */
	ret = iu_object_detach(obj, prog->index);
	if (ret == -ENOENT)
		ret = -EALREADY;
	mutex_lock(&iu_registry_lock);
	for (i = 0; i < obj->nprogs; i++)
		if (test_bit(IU_PROG_ATTACHED, &obj->progs[i].state) &&
		    !test_bit(IU_PROG_DEAD, &obj->progs[i].state))
			attached++;
	if (obj->pin && !attached) {
		unpin = obj->pin;
		obj->pin = NULL;
		memset(obj->pin_name, 0, sizeof(obj->pin_name));
		/* A program already detached (a panic) of a pinned object:
		 * detaching it again releases the object. */
		if (ret == -EALREADY)
			ret = 0;
	}
	mutex_unlock(&iu_registry_lock);
	if (unpin)
		fput(unpin);
	fput(file);
	return ret;
}

static long iu_ioc_obj_get_fd(void __user *uarg)
{
	struct iu_obj_fd_args args;
	struct iu_object *obj;
	struct file *file = NULL;
	int fd;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.flags || args.pad)
		return -EINVAL;
	mutex_lock(&iu_registry_lock);
	obj = args.obj_id && args.obj_id < INT_MAX ? idr_find(&iu_obj_ids, args.obj_id) : NULL;
	if (obj)
		file = iu_registry_get_file(obj);
	mutex_unlock(&iu_registry_lock);
	if (!file)
		return -ENOENT;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	args.fd = fd;
	if (copy_to_user(uarg, &args, sizeof(args))) {
		put_unused_fd(fd);
		fput(file);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}

long iu_registry_ioctl(unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case IU_IOC_NEXT_ID:
		return iu_ioc_next_id(uarg);
	case IU_IOC_OBJ_INFO_BY_ID:
		return iu_ioc_obj_info_by_id(uarg);
	case IU_IOC_PROG_INFO_BY_ID:
		return iu_ioc_prog_info_by_id(uarg);
	case IU_IOC_PROG_DETACH:
		return iu_ioc_prog_detach(arg);
	case IU_IOC_OBJ_GET_FD:
		return iu_ioc_obj_get_fd(uarg);
	case IU_IOC_STATS:
		return iu_stats_ioctl(uarg);
	default:
		return -ENOTTY;
	}
}
