// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and validation of an image the kernel has already verified (its
 * own copy; user space cannot change a byte of it any more). The image
 * library runs this same file in user space (image/kernel-shim/), so libiu
 * and iu-cc apply exactly these checks too. Written for hostile input: every offset and size is bounds-checked before use, every
 * string must end inside its table, and anything not understood is refused.
 * The kernel adds its own limits: run-time writable data in one range of
 * whole pages (see iu_exec_mem.c), a bounded fuel budget and stack bound.
 */
#include <linux/elf.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "iu_image.h"

#ifndef DT_INIT_ARRAY
#define DT_INIT_ARRAY 25
#endif
#ifndef DT_FINI_ARRAY
#define DT_FINI_ARRAY 26
#endif
#ifndef DT_PREINIT_ARRAY
#define DT_PREINIT_ARRAY 32
#endif

#ifndef SHF_COMPRESSED
#define SHF_COMPRESSED 0x800
#endif

#define IU_PAGE 4096ull
#define IU_MAX_SPAN IU_IMAGE_SPAN_MAX
#define IU_MAX_RELOCS 65536u

struct iu_elf {
	const u8 *bytes;
	size_t len;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;      /* e_shnum entries, inside the file */
	unsigned int shnum;
	struct iu_image *img;
	struct iu_log *log;
};

static bool fits(u64 off, u64 len, u64 total)
{
	return off <= total && len <= total - off;
}

static const struct iu_img_seg *segment_of(const struct iu_image *img, u64 addr, u64 len)
{
	unsigned int i;

	for (i = 0; i < img->nsegs; i++) {
		const struct iu_img_seg *s = &img->segs[i];

		if (addr >= s->vaddr && fits(addr - s->vaddr, len, s->memsz))
			return s;
	}
	return NULL;
}

/* A string at offset off of string-table section strndx, or NULL. */
static const char *elf_str(const struct iu_elf *e, unsigned int strndx, u64 off)
{
	const Elf64_Shdr *st;
	const char *base;

	if (strndx == 0 || strndx >= e->shnum)
		return NULL;
	st = &e->sh[strndx];
	if (st->sh_type != SHT_STRTAB || !fits(st->sh_offset, st->sh_size, e->len) ||
	    off >= st->sh_size)
		return NULL;
	base = (const char *)e->bytes + st->sh_offset;
	if (!memchr(base + off, 0, st->sh_size - off))
		return NULL;
	return base + off;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct iu_img_seg *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static int check_segments(struct iu_elf *e)
{
	struct iu_image *img = e->img;
	bool have_relro = false;
	unsigned int i;

	for (i = 0; i < e->eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, e->bytes + e->eh->e_phoff + i * sizeof(ph), sizeof(ph));
		switch (ph.p_type) {
		case PT_LOAD:
			if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X)) {
				iu_log(e->log, "segment %u is both writable and executable", i);
				return -ENOEXEC;
			}
			if (ph.p_align != IU_PAGE || ph.p_vaddr % IU_PAGE != ph.p_offset % IU_PAGE) {
				iu_log(e->log, "segment %u is not page-aligned", i);
				return -ENOEXEC;
			}
			if (ph.p_filesz > ph.p_memsz || !fits(ph.p_offset, ph.p_filesz, e->len)) {
				iu_log(e->log, "segment %u lies outside the file", i);
				return -ENOEXEC;
			}
			if (ph.p_memsz == 0 || !fits(ph.p_vaddr, ph.p_memsz, IU_MAX_SPAN)) {
				iu_log(e->log, "segment %u has a bad size or address", i);
				return -ENOEXEC;
			}
			if (img->nsegs == ARRAY_SIZE(img->segs)) {
				iu_log(e->log, "too many loadable segments");
				return -ENOEXEC;
			}
			img->segs[img->nsegs++] = (struct iu_img_seg){
				ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags };
			break;
		case PT_GNU_RELRO:
			if (have_relro) {
				iu_log(e->log, "more than one PT_GNU_RELRO");
				return -ENOEXEC;
			}
			have_relro = true;
			if (ph.p_memsz > IU_MAX_SPAN || ph.p_vaddr > IU_MAX_SPAN) {
				iu_log(e->log, "PT_GNU_RELRO has a bad size or address");
				return -ENOEXEC;
			}
			img->relro_start = ph.p_vaddr;
			img->relro_end = ph.p_vaddr + ph.p_memsz;
			break;
		case PT_INTERP:
			iu_log(e->log, "image has an interpreter (PT_INTERP)");
			return -ENOEXEC;
		case PT_TLS:
			iu_log(e->log, "image has thread-local storage (PT_TLS)");
			return -ENOEXEC;
		case PT_GNU_STACK:
			if (ph.p_flags & PF_X) {
				iu_log(e->log, "image asks for an executable stack");
				return -ENOEXEC;
			}
			break;
		case PT_DYNAMIC:
		case PT_NOTE:
		case PT_NULL:
			break;
		default:
			iu_log(e->log, "unsupported program header type %u", ph.p_type);
			return -ENOEXEC;
		}
	}
	if (!img->nsegs) {
		iu_log(e->log, "no loadable segments");
		return -ENOEXEC;
	}
	sort(img->segs, img->nsegs, sizeof(img->segs[0]), cmp_seg, NULL);
	for (i = 1; i < img->nsegs; i++) {
		const struct iu_img_seg *prev = &img->segs[i - 1];

		if (img->segs[i].vaddr < round_up(prev->vaddr + prev->memsz, IU_PAGE)) {
			iu_log(e->log, "segments overlap");
			return -ENOEXEC;
		}
	}
	img->span = round_up(img->segs[img->nsegs - 1].vaddr + img->segs[img->nsegs - 1].memsz,
			     IU_PAGE);
	if (have_relro) {
		const struct iu_img_seg *s = segment_of(img, img->relro_start,
							img->relro_end - img->relro_start);

		if (!s || !(s->flags & PF_W) || img->relro_start != s->vaddr ||
		    img->relro_start % IU_PAGE) {
			iu_log(e->log, "PT_GNU_RELRO is not the start of a writable segment");
			return -ENOEXEC;
		}
	}
	/*
	 * Writable at run time: whatever writable segments hold beyond the
	 * RELRO part, widened to whole pages (iu_exec_mem.c gives them their
	 * own protection; segments never share a page, see above), in one
	 * range with no other segment inside.
	 */
	for (i = 0; i < img->nsegs; i++) {
		const struct iu_img_seg *s = &img->segs[i];
		u64 start = round_down(s->vaddr, IU_PAGE);
		u64 end = round_up(s->vaddr + s->memsz, IU_PAGE);

		if (!(s->flags & PF_W))
			continue;
		if (have_relro && start < img->relro_end) {
			if (s->vaddr + s->memsz <= img->relro_end)
				continue;	/* read-only after relocation */
			if (img->relro_end % IU_PAGE) {
				iu_log(e->log, "writable data shares a page with RELRO data");
				return -ENOEXEC;
			}
			start = img->relro_end;
		}
		if (!img->data_end || start < img->data_start)
			img->data_start = start;
		if (end > img->data_end)
			img->data_end = end;
	}
	for (i = 0; i < img->nsegs && img->data_end; i++) {
		const struct iu_img_seg *s = &img->segs[i];

		if (!(s->flags & PF_W) && s->vaddr < img->data_end &&
		    round_up(s->vaddr + s->memsz, IU_PAGE) > img->data_start) {
			iu_log(e->log, "a read-only segment lies between writable ones");
			return -ENOEXEC;
		}
	}
	return 0;
}

