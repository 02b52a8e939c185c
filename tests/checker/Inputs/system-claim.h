// A user header that claims to be a system header.
#pragma clang system_header
inline int *claims_to_be_system() { return nullptr; }
