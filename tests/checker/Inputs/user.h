// A user header: iu-include-outside-runtime refuses to include it, and its
// code is checked as user code anyway.
#pragma once
inline int *from_user_header() { return nullptr; }