static int check_dynamic(struct iu_elf *e, const Elf64_Shdr *sh)
{
	u64 i, n;

	if (sh->sh_entsize != sizeof(Elf64_Dyn) || sh->sh_size % sizeof(Elf64_Dyn)) {
		iu_log(e->log, "malformed dynamic section");
		return -ENOEXEC;
	}
	n = sh->sh_size / sizeof(Elf64_Dyn);
	for (i = 0; i < n; i++) {
		Elf64_Dyn dyn;

		memcpy(&dyn, e->bytes + sh->sh_offset + i * sizeof(dyn), sizeof(dyn));
		switch (dyn.d_tag) {
		case DT_NEEDED:
			iu_log(e->log, "image depends on a shared library (DT_NEEDED)");
			return -ENOEXEC;
		case DT_INIT:
		case DT_FINI:
		case DT_INIT_ARRAY:
		case DT_FINI_ARRAY:
		case DT_PREINIT_ARRAY:
			iu_log(e->log, "image has initializers or finalizers");
			return -ENOEXEC;
		case DT_TEXTREL:
			iu_log(e->log, "image has text relocations");
			return -ENOEXEC;
		default:
			break;
		}
	}
	return 0;
}

static int check_dynsym(struct iu_elf *e, const Elf64_Shdr *sh)
{
	u64 i, n;

	if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_size % sizeof(Elf64_Sym)) {
		iu_log(e->log, "malformed dynamic symbol table");
		return -ENOEXEC;
	}
	n = sh->sh_size / sizeof(Elf64_Sym);
	for (i = 1; i < n; i++) {
		Elf64_Sym sym;
		const char *name;

		memcpy(&sym, e->bytes + sh->sh_offset + i * sizeof(sym), sizeof(sym));
		if (sym.st_shndx != SHN_UNDEF)
			continue;
		name = elf_str(e, sh->sh_link, sym.st_name);
		if (!name) {
			iu_log(e->log, "malformed dynamic symbol name");
			return -ENOEXEC;
		}
		if (iu_helper_index(name) < 0) {
			iu_log(e->log, "unknown helper '%.64s'", name);
			return -ENOEXEC;
		}
	}
	return 0;
}

