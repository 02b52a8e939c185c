// A user header: checked as user code, wherever it is included from (and
// refused where it lies outside the user's header directories).
#pragma once
inline int *from_user_header() { return nullptr; }
