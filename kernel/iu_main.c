// SPDX-License-Identifier: GPL-2.0
/*
 * iu.ko: runs signed iu extension images in the kernel (docs/kernel.md).
 * This file: module init/exit, the control device /dev/iu (root only) and
 * the lockdown check.
 *
 * Who may load: CAP_SYS_ADMIN is checked at open and again at every
 * privileged request (LOAD, ADD_CERT, LOCK_TRUST, and ATTACH on an object),
 * against the caller, so a descriptor that root opened and handed to an
 * unprivileged process gives it nothing.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/hardirq.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/security.h>
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

/*
 * Lockdown: a loaded program can read kernel memory (iu_probe_read_kernel),
 * which the confidentiality level forbids (LOCKDOWN_BPF_READ_KERNEL, the
 * reason eBPF's kernel reads use). The level only ever rises, so a refusal
 * is remembered: helpers then fail without asking again, and in NMI context
 * (where an LSM hook other than lockdown's own may not be safe to call)
 * the remembered answer is all there is.
 */
static bool iu_locked_down;

int iu_lockdown_kernel_read(void)
{
	if (READ_ONCE(iu_locked_down))
		return -EPERM;
	if (in_nmi())
		return 0;
	if (security_locked_down(LOCKDOWN_BPF_READ_KERNEL) < 0) {
		WRITE_ONCE(iu_locked_down, true);
		return -EPERM;
	}
	return 0;
}
NOKPROBE_SYMBOL(iu_lockdown_kernel_read);

static int iu_dev_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static long iu_ioc_load(void __user *uarg)
{
	struct iu_load_args args;
	struct iu_load_in in = {};
	struct iu_log *log;
	unsigned int nprogs = 0;
	s32 *fds = NULL;
	u8 *config = NULL;
	u8 *file;
	long ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.flags || args.image_len == 0 || args.image_len > IU_LOAD_MAX_SIZE)
		return -EINVAL;
	/* No image has more maps or a larger .iu.config: the validator
	 * compares the counts and sizes with the image's. */
	if (args.nmaps > IU_MAPS_MAX || (args.nmaps && !args.map_fds) ||
	    args.config_len > IU_CONFIG_SECTION_MAX || (args.config_len && !args.config))
		return -EINVAL;
	log = kzalloc(sizeof(*log), GFP_KERNEL_ACCOUNT);
	file = kvmalloc(args.image_len, GFP_KERNEL_ACCOUNT);
	if (!log || !file) {
		ret = -ENOMEM;
		goto out;
	}
	/* Charged to the loader's memory cgroup like the file. */
	if (args.nmaps) {
		fds = kmalloc_array(args.nmaps, sizeof(*fds), GFP_KERNEL_ACCOUNT);
		if (!fds) {
			ret = -ENOMEM;
			goto out;
		}
		if (copy_from_user(fds, u64_to_user_ptr(args.map_fds), args.nmaps * sizeof(*fds))) {
			ret = -EFAULT;
			goto out;
		}
	}
	if (args.config_len) {
		config = kvmalloc(args.config_len, GFP_KERNEL_ACCOUNT);
		if (!config) {
			ret = -ENOMEM;
			goto out;
		}
		if (copy_from_user(config, u64_to_user_ptr(args.config), args.config_len)) {
			ret = -EFAULT;
			goto out;
		}
	}
	in.map_fds = fds;
	in.nmaps = args.nmaps;
	in.config = config;
	in.config_len = args.config_len;
	if (iu_lockdown_kernel_read()) {
		iu_log(log, "the kernel is locked down (confidentiality): programs may not read kernel memory");
		ret = -EPERM;
		goto report;
	}
	/* The kernel's own copy: verified, then parsed, never re-read from
	 * user memory. */
	if (copy_from_user(file, u64_to_user_ptr(args.image), args.image_len)) {
		ret = -EFAULT;
		goto out;
	}
	ret = iu_object_load(file, args.image_len, &in, log, &nprogs);
report:
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
	kvfree(config);
	kfree(fds);
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
	/* Every request is privileged: the caller's capability counts, not
	 * the opener's. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case IU_IOC_LOAD:
		return iu_ioc_load((void __user *)arg);
	case IU_IOC_ADD_CERT:
		return iu_ioc_add_cert((void __user *)arg);
	case IU_IOC_LOCK_TRUST:
		iu_verify_lock();
		return 0;
	default:
		/* The registry: ids, enumeration, detach, statistics. */
		return iu_registry_ioctl(cmd, arg);
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

	iu_helpers_init();
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
	ret = iu_maps_init();
	if (ret)
		goto verify;
	ret = misc_register(&iu_dev);
	if (ret)
		goto maps;
	/* Like bpf_trace_printk: programs' output shows in trace_pipe. */
	if (trace_set_clr_event("iu", "iu_trace_printk", 1))
		pr_warn("iu: cannot enable the iu_trace_printk trace event\n");
	pr_info("iu: ready (/dev/iu)\n");
	return 0;
maps:
	iu_maps_exit();
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
	iu_maps_exit();
	iu_verify_exit();
	iu_run_exit();
	iu_exec_mem_exit();
}

module_init(iu_init);
module_exit(iu_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("iu: signed, run-time checked C++ kernel extensions");
MODULE_AUTHOR("The iu project");