static int read_relocations(struct iu_elf *e, const Elf64_Shdr *sh)
{
	struct iu_image *img = e->img;
	const Elf64_Shdr *symsh = NULL;
	u64 i, n, nsyms = 0;
	struct iu_img_reloc *grown;

	if (sh->sh_entsize != sizeof(Elf64_Rela) || sh->sh_size % sizeof(Elf64_Rela)) {
		iu_log(e->log, "malformed relocation section");
		return -ENOEXEC;
	}
	if (sh->sh_link < e->shnum && e->sh[sh->sh_link].sh_type == SHT_DYNSYM &&
	    e->sh[sh->sh_link].sh_entsize == sizeof(Elf64_Sym)) {
		symsh = &e->sh[sh->sh_link];
		nsyms = symsh->sh_size / sizeof(Elf64_Sym);
	}
	n = sh->sh_size / sizeof(Elf64_Rela);
	if (n > IU_MAX_RELOCS - img->nrelocs) {
		iu_log(e->log, "too many relocations");
		return -ENOEXEC;
	}
	grown = krealloc_array(img->relocs, img->nrelocs + n ? img->nrelocs + n : 1,
			       sizeof(*grown), GFP_KERNEL_ACCOUNT);
	if (!grown)
		return -ENOMEM;
	img->relocs = grown;
	for (i = 0; i < n; i++) {
		struct iu_img_reloc *rel = &img->relocs[img->nrelocs];
		const struct iu_img_seg *where;
		Elf64_Rela r;

		memcpy(&r, e->bytes + sh->sh_offset + i * sizeof(r), sizeof(r));
		rel->offset = r.r_offset;
		rel->type = ELF64_R_TYPE(r.r_info);
		rel->addend = r.r_addend;
		rel->helper = -1;
		where = segment_of(img, r.r_offset, 8);
		if (!where || !(where->flags & PF_W) || r.r_offset % 8) {
			iu_log(e->log, "relocation at 0x%llx does not target writable image memory",
			       r.r_offset);
			return -ENOEXEC;
		}
		switch (rel->type) {
		case R_X86_64_RELATIVE:
			if (ELF64_R_SYM(r.r_info) != 0 || r.r_addend < 0 ||
			    (u64)r.r_addend >= img->span) {
				iu_log(e->log, "R_X86_64_RELATIVE relocation points outside the image");
				return -ENOEXEC;
			}
			break;
		case R_X86_64_GLOB_DAT:
		case R_X86_64_JUMP_SLOT: {
			u64 symidx = ELF64_R_SYM(r.r_info);
			const char *name;
			Elf64_Sym sym;

			if (symidx == 0 || symidx >= nsyms) {
				iu_log(e->log, "relocation refers to a bad symbol index");
				return -ENOEXEC;
			}
			memcpy(&sym, e->bytes + symsh->sh_offset + symidx * sizeof(sym), sizeof(sym));
			name = elf_str(e, symsh->sh_link, sym.st_name);
			if (!name || !*name) {
				iu_log(e->log, "relocation refers to a symbol without a name");
				return -ENOEXEC;
			}
			if (sym.st_shndx != SHN_UNDEF || r.r_addend != 0) {
				iu_log(e->log, "unsupported relocation against '%.64s'", name);
				return -ENOEXEC;
			}
			rel->helper = iu_helper_index(name);
			if (rel->helper < 0) {
				iu_log(e->log, "unknown helper '%.64s'", name);
				return -ENOEXEC;
			}
			break;
		}
		default:
			iu_log(e->log, "unsupported relocation type %u", rel->type);
			return -ENOEXEC;
		}
		img->nrelocs++;
	}
	return 0;
}

