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
 *   4. vunmap() the alias and vm_unmap_aliases(), so no CPU keeps a stale
 *      writable TLB entry for it;
 *   5. serialize every CPU (sync_core() by IPI, as text_poke_sync() does)
 *      before anything may jump into the new code.
 *
 * No mapping is ever writable and executable; the module's own mapping of
 * the arena stays read-only throughout. Freeing refills the pages with
 * int3 the same way, after the caller has made sure no CPU runs the image.
 *
 * The price: every page of an image (its read-only data and RELRO too) is
 * executable, a fixed capacity, no unwind data for image code, and no
 * run-time writable image data (iu_image.c refuses it). Only exported
 * symbols are used, so nothing here depends on the kernel version.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/sync_core.h>

#include "iu_internal.h"

extern const u8 iu_exec_arena[];

#define IU_ARENA_PAGES (IU_ARENA_SIZE / PAGE_SIZE)

static DEFINE_MUTEX(iu_arena_lock);
static DECLARE_BITMAP(iu_arena_used, IU_ARENA_PAGES);

/* The usable part: whole pages after the arena function's first byte. */
static const u8 *iu_arena_base;

int iu_exec_mem_init(void)
{
	unsigned int i;

	iu_arena_base = (const u8 *)PAGE_ALIGN((unsigned long)iu_exec_arena + 1);
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

static void iu_sync_core(void *unused)
{
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
	vm_unmap_aliases();
	on_each_cpu(iu_sync_core, NULL, 1);
}

int iu_exec_mem_map(unsigned int npages, int (*fill)(void *alias, unsigned long base, void *data),
		    void *data, struct iu_exec_region *out)
{
	unsigned long first;
	void *alias;
	int ret;

	if (npages == 0 || npages > IU_ARENA_PAGES)
		return -E2BIG;
	mutex_lock(&iu_arena_lock);
	first = bitmap_find_next_zero_area(iu_arena_used, IU_ARENA_PAGES, 0, npages, 0);
	if (first >= IU_ARENA_PAGES) {
		mutex_unlock(&iu_arena_lock);
		return -ENOSPC;
	}
	bitmap_set(iu_arena_used, first, npages);
	mutex_unlock(&iu_arena_lock);

	out->first = first;
	out->npages = npages;
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
	mutex_unlock(&iu_arena_lock);
	return ret;
}

void iu_exec_mem_unmap(struct iu_exec_region *region)
{
	void *alias;

	if (!region->npages)
		return;
	alias = iu_alias(region->first, region->npages);
	if (alias) {
		memset(alias, 0xcc, (size_t)region->npages * PAGE_SIZE);
		iu_unalias(alias);
	} else {
		pr_warn("iu: cannot scrub %u arena pages\n", region->npages);
	}
	mutex_lock(&iu_arena_lock);
	bitmap_clear(iu_arena_used, region->first, region->npages);
	mutex_unlock(&iu_arena_lock);
	region->npages = 0;
}
