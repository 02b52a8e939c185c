/* A stand-in for an iu-cc image: the sections iu-sign show reads (.note.iu,
 * .iu.progs) and two helper imports, built with plain clang -shared. */
#include "iu/abi.h"

struct iu_note {
	iu_u32 namesz, descsz, type;
	char name[4];
	struct iu_note_meta desc;
};

__attribute__((section(".note.iu"), used, aligned(4)))
static const struct iu_note note = {
	sizeof(IU_NOTE_NAME), sizeof(struct iu_note_meta), IU_NOTE_META,
	IU_NOTE_NAME,
	{IU_ABI_VERSION, 3, IU_HELPER_ABI_VERSION, 512, 1000000,
	 "iu-cc 0.1.0 (test)", "GPL"},
};

__attribute__((section(".iu.progs"), used))
static const struct iu_prog_desc progs[] = {
	{IU_PROG_MAGIC, IU_PROG_KPROBE, "tracex5", "__seccomp_filter", 0, {0, 0}},
	{IU_PROG_MAGIC, IU_PROG_TRACEPOINT, "on_write", "syscalls/sys_enter_write", 0, {0, 0}},
};

long entry(void)
{
	char buf[4] = "hi\n";
	return (long)iu_ktime_get_ns() + iu_trace_printk(buf, 3);
}
