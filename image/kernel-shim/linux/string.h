/* User-space stand-in for <linux/string.h> (see ../iu_kernel_shim.h). */
#include <string.h>
