/* User-space stand-in for <linux/overflow.h> (see ../iu_kernel_shim.h). */

