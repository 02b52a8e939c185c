/* User-space stand-in for <linux/slab.h> (see ../iu_kernel_shim.h). */

