/* User-space stand-in for <linux/elf.h> (see ../iu_kernel_shim.h). */
#include <elf.h>
