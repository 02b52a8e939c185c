// SPDX-License-Identifier: GPL-2.0
/*
 * A module for the VM tests of hooks on module functions: writing a number
 * to /sys/module/iu_victim/parameters/poke calls victim_poke() with it, a
 * traceable function that fentry and fexit programs attach to. The tests
 * unload and load the module again while programs are attached to it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

static noinline int victim_poke(int value)
{
	/* Not folded into the caller, and traced: the hooks' target. */
	barrier();
	return value + 1;
}

static int poke_set(const char *val, const struct kernel_param *kp)
{
	int value, ret;

	ret = kstrtoint(val, 0, &value);
	if (ret)
		return ret;
	return victim_poke(value) == value + 1 ? 0 : -EIO;
}

static const struct kernel_param_ops poke_ops = {
	.set = poke_set,
};
module_param_cb(poke, &poke_ops, NULL, 0200);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("iu's VM tests: a module function to attach to");
