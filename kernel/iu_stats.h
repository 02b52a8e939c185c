/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run statistics on the invocation path (iu_run.c), behind a static key as
 * kernel.bpf_stats_enabled is: while statistics are off the two hooks are
 * a patched-out jump each, and nothing is read or written; while on, an
 * invocation reads sched_clock() twice and adds to this CPU's counters of
 * its program. iu_stats.c flips the key (IU_IOC_STATS, the module
 * parameter stats_enabled) and sums the counters.
 */
#ifndef IU_STATS_H
#define IU_STATS_H

#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>

#include "iu_internal.h"

DECLARE_STATIC_KEY_FALSE(iu_stats_key);

static __always_inline u64 iu_stats_begin(void)
{
	if (static_branch_unlikely(&iu_stats_key))
		return sched_clock();
	return 0;
}

/* Preemption is off and this CPU runs no other program meanwhile (the
 * re-entry guard), so plain per-CPU additions are exact. A start of 0:
 * statistics were turned on during the invocation, which is not counted. */
static __always_inline void iu_stats_end(struct iu_prog *prog, u64 start)
{
	if (static_branch_unlikely(&iu_stats_key) && start) {
		struct iu_prog_stat *st = this_cpu_ptr(prog->stat);

		st->cnt++;
		st->nsecs += sched_clock() - start;
	}
}

#endif /* IU_STATS_H */
