/* User-space stand-in for <linux/sort.h> (see ../iu_kernel_shim.h). */

