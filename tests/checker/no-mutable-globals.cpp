// RUN: %iucc -fsyntax-only -Xclang -verify %s
// iu-no-mutable-globals: globals are constants with constant initializers.
#include <iu/iu.h>

namespace {

constexpr int kLimit = 10;                        // OK
constinit const int kOther = 3;                   // OK
const int kPlain = 4;                             // OK: const with a constant initializer
constexpr iu::u64 kTable[] = {1, 2, 3};           // OK
struct Config {
  int a;
  int b;
};
constexpr Config kConfig{1, 2};                   // OK

int counter = 0;                                  // expected-error {{mutable global variables are not allowed in extensions [iu-no-mutable-globals]}} expected-note {{runtime map}}
constinit int seen = 0;                           // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}
Config config{1, 2};                              // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}
int many[4];                                      // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}

struct WithMutable {
  mutable int cache;
};
const WithMutable kSneaky{0};                     // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}

struct Holder {
  static int shared;                              // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}
  static inline int inline_shared = 0;            // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}
  static constexpr int kFine = 1;                 // OK
};

template <class T> T per_type{};                  // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}
int use_template() { return per_type<int>; }

#define GLOBAL(name) int name = 0
GLOBAL(via_macro);                                // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}

int prog(const iu::kprobe_ctx &) {
  return kLimit + kOther + kPlain + static_cast<int>(kTable[1]) + kConfig.a + counter + seen +
         config.b + many[0] + kSneaky.cache + Holder::inline_shared +
         Holder::kFine + use_template() + via_macro;
}

// The runtime's maps and configurations are the writable globals allowed.
IU_MAP(counts, iu::hash_map<iu::u32, iu::u64, 16>);        // OK
IU_CONFIG(iu::u32, target_pid, 0);                          // OK

// A user type cannot claim to be one by its annotation.
struct [[clang::annotate("iu::config")]] FakeConfig {       // expected-error {{attribute}} expected-note {{allowed attributes}}
  int value;
};
FakeConfig fake{1};                                         // expected-error {{mutable global variables are not allowed}} expected-note {{runtime map}}

int with_maps(const iu::kprobe_ctx &) {
  counts.add(target_pid, 1);
  return fake.value;
}

} // namespace

IU_KPROBE(__seccomp_filter, prog);
IU_KPROBE(__seccomp_filter, with_maps);