static int read_note(struct iu_elf *e, const Elf64_Shdr *sh)
{
	struct iu_image *img = e->img;
	const u8 *p = e->bytes + sh->sh_offset;
	u64 off = 0, size = sh->sh_size;

	while (size - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		u64 name_off, desc_off, next;

		memcpy(&nh, p + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + ALIGN((u64)nh.n_namesz, 4);
		next = desc_off + ALIGN((u64)nh.n_descsz, 4);
		if (desc_off > size || next > size)
			break;
		if (nh.n_namesz == sizeof(IU_NOTE_NAME) &&
		    memcmp(p + name_off, IU_NOTE_NAME, sizeof(IU_NOTE_NAME)) == 0 &&
		    nh.n_type == IU_NOTE_META) {
			if (nh.n_descsz != sizeof(struct iu_note_meta)) {
				iu_log(e->log, "note has the wrong size");
				return -ENOEXEC;
			}
			memcpy(&img->note, p + desc_off, sizeof(img->note));
			if (img->note.abi_version != IU_ABI_VERSION) {
				iu_log(e->log, "image ABI version %u is not supported (expected %u)",
				       img->note.abi_version, IU_ABI_VERSION);
				return -ENOEXEC;
			}
			if (img->note.helper_abi_version != IU_HELPER_ABI_VERSION) {
				iu_log(e->log, "helper ABI version %u is not supported",
				       img->note.helper_abi_version);
				return -ENOEXEC;
			}
			if (!memchr(img->note.toolchain, 0, sizeof(img->note.toolchain)) ||
			    !memchr(img->note.license, 0, sizeof(img->note.license))) {
				iu_log(e->log, "malformed note strings");
				return -ENOEXEC;
			}
			if (img->note.fuel_budget == 0 || img->note.fuel_budget > IU_FUEL_MAX) {
				iu_log(e->log, "fuel budget %llu is outside the allowed range (1..%llu)",
				       img->note.fuel_budget, IU_FUEL_MAX);
				return -ENOEXEC;
			}
			/* What the iu stack really offers (iu_internal.h): its
			 * size less the run-state and guard pages and what the
			 * helpers and exceptions need. */
			if (img->note.stack_bound > IU_STACK_PROG_MAX) {
				iu_log(e->log, "stack bound %u is over the limit of %lu bytes",
				       img->note.stack_bound, (unsigned long)IU_STACK_PROG_MAX);
				return -ENOEXEC;
			}
			return 0;
		}
		off = next;
	}
	iu_log(e->log, "malformed .note.iu");
	return -ENOEXEC;
}

/*
 * A perf_event program's target, "cpu_clock/<hz>": the frequency in plain
 * decimal (what IU_PERF_EVENT writes; no sign, no leading zero, nothing
 * after it) within IU_PERF_EVENT_HZ_MIN..MAX. 0 if it is not that.
 */
static u32 perf_event_hz(const char *target)
{
	static const char prefix[] = "cpu_clock/";
	const char *s = target + sizeof(prefix) - 1;
	u32 hz = 0;

	if (strncmp(target, prefix, sizeof(prefix) - 1) || *s < '1' || *s > '9')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		hz = hz * 10 + (*s - '0');
		if (hz > IU_PERF_EVENT_HZ_MAX)
			return 0;
	}
	return hz >= IU_PERF_EVENT_HZ_MIN ? hz : 0;
}

/* A tracepoint program's target: names of letters, digits and '_' (as
 * tracepoint and trace event names are) separated by `slashes` '/', so it
 * cannot spell a path or an instance: "<category>/<event>" (1) for a
 * tracepoint program, the tracepoint's name (0) for a raw one. */
static bool tracepoint_target_ok(const char *target, unsigned int want_slashes)
{
	const char *s = target;
	unsigned int slashes = 0;
	size_t run = 0;

	for (; *s; s++) {
		if (*s == '/') {
			if (!run || ++slashes > want_slashes)
				return false;
			run = 0;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			   (*s >= '0' && *s <= '9') || *s == '_') {
			run++;
		} else {
			return false;
		}
	}
	return slashes == want_slashes && run;
}

