// A user header that includes a C library header: extensions have no C
// library (iu-cc compiles with -nostdinc), so the include itself fails.
#pragma once
#include <string.h>
inline int helper() { return 1; }
