// Another user header, reached through `..` and through a symlink.
#pragma once
inline int other_header() { return 1; }
