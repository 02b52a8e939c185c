// A user header reached through a symlink.
#pragma once
inline int linked_header() { return 2; }
