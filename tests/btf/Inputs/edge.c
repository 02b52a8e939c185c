// Kernel-like types for iu-btf's tests, compiled to BTF by clang -g
// (-target bpf): every case the generator maps, renames or skips.
typedef unsigned char u8;
typedef unsigned int u32;
typedef long long s64;
typedef _Bool bool_t;
struct inner { u32 a; };
struct pointed;                       /* only declared: pointed to */
struct only_pointed { int x; };       /* defined but only pointed to */
typedef struct { int counter; } atomic_t;
typedef struct only_pointed *op_ptr;
enum small { SMALL_A = 1, SMALL_B = 2 };
enum neg { NEG_A = -1 };
union named_union { u32 word; u8 bytes[4]; };
struct new { int class; };             /* C++ keywords as names */
struct edge {
  int i; unsigned short us; s64 ll; char c; signed char sc; unsigned char uc; bool_t flag;
  const volatile u32 cv;
  char comm[16];
  u8 raw[3];
  int grid[2][3];
  struct inner *ptrs[4];
  struct inner items[2];                /* array of structs: skipped */
  struct inner in;                      /* embedded: defined first */
  union named_union nu;                 /* a named union by value: a struct */
  struct pointed *p;
  struct only_pointed *op;
  op_ptr typedef_ptr;
  void *vp;
  int *ip;
  int (*fn)(int);
  enum small e;
  enum neg en;
  atomic_t refs;                        /* a named member of an unnamed type */
  union { u32 anon_a; struct { u8 anon_b; u8 anon_c; }; };
  unsigned int bits : 3;
  unsigned int more_bits : 5;
  struct new new;
  int private;
  int delete;
  int edge;                             /* the struct's own name */
  int only_pointed;                     /* a member named like a type used here */
  int this_member_name_is_long_enough_to_overflow;
  __int128 wide;
  struct {} empty;
  int flex[];
};
struct edge e_var;
union named_union u_var;
struct new n_var;
