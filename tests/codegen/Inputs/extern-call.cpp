// Input for verify-ir.test: a call the checker would refuse in user code,
// compiled without it so that the pass sees the call.
extern "C" long not_a_helper(long);
extern "C" long prog(long x) { return not_a_helper(x) + 1; }