static int read_programs(struct iu_elf *e, const Elf64_Shdr *sh)
{
	struct iu_image *img = e->img;
	u64 i, n;

	if (sh->sh_type != SHT_PROGBITS || sh->sh_size == 0 ||
	    sh->sh_size % sizeof(struct iu_prog_desc)) {
		iu_log(e->log, "malformed program table");
		return -ENOEXEC;
	}
	if (sh->sh_addr < img->relro_start ||
	    !fits(sh->sh_addr - img->relro_start, sh->sh_size, img->relro_end - img->relro_start)) {
		iu_log(e->log, "program table is not in the read-only-after-relocation segment");
		return -ENOEXEC;
	}
	n = sh->sh_size / sizeof(struct iu_prog_desc);
	if (n > IU_MAX_PROGS) {
		iu_log(e->log, "more than %u programs", IU_MAX_PROGS);
		return -ENOEXEC;
	}
	for (i = 0; i < n; i++) {
		struct iu_img_prog *p = &img->progs[img->nprogs];
		const struct iu_img_seg *code;
		struct iu_prog_desc d;
		u64 field;
		unsigned int j;
		bool found = false;

		memcpy(&d, e->bytes + sh->sh_offset + i * sizeof(d), sizeof(d));
		if (d.magic != IU_PROG_MAGIC) {
			iu_log(e->log, "program table entry %llu has a bad magic number", i);
			return -ENOEXEC;
		}
		if (d.type != IU_PROG_KPROBE && d.type != IU_PROG_TRACEPOINT &&
		    d.type != IU_PROG_KRETPROBE && d.type != IU_PROG_FENTRY &&
		    d.type != IU_PROG_FEXIT && d.type != IU_PROG_PERF_EVENT &&
		    d.type != IU_PROG_RAW_TRACEPOINT) {
			/* Also what an older reader says of a newer iu-cc's type. */
			iu_log(e->log, "program table entry %llu has an unknown program type %u (this version knows 1 kprobe, 2 tracepoint, 3 kretprobe, 4 fentry, 5 fexit, 6 perf_event, 7 raw_tracepoint; an image made by a newer iu-cc needs a newer iu.ko and libiu)",
			       i, d.type);
			return -ENOEXEC;
		}
		if (!memchr(d.name, 0, sizeof(d.name)) || !d.name[0] ||
		    !memchr(d.target, 0, sizeof(d.target)) || !d.target[0]) {
			iu_log(e->log, "program table entry %llu has a malformed name or attach target",
			       i);
			return -ENOEXEC;
		}
		p->type = d.type;
		strscpy(p->name, d.name, sizeof(p->name));
		strscpy(p->target, d.target, sizeof(p->target));
		p->perf_hz = 0;
		if (p->type == IU_PROG_PERF_EVENT) {
			p->perf_hz = perf_event_hz(p->target);
			if (!p->perf_hz) {
				iu_log(e->log, "perf_event program '%s' has a bad target '%s' (expected cpu_clock/<hz>, hz a decimal number from %u to %u)",
				       p->name, p->target, IU_PERF_EVENT_HZ_MIN, IU_PERF_EVENT_HZ_MAX);
				return -ENOEXEC;
			}
		}
		if (p->type == IU_PROG_TRACEPOINT && !tracepoint_target_ok(p->target, 1)) {
			iu_log(e->log, "tracepoint program '%s' has a bad target '%s' (expected <category>/<event>)",
			       p->name, p->target);
			return -ENOEXEC;
		}
		if (p->type == IU_PROG_RAW_TRACEPOINT && !tracepoint_target_ok(p->target, 0)) {
			iu_log(e->log, "raw tracepoint program '%s' has a bad target '%s' (expected a tracepoint's name)",
			       p->name, p->target);
			return -ENOEXEC;
		}
		field = sh->sh_addr + i * sizeof(d) + offsetof(struct iu_prog_desc, entry);
		for (j = 0; j < img->nrelocs; j++) {
			if (img->relocs[j].offset == field) {
				found = img->relocs[j].type == R_X86_64_RELATIVE;
				p->entry = img->relocs[j].addend;
				break;
			}
		}
		if (!found) {
			iu_log(e->log, "program '%s' has no relocated entry address", p->name);
			return -ENOEXEC;
		}
		code = segment_of(img, p->entry, 1);
		if (!code || !(code->flags & PF_X)) {
			iu_log(e->log, "entry of program '%s' is outside the image's code", p->name);
			return -ENOEXEC;
		}
		for (j = 0; j < img->nprogs; j++) {
			if (!strcmp(img->progs[j].name, p->name)) {
				iu_log(e->log, "two programs are named '%s'", p->name);
				return -ENOEXEC;
			}
		}
		img->nprogs++;
	}
	return 0;
}

/* A name BPF accepts (bpf_obj_name_cpy: letters, digits, '_' and '.'),
 * non-empty and terminated inside its field. */
static bool good_name(const char *name, size_t size)
{
	size_t i;

	if (!memchr(name, 0, size) || !name[0])
		return false;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.'))
			return false;
	}
	return true;
}

static bool map_sizes_ok(const struct iu_map_desc *d)
{
	bool array = d->type == IU_MAP_ARRAY || d->type == IU_MAP_PERCPU_ARRAY;

	if (d->type == IU_MAP_EVENTS)
		return d->key_size == 0 && d->max_entries == 0 && d->flags == 0 &&
		       d->value_size > 0 && d->value_size <= IU_MAP_VALUE_MAX;
	if (array ? d->key_size != 4 : d->key_size == 0 || d->key_size > IU_MAP_KEY_MAX)
		return false;
	if (d->value_size == 0 || d->value_size > IU_MAP_VALUE_MAX)
		return false;
	if (d->max_entries == 0 || d->max_entries > IU_MAP_ENTRIES_MAX)
		return false;
	if ((u64)(d->key_size + d->value_size) * d->max_entries > IU_MAP_BYTES_MAX)
		return false;
	if (d->flags & ~IU_MAP_F_INTEGER_VALUE)
		return false;
	return !(d->flags & IU_MAP_F_INTEGER_VALUE) || d->value_size == 4 || d->value_size == 8;
}

/* .maps: the descriptors of the image's maps, in read-only data. The image
 * names a map by its descriptor's address, so the table must not move or
 * change: it lives in a segment that is never writable. */
