// SPDX-License-Identifier: GPL-2.0
/*
 * Executable memory for images. The one file that knows how iu.ko gets it
 * (docs/kernel.md, "Executable memory").
 *
 * No exported interface hands a module executable memory on the kernels we
 * target (module_alloc/execmem_alloc, set_memory_x and the BPF JIT
 * allocators are not exported; vmap() forces NX). So the executable pages
 * are iu.ko's own: an arena of IU_ARENA_SIZE bytes of int3 in the module's
 * text (iu_exec_arena.S), which the module loader maps read-only and
 * executable. Loading an image:
 *
 *   1. reserve a run of arena pages (a bitmap under a mutex);
 *   2. vmap() the same physical pages (vmalloc_to_page) a second time,
 *      PAGE_KERNEL: writable and never executable;
 *   3. copy the image in and relocate it through that alias;
 *   4. vunmap() the alias (its page table entries are cleared at once,
 *      only the TLB flush is left for later) and flush every CPU's TLB
 *      (__flush_tlb_all(), what flush_tlb_all() runs on each CPU), so no
 *      CPU keeps a stale writable entry for it. Not vm_unmap_aliases(): it
 *      would also purge every lazily freed vmap area of the whole system,
 *      which made a load up to a millisecond slower under QEMU;
 *   5. in the same IPI, serialize every CPU (sync_core(), as
 *      text_poke_sync() does) before anything may jump into the new code.
 *
 * No mapping is ever writable and executable; the module's own mapping of
 * the arena stays read-only throughout. Freeing refills the pages with
 * int3 the same way, after the caller has made sure no CPU runs the image.
 *
 * Run-time writable image data (e.g. the sanitizers' source locations)
 * must sit at its link-time distance from the code, so it lives in the
 * arena too: those pages alone get their kernel PTE changed from read-only
 * executable to writable non-executable in one atomic store
 * (lookup_address(), exported), followed by a TLB flush on every CPU, and
 * are changed back before the pages are reused. This and the iu stacks'
 * guard pages (iu_run.c) are the only page-table edits iu.ko makes; it
 * refuses if the arena is not mapped with 4 KiB pages.
 *
 * One process (thread group) holds at most IU_ARENA_PER_PROCESS_PAGES of
 * the arena, so one loader cannot fill it. The arena is module text, not
 * an allocation, so it cannot be charged to a memory cgroup.
 *
 * The price: the other pages of an image (its read-only data and RELRO
 * too) are executable, a fixed capacity, and no unwind data for image
 * code. Only exported symbols are used.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/sync_core.h>
#include <asm/tlbflush.h>

#include "iu_internal.h"

extern const u8 iu_exec_arena[];

#define IU_ARENA_PAGES (IU_ARENA_SIZE / PAGE_SIZE)

static DEFINE_MUTEX(iu_arena_lock);
static DECLARE_BITMAP(iu_arena_used, IU_ARENA_PAGES);
/* Every mapped region, for the per-process share (under iu_arena_lock). */
static LIST_HEAD(iu_arena_regions);

/* Pages of the arena that owner's regions hold. */
static unsigned int iu_arena_pages_of(struct pid *owner)
{
	struct iu_exec_region *r;
	unsigned int n = 0;

	list_for_each_entry(r, &iu_arena_regions, node)
		if (r->owner == owner)
			n += r->npages;
	return n;
}

/* The usable part: whole pages after the arena function's first byte. */
static const u8 *iu_arena_base;

int iu_exec_mem_init(void)
{
	unsigned long start = (unsigned long)iu_exec_arena;
	unsigned int i;

	/* Computed at run time: a relocation into the middle of the arena
	 * would look to objtool like an indirect branch target without ENDBR. */
	OPTIMIZER_HIDE_VAR(start);
	iu_arena_base = (const u8 *)PAGE_ALIGN(start + 1);
	for (i = 0; i < IU_ARENA_PAGES; i++) {
		if (!vmalloc_to_page(iu_arena_base + (size_t)i * PAGE_SIZE)) {
			pr_err("iu: the executable arena is not module memory\n");
			return -ENOEXEC;
		}
	}
	return 0;
}

void iu_exec_mem_exit(void)
{
}

static void iu_flush_tlb_sync_core(void *unused)
{
	__flush_tlb_all();
	sync_core();
}

/* Maps pages [first, first + n) of the arena writable (never executable)
 * at a fresh address. */
static void *iu_alias(unsigned int first, unsigned int n)
{
	struct page **pages;
	unsigned int i;
	void *alias;

	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++) {
		pages[i] = vmalloc_to_page(iu_arena_base + (size_t)(first + i) * PAGE_SIZE);
		if (!pages[i]) {
			kfree(pages);
			return NULL;
		}
	}
	alias = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	kfree(pages);
	return alias;
}

