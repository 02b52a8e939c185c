/* An image whose iu sections are malformed: a note too short for
 * struct iu_note_meta and a program table that is not a whole number of
 * entries. iu-sign show must describe it without trusting either. */
#include "iu/abi.h"

__attribute__((section(".note.iu"), used, aligned(4)))
static const struct {
	iu_u32 namesz, descsz, type;
	char name[4];
	iu_u32 desc[2];
} note = {sizeof(IU_NOTE_NAME), 8, IU_NOTE_META, IU_NOTE_NAME, {1, 2}};

__attribute__((section(".iu.progs"), used))
static const char progs[5] = "abcd";