static int read_maps(struct iu_elf *e, const Elf64_Shdr *sh)
{
	struct iu_image *img = e->img;
	const struct iu_img_seg *seg;
	u64 i, n;

	seg = segment_of(img, sh->sh_addr, sh->sh_size);
	if (sh->sh_type != SHT_PROGBITS || sh->sh_size % sizeof(struct iu_map_desc) ||
	    sh->sh_addr % 8 || !(sh->sh_flags & SHF_ALLOC) || !seg) {
		iu_log(e->log, "malformed map table (.maps)");
		return -ENOEXEC;
	}
	if ((seg->flags & PF_W) || (sh->sh_flags & SHF_WRITE)) {
		iu_log(e->log, "map table (.maps) is in a writable segment");
		return -ENOEXEC;
	}
	n = sh->sh_size / sizeof(struct iu_map_desc);
	if (n > IU_MAPS_MAX) {
		iu_log(e->log, "more than %u maps", IU_MAPS_MAX);
		return -ENOEXEC;
	}
	img->maps_addr = sh->sh_addr;
	for (i = 0; i < n; i++) {
		struct iu_img_map *m = &img->maps[i];
		struct iu_map_desc d;
		unsigned int j;

		memcpy(&d, e->bytes + sh->sh_offset + i * sizeof(d), sizeof(d));
		if (d.magic != IU_MAP_MAGIC) {
			iu_log(e->log, "map table entry %llu has a bad magic number", i);
			return -ENOEXEC;
		}
		if (!good_name(d.name, sizeof(d.name))) {
			iu_log(e->log, "map table entry %llu has a malformed name", i);
			return -ENOEXEC;
		}
		if (d.type < IU_MAP_ARRAY || d.type > IU_MAP_EVENTS) {
			iu_log(e->log, "map '%s' has an unknown type %u", d.name, d.type);
			return -ENOEXEC;
		}
		if (!map_sizes_ok(&d)) {
			iu_log(e->log, "map '%s' has bad sizes or flags (key %u, value %u, entries %u)",
			       d.name, d.key_size, d.value_size, d.max_entries);
			return -ENOEXEC;
		}
		/* values is the host's to write: an address in the file would
		 * be one the image chose. */
		if (d.values || d.reserved) {
			iu_log(e->log, "map '%s' has a nonzero values or reserved field", d.name);
			return -ENOEXEC;
		}
		for (j = 0; j < img->nmaps; j++) {
			if (!strcmp(img->maps[j].name, d.name)) {
				iu_log(e->log, "two maps are named '%s'", d.name);
				return -ENOEXEC;
			}
		}
		m->type = d.type;
		m->key_size = d.key_size;
		m->value_size = d.value_size;
		m->max_entries = d.max_entries;
		m->flags = d.flags;
		strscpy(m->name, d.name, sizeof(m->name));
		img->nmaps++;
	}
	return 0;
}

static bool config_size_ok(u32 kind, u32 size)
{
	switch (kind) {
	case IU_CONFIG_INT:
	case IU_CONFIG_UINT:
		return size == 1 || size == 2 || size == 4 || size == 8;
	case IU_CONFIG_BOOL:
		return size == 1;
	case IU_CONFIG_CHARS:
	case IU_CONFIG_BYTES:
		return size > 0 && size <= IU_CONFIG_VALUE_MAX;
	case IU_CONFIG_CORE:
		return size == sizeof(struct iu_core_value);
	case IU_CONFIG_TP_FIELD:
		return size == sizeof(struct iu_tp_field_value);
	case IU_CONFIG_ARGS:
		return size == sizeof(struct iu_args_value);
	default:
		return false;
	}
}

/* .iu.config: records of IU_CONFIG values, in RELRO (written by the host
 * before the image runs, read-only after). Nothing else may write there:
 * no relocation targets it. */