static void iu_unalias(void *alias)
{
	vunmap(alias);
	on_each_cpu(iu_flush_tlb_sync_core, NULL, 1);
}

int iu_exec_mem_map(unsigned int npages, int (*fill)(void *alias, unsigned long base, void *data),
		    void *data, struct iu_exec_region *out)
{
	unsigned long first;
	void *alias;
	int ret;

	if (npages == 0 || npages > IU_ARENA_PAGES)
		return -E2BIG;
	/* The loading process (its thread group): one process cannot take the
	 * whole arena. The reference keeps the identity unique while the
	 * region lives, even after the process exits. */
	out->owner = get_pid(task_tgid(current));
	mutex_lock(&iu_arena_lock);
	if (iu_arena_pages_of(out->owner) + npages > IU_ARENA_PER_PROCESS_PAGES) {
		mutex_unlock(&iu_arena_lock);
		put_pid(out->owner);
		out->owner = NULL;
		return -EDQUOT;
	}
	first = bitmap_find_next_zero_area(iu_arena_used, IU_ARENA_PAGES, 0, npages, 0);
	if (first >= IU_ARENA_PAGES) {
		mutex_unlock(&iu_arena_lock);
		put_pid(out->owner);
		out->owner = NULL;
		return -ENOSPC;
	}
	bitmap_set(iu_arena_used, first, npages);
	out->npages = npages;
	list_add(&out->node, &iu_arena_regions);
	mutex_unlock(&iu_arena_lock);

	out->first = first;
	out->base = (unsigned long)iu_arena_base + first * PAGE_SIZE;
	alias = iu_alias(first, npages);
	if (!alias) {
		ret = -ENOMEM;
		goto release;
	}
	ret = fill(alias, out->base, data);
	if (ret)
		memset(alias, 0xcc, (size_t)npages * PAGE_SIZE);
	iu_unalias(alias);
	if (ret)
		goto release;
	return 0;
release:
	mutex_lock(&iu_arena_lock);
	bitmap_clear(iu_arena_used, first, npages);
	list_del(&out->node);
	mutex_unlock(&iu_arena_lock);
	put_pid(out->owner);
	out->owner = NULL;
	out->npages = 0;
	return ret;
}

static void iu_flush_tlb(void *unused)
{
	__flush_tlb_all();
}

/* One page of the arena: writable and never executable, or back to the
 * module text's read-only and executable. A single PTE store either way. */
static int iu_set_data_page(unsigned long addr, bool data)
{
	unsigned int level;
	pte_t *ptep = lookup_address(addr, &level);
	pte_t pte;

	if (!ptep || level != PG_LEVEL_4K || !pte_present(*ptep))
		return -EOPNOTSUPP;
	pte = *ptep;
	if (data)
		pte = pte_set_flags(pte, _PAGE_RW | (_PAGE_NX & __supported_pte_mask));
	else
		pte = pte_clear_flags(pte, _PAGE_RW | _PAGE_NX);
	set_pte_atomic(ptep, pte);
	return 0;
}

static void iu_restore_data_pages(struct iu_exec_region *region)
{
	unsigned int i;

	if (!region->data_npages)
		return;
	for (i = 0; i < region->data_npages; i++)
		iu_set_data_page(region->base + (unsigned long)(region->data_first + i) * PAGE_SIZE,
				 false);
	on_each_cpu(iu_flush_tlb, NULL, 1);
	region->data_npages = 0;
}

int iu_exec_mem_make_data(struct iu_exec_region *region, unsigned int first, unsigned int n)
{
	unsigned int i;
	int ret = 0;

	if (first > region->npages || n > region->npages - first || region->data_npages)
		return -EINVAL;
	region->data_first = first;
	for (i = 0; i < n && !ret; i++) {
		ret = iu_set_data_page(region->base + (unsigned long)(first + i) * PAGE_SIZE, true);
		region->data_npages = i + !ret;
	}
	on_each_cpu(iu_flush_tlb, NULL, 1);
	if (ret)
		iu_restore_data_pages(region);
	return ret;
}

void iu_exec_mem_unmap(struct iu_exec_region *region)
{
	void *alias;

	if (!region->npages)
		return;
	iu_restore_data_pages(region);
	alias = iu_alias(region->first, region->npages);
	if (alias) {
		memset(alias, 0xcc, (size_t)region->npages * PAGE_SIZE);
		iu_unalias(alias);
	} else {
		pr_warn("iu: cannot scrub %u arena pages\n", region->npages);
	}
	mutex_lock(&iu_arena_lock);
	bitmap_clear(iu_arena_used, region->first, region->npages);
	list_del(&region->node);
	mutex_unlock(&iu_arena_lock);
	put_pid(region->owner);
	region->owner = NULL;
	region->npages = 0;
}
