// SPDX-License-Identifier: GPL-2.0
/*
 * Run statistics (docs/kernel.md, "Statistics"): per program, the
 * invocations measured and their run time while statistics are on (per-CPU
 * counters, iu_stats.h), and always the terminations by fuel and the last
 * panic report. Statistics are off when the module loads; IU_IOC_STATS
 * (iu stats enable|disable) or /sys/module/iu/parameters/stats_enabled
 * turns them on and off, which patches the static key's jumps.
 */
#include <linux/bitops.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "iu_stats.h"

DEFINE_STATIC_KEY_FALSE(iu_stats_key);
static DEFINE_MUTEX(iu_stats_lock);

static void iu_stats_set(bool on)
{
	mutex_lock(&iu_stats_lock);
	if (on && !static_key_enabled(&iu_stats_key))
		static_branch_enable(&iu_stats_key);
	else if (!on && static_key_enabled(&iu_stats_key))
		static_branch_disable(&iu_stats_key);
	mutex_unlock(&iu_stats_lock);
}

static int iu_stats_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	iu_stats_set(on);
	return 0;
}

static int iu_stats_param_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%d\n", static_key_enabled(&iu_stats_key) ? 1 : 0);
}

static const struct kernel_param_ops iu_stats_param_ops = {
	.set = iu_stats_param_set,
	.get = iu_stats_param_get,
};
module_param_cb(stats_enabled, &iu_stats_param_ops, NULL, 0600);
MODULE_PARM_DESC(stats_enabled, "measure programs' run time (0/1, default 0)");

long iu_stats_ioctl(void __user *uarg)
{
	struct iu_stats_args args;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	switch (args.op) {
	case IU_STATS_QUERY:
		break;
	case IU_STATS_ENABLE:
	case IU_STATS_DISABLE:
		iu_stats_set(args.op == IU_STATS_ENABLE);
		break;
	default:
		return -EINVAL;
	}
	args.enabled = static_key_enabled(&iu_stats_key);
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

int iu_stats_alloc(struct iu_object *obj)
{
	unsigned int i;

	obj->stats = __alloc_percpu_gfp(sizeof(struct iu_prog_stat) * max(obj->nprogs, 1u),
					__alignof__(struct iu_prog_stat), GFP_KERNEL_ACCOUNT);
	if (!obj->stats)
		return -ENOMEM;
	for (i = 0; i < obj->nprogs; i++)
		obj->progs[i].stat = obj->stats + i;
	return 0;
}

void iu_stats_free(struct iu_object *obj)
{
	free_percpu(obj->stats);
	obj->stats = NULL;
}

/*
 * Any context, NMI included: the report is copied only if no other CPU is
 * copying one of the same program at this moment (a reader, or another
 * CPU's panic); otherwise this one is not kept, and the counters still
 * count it.
 */
void iu_stats_panic(struct iu_prog *prog, const struct iu_panic_report *rep)
{
	if (rep->status == IU_RUN_FUEL)
		atomic64_inc(&prog->fuel_exhausted);
	if (test_and_set_bit_lock(0, &prog->last_panic_lock))
		return;
	memcpy(&prog->last_panic, rep, sizeof(*rep));
	clear_bit_unlock(0, &prog->last_panic_lock);
}
NOKPROBE_SYMBOL(iu_stats_panic);

void iu_stats_read(struct iu_prog *prog, struct iu_prog_entry *entry)
{
	unsigned int cpu;

	entry->run_cnt = 0;
	entry->run_time_ns = 0;
	if (prog->stat) {
		for_each_possible_cpu(cpu) {
			const struct iu_prog_stat *st = per_cpu_ptr(prog->stat, cpu);

			entry->run_cnt += READ_ONCE(st->cnt);
			entry->run_time_ns += READ_ONCE(st->nsecs);
		}
	}
	entry->fuel_exhausted = atomic64_read(&prog->fuel_exhausted);
	/* A panic on another CPU holds the copy for a few hundred bytes. */
	while (test_and_set_bit_lock(0, &prog->last_panic_lock))
		cpu_relax();
	memcpy(&entry->last_panic, &prog->last_panic, sizeof(entry->last_panic));
	clear_bit_unlock(0, &prog->last_panic_lock);
}
