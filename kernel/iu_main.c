// SPDX-License-Identifier: GPL-2.0
/*
 * iu.ko: runs signed iu extension images in the kernel (docs/kernel.md).
 * This file: module init/exit and the control device /dev/iu (root only).
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/trace_events.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "iu_internal.h"

void iu_log(struct iu_log *log, const char *fmt, ...)
{
	va_list ap;

	if (!log)
		return;
	va_start(ap, fmt);
	vscnprintf(log->buf, sizeof(log->buf), fmt, ap);
	va_end(ap);
}

static int iu_dev_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static long iu_ioc_load(void __user *uarg)
{
	struct iu_load_args args;
	struct iu_log *log;
	unsigned int nprogs = 0;
	u8 *file;
	long ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.flags || args.image_len == 0 || args.image_len > IU_LOAD_MAX_SIZE)
		return -EINVAL;
	log = kzalloc(sizeof(*log), GFP_KERNEL);
	file = kvmalloc(args.image_len, GFP_KERNEL);
	if (!log || !file) {
		ret = -ENOMEM;
		goto out;
	}
	/* The kernel's own copy: verified, then parsed, never re-read from
	 * user memory. */
	if (copy_from_user(file, u64_to_user_ptr(args.image), args.image_len)) {
		ret = -EFAULT;
		goto out;
	}
	ret = iu_object_load(file, args.image_len, log, &nprogs);
	if (ret >= 0) {
		args.nprogs = nprogs;
		if (copy_to_user(uarg, &args, sizeof(args)))
			pr_warn("iu: cannot report the program count\n");
	} else if (args.log_buf && args.log_size) {
		size_t n = min_t(size_t, args.log_size - 1, strnlen(log->buf, sizeof(log->buf)));

		if (copy_to_user(u64_to_user_ptr(args.log_buf), log->buf, n) ||
		    put_user(0, (char __user *)u64_to_user_ptr(args.log_buf) + n))
			ret = -EFAULT;
	}
out:
	kvfree(file);
	kfree(log);
	return ret;
}

static long iu_ioc_add_cert(void __user *uarg)
{
	struct iu_cert_args args;
	s32 serial = 0;
	void *der;
	long ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.der_len == 0 || args.der_len > IU_CERT_MAX_SIZE)
		return -EINVAL;
	der = memdup_user(u64_to_user_ptr(args.der), args.der_len);
	if (IS_ERR(der))
		return PTR_ERR(der);
	ret = iu_verify_add_cert(der, args.der_len, &serial);
	kfree(der);
	if (ret)
		return ret;
	args.key_serial = serial;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long iu_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case IU_IOC_LOAD:
		return iu_ioc_load((void __user *)arg);
	case IU_IOC_ADD_CERT:
		return iu_ioc_add_cert((void __user *)arg);
	case IU_IOC_LOCK_TRUST:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		iu_verify_lock();
		return 0;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations iu_dev_fops = {
	.owner = THIS_MODULE,
	.open = iu_dev_open,
	.unlocked_ioctl = iu_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice iu_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "iu",
	.fops = &iu_dev_fops,
	.mode = 0600,
};

static int __init iu_init(void)
{
	int ret;

	ret = iu_exec_mem_init();
	if (ret)
		return ret;
	ret = iu_run_init();
	if (ret)
		goto exec_mem;
	ret = iu_attach_init();
	if (ret)
		goto run;
	ret = iu_verify_init();
	if (ret)
		goto run;
	ret = misc_register(&iu_dev);
	if (ret)
		goto verify;
	/* Like bpf_trace_printk: programs' output shows in trace_pipe. */
	if (trace_set_clr_event("iu", "iu_trace_printk", 1))
		pr_warn("iu: cannot enable the iu_trace_printk trace event\n");
	pr_info("iu: ready (/dev/iu)\n");
	return 0;
verify:
	iu_verify_exit();
run:
	iu_run_exit();
exec_mem:
	iu_exec_mem_exit();
	return ret;
}

static void __exit iu_exit(void)
{
	/* No object can exist: each holds a module reference. */
	misc_deregister(&iu_dev);
	iu_verify_exit();
	iu_run_exit();
	iu_exec_mem_exit();
}

module_init(iu_init);
module_exit(iu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("iu: signed, run-time checked C++ kernel extensions");
MODULE_AUTHOR("The iu project");