static int read_config(struct iu_elf *e, const Elf64_Shdr *sh)
{
	struct iu_image *img = e->img;
	u64 off = 0;
	unsigned int i;

	if (sh->sh_type != SHT_PROGBITS || sh->sh_addr % 8 || !(sh->sh_flags & SHF_ALLOC) ||
	    sh->sh_size == 0 || sh->sh_size > IU_CONFIG_SECTION_MAX) {
		iu_log(e->log, "malformed configuration section (.iu.config)");
		return -ENOEXEC;
	}
	if (sh->sh_addr < img->relro_start ||
	    !fits(sh->sh_addr - img->relro_start, sh->sh_size, img->relro_end - img->relro_start)) {
		iu_log(e->log, "configuration section is not in the read-only-after-relocation segment");
		return -ENOEXEC;
	}
	for (i = 0; i < img->nrelocs; i++) {
		if (img->relocs[i].offset + 8 > sh->sh_addr &&
		    img->relocs[i].offset < sh->sh_addr + sh->sh_size) {
			iu_log(e->log, "a relocation writes into the configuration section");
			return -ENOEXEC;
		}
	}
	img->config_addr = sh->sh_addr;
	img->config_size = sh->sh_size;
	img->config_offset = sh->sh_offset;
	while (off < sh->sh_size) {
		struct iu_img_config *c = &img->configs[img->nconfigs];
		struct iu_config_desc d;
		unsigned int j;

		if (!fits(off, sizeof(d), sh->sh_size)) {
			iu_log(e->log, "configuration section ends inside a record");
			return -ENOEXEC;
		}
		memcpy(&d, e->bytes + sh->sh_offset + off, sizeof(d));
		if (d.magic != IU_CONFIG_MAGIC || !good_name(d.name, sizeof(d.name)) || d.reserved) {
			iu_log(e->log, "configuration record at offset %llu is malformed", off);
			return -ENOEXEC;
		}
		if (!config_size_ok(d.kind, d.size) ||
		    !fits(off, iu_config_record_size(d.size), sh->sh_size)) {
			iu_log(e->log, "configuration '%s' has a bad kind or size (%u, %u bytes)",
			       d.name, d.kind, d.size);
			return -ENOEXEC;
		}
		if (img->nconfigs == IU_MAX_CONFIGS) {
			iu_log(e->log, "more than %u configurations", IU_MAX_CONFIGS);
			return -ENOEXEC;
		}
		for (j = 0; j < img->nconfigs; j++) {
			if (!strcmp(img->configs[j].name, d.name)) {
				iu_log(e->log, "two configurations are named '%s'", d.name);
				return -ENOEXEC;
			}
		}
		c->kind = d.kind;
		c->size = d.size;
		c->offset = off + sizeof(d);
		strscpy(c->name, d.name, sizeof(c->name));
		img->nconfigs++;
		if (iu_config_kind_is_runtime(d.kind))
			img->nruntime++;
		off += iu_config_record_size(d.size);
	}
	return 0;
}

int iu_image_check_config(const struct iu_image *img, const u8 *bytes, const u8 *config,
			  size_t len, struct iu_log *log)
{
	const u8 *image_config = bytes + img->config_offset;
	u64 header = 0;
	unsigned int i;

	if (len != img->config_size) {
		iu_log(log, "configuration is %zu bytes, the image's .iu.config %llu", len,
		       img->config_size);
		return -EINVAL;
	}
	for (i = 0; i < img->nconfigs; i++) {
		const struct iu_img_config *c = &img->configs[i];

		header = c->offset - sizeof(struct iu_config_desc);
		if (memcmp(config + header, image_config + header, sizeof(struct iu_config_desc))) {
			iu_log(log, "configuration record of '%s' differs from the image's", c->name);
			return -EINVAL;
		}
		if (c->kind == IU_CONFIG_BOOL && config[c->offset] > 1) {
			iu_log(log, "configuration '%s' is a bool but holds %u", c->name,
			       config[c->offset]);
			return -EINVAL;
		}
	}
	return 0;
}

