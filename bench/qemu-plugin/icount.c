// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libiu-icount.so: a QEMU TCG plugin that counts the guest instructions
 * each vCPU executes and reports the count between two marker
 * instructions (bench/programs/icount_marker.h) that the measured guest
 * program executes. bench/run loads it into iu-vm's QEMU (iu-vm run
 * --plugin) for the deterministic half of the per-event benchmark:
 * instruction counts do not depend on how loaded the host is.
 *
 *   qemu-system-x86_64 -plugin libiu-icount.so,out=FILE ...
 *
 * FILE gets one line per START..STOP pair: "icount TAG VCPU INSTRUCTIONS".
 *
 * Counting: a callback per executed translation block adds the block's
 * instruction count to its vCPU's counter (QEMU 7.2's inline counters are
 * shared by all vCPUs, and the vCPUs run on their own host threads). The
 * whole block is added on entry, so at a marker the instructions of the
 * block that follow it are taken off again: the count is exact to the
 * instruction, unless an interrupt or fault leaves a block early (then the
 * block's rest is counted though it did not run; rare, and part of the
 * spread bench/run reports).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include "qemu-plugin-api.h"
#define ICOUNT_NO_ASM
#include "../programs/icount_marker.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define MAX_VCPUS 64

/* One cache line per vCPU: each is written by its own vCPU thread only. */
struct vcpu {
	uint64_t insns;
	uint64_t start;
	uint32_t tags;
	uint32_t tag;
	int started;
} __attribute__((aligned(64)));

static struct vcpu vcpus[MAX_VCPUS];
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void tb_exec(unsigned int vcpu_index, void *userdata)
{
	if (vcpu_index < MAX_VCPUS)
		vcpus[vcpu_index].insns += (uintptr_t)userdata;
}

/* userdata: the marker's kind in the low 8 bits, and above them how many
 * instructions of its block follow it (counted already by tb_exec). */
static void marker_exec(unsigned int vcpu_index, void *userdata)
{
	uintptr_t u = (uintptr_t)userdata;
	struct vcpu *v;
	uint64_t now;

	if (vcpu_index >= MAX_VCPUS)
		return;
	v = &vcpus[vcpu_index];
	now = v->insns - (u >> 8);
	switch (u & 0xff) {
	case ICOUNT_KIND_TAG:
		v->tags++;
		break;
	case ICOUNT_KIND_START:
		v->tag = v->tags;
		v->tags = 0;
		v->start = now;
		v->started = 1;
		break;
	case ICOUNT_KIND_STOP:
		if (v->started) {
			pthread_mutex_lock(&out_lock);
			fprintf(out, "icount %u %u %llu\n", v->tag, vcpu_index,
				(unsigned long long)(now - v->start));
			fflush(out);
			pthread_mutex_unlock(&out_lock);
		}
		v->started = 0;
		break;
	}
}

/* The marker's kind, or 0 for any other instruction. */
static int marker_kind(const unsigned char *p, size_t n)
{
	uint32_t disp;

	if (n != 7 || p[0] != 0x0f || p[1] != 0x1f || p[2] != 0x80)
		return 0;
	disp = p[3] | (uint32_t)p[4] << 8 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 24;
	if ((disp & ~0xffu) != ICOUNT_MAGIC)
		return 0;
	disp &= 0xff;
	return disp >= ICOUNT_KIND_TAG && disp <= ICOUNT_KIND_STOP ? (int)disp : 0;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)n);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		int kind = marker_kind(qemu_plugin_insn_data(insn), qemu_plugin_insn_size(insn));

		if (kind)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, marker_exec, QEMU_PLUGIN_CB_NO_REGS,
				(void *)(((uintptr_t)(n - i - 1) << 8) | (uintptr_t)kind));
	}
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	(void)userdata;
	pthread_mutex_lock(&out_lock);
	fflush(out);
	pthread_mutex_unlock(&out_lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;

	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
		else {
			fprintf(stderr, "libiu-icount: unknown argument '%s' (out=FILE)\n", argv[i]);
			return 1;
		}
	}
	if (!path) {
		fprintf(stderr, "libiu-icount: no output file (out=FILE)\n");
		return 1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return 1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