int iu_image_parse(const u8 *bytes, size_t len, struct iu_image *img, struct iu_log *log)
{
	struct iu_elf e = { .bytes = bytes, .len = len, .img = img, .log = log };
	const Elf64_Shdr *progs = NULL, *note = NULL, *maps = NULL, *config = NULL;
	const Elf64_Ehdr *eh;
	unsigned int i;
	int ret;

	memset(img, 0, sizeof(*img));
	if (len < SELFMAG || memcmp(bytes, ELFMAG, SELFMAG) != 0) {
		iu_log(log, "not an ELF file");
		return -ENOEXEC;
	}
	if (len < sizeof(Elf64_Ehdr)) {
		iu_log(log, "ELF header is truncated");
		return -ENOEXEC;
	}
	eh = e.eh = (const Elf64_Ehdr *)bytes;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		iu_log(log, "not a 64-bit little-endian ELF file");
		return -ENOEXEC;
	}
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT) {
		iu_log(log, "unknown ELF version");
		return -ENOEXEC;
	}
	if (eh->e_machine != EM_X86_64) {
		iu_log(log, "wrong machine %u (expected x86-64)", eh->e_machine);
		return -ENOEXEC;
	}
	if (eh->e_type != ET_DYN) {
		iu_log(log, "not a position-independent image (ELF type %u)", eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    !fits(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), len)) {
		iu_log(log, "program headers lie outside the file (truncated?)");
		return -ENOEXEC;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    !fits(eh->e_shoff, (u64)eh->e_shnum * sizeof(Elf64_Shdr), len) ||
	    eh->e_shoff % 8 || eh->e_phoff % 8) {
		iu_log(log, "section headers lie outside the file (truncated?)");
		return -ENOEXEC;
	}
	e.sh = (const Elf64_Shdr *)(bytes + eh->e_shoff);
	e.shnum = eh->e_shnum;
	ret = check_segments(&e);
	if (ret)
		goto fail;
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= e.shnum) {
		iu_log(log, "cannot read section names");
		ret = -ENOEXEC;
		goto fail;
	}
	for (i = 1; i < e.shnum; i++) {
		const Elf64_Shdr *sh = &e.sh[i];
		const struct iu_img_seg *s;
		const char *name;

		if (sh->sh_type != SHT_NOBITS && !fits(sh->sh_offset, sh->sh_size, len)) {
			iu_log(log, "section lies outside the file (truncated?)");
			ret = -ENOEXEC;
			goto fail;
		}
		name = elf_str(&e, eh->e_shstrndx, sh->sh_name);
		if (!name) {
			iu_log(log, "malformed section name");
			ret = -ENOEXEC;
			goto fail;
		}
		/* Its bytes would not be what they say (nor what libelf,
		 * which iu-sign show reads with, makes of them). */
		if (sh->sh_flags & SHF_COMPRESSED) {
			iu_log(log, "section %.64s is compressed", name);
			ret = -ENOEXEC;
			goto fail;
		}
		if ((sh->sh_flags & SHF_ALLOC) && sh->sh_size && sh->sh_type != SHT_NOBITS) {
			s = segment_of(img, sh->sh_addr, sh->sh_size);
			if (!s || sh->sh_offset - s->offset != sh->sh_addr - s->vaddr ||
			    sh->sh_offset < s->offset ||
			    !fits(sh->sh_offset - s->offset, sh->sh_size, s->filesz)) {
				iu_log(log, "section %.64s is not inside a segment", name);
				ret = -ENOEXEC;
				goto fail;
			}
		}
		if ((sh->sh_flags & SHF_WRITE) && (sh->sh_flags & SHF_EXECINSTR)) {
			iu_log(log, "section %.64s is both writable and executable", name);
			ret = -ENOEXEC;
			goto fail;
		}
		ret = 0;
		switch (sh->sh_type) {
		case SHT_REL:
			iu_log(log, "REL relocations are not supported");
			ret = -ENOEXEC;
			break;
		case SHT_DYNAMIC:
			ret = check_dynamic(&e, sh);
			break;
		case SHT_DYNSYM:
			ret = check_dynsym(&e, sh);
			break;
		default:
			break;
		}
		if (ret)
			goto fail;
		/* One of each: with two, readers could disagree on which one
		 * the image means (iu-sign show would list other programs). */
		if ((!strcmp(name, ".iu.progs") && progs) || (!strcmp(name, ".note.iu") && note) ||
		    (!strcmp(name, ".maps") && maps) || (!strcmp(name, ".iu.config") && config)) {
			iu_log(log, "more than one %s section", name);
			ret = -ENOEXEC;
			goto fail;
		}
		if (!strcmp(name, ".iu.progs"))
			progs = sh;
		else if (!strcmp(name, ".note.iu"))
			note = sh;
		else if (!strcmp(name, ".maps"))
			maps = sh;
		else if (!strcmp(name, ".iu.config"))
			config = sh;
	}
	for (i = 1; i < e.shnum; i++) {
		if (e.sh[i].sh_type == SHT_RELA && (e.sh[i].sh_flags & SHF_ALLOC)) {
			ret = read_relocations(&e, &e.sh[i]);
			if (ret)
				goto fail;
		}
	}
	if (!note || note->sh_type == SHT_NOBITS) {
		iu_log(log, "image has no .note.iu");
		ret = -ENOEXEC;
		goto fail;
	}
	ret = read_note(&e, note);
	if (ret)
		goto fail;
	if (!progs) {
		iu_log(log, "image has no program table (.iu.progs)");
		ret = -ENOEXEC;
		goto fail;
	}
	ret = read_programs(&e, progs);
	if (ret)
		goto fail;
	if (maps && maps->sh_size) {
		ret = read_maps(&e, maps);
		if (ret)
			goto fail;
	}
	if (config) {
		ret = read_config(&e, config);
		if (ret)
			goto fail;
	}
	/* The note, written by iu-cc from what the checker recorded, and the
	 * tables the linker made must agree: a map or configuration lost or
	 * duplicated on the way is refused, not loaded with a different set.
	 * Kernel type and trace event fields are records of the runtime's, not
	 * IU_CONFIGs: the note does not count them (whatever their offsets,
	 * reads stay safe). */
	if (img->note.map_count != img->nmaps ||
	    img->note.config_count != img->nconfigs - img->nruntime) {
		iu_log(log, "the image has %u map%s and %u configuration%s, its note says %u and %u",
		       img->nmaps, img->nmaps == 1 ? "" : "s", img->nconfigs - img->nruntime,
		       img->nconfigs - img->nruntime == 1 ? "" : "s", img->note.map_count,
		       img->note.config_count);
		ret = -ENOEXEC;
		goto fail;
	}
	return 0;
fail:
	iu_image_free(img);
	return ret;
}

void iu_image_free(struct iu_image *img)
{
	kfree(img->relocs);
	img->relocs = NULL;
	img->nrelocs = 0;
}
