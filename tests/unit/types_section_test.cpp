// Section .iu.types: the strict parser on malformed text, the encoder, the
// merge of per-file records, the checks against the image's maps and
// configurations, and the section found in (and damaged in) a real image.
#include <cstring>
#include <elf.h>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

#include <iu/image.h>
#include <iu/types_section.h>

namespace {

// A well-formed record: u32, a struct { u32 pid; bool on; char tag[3]; },
// an array of two u32, a hash map keyed by the struct, an events channel of
// the array, a configuration of type u32.
const char kGood[] = R"({"format":"iu-types","version":1,
"types":[
{"kind":"int","name":"iu::u32","size":4,"signed":false},
{"kind":"bool","name":"bool","size":1},
{"kind":"chars","name":"char[3]","size":3},
{"kind":"struct","name":"key_t","size":8,"fields":[{"name":"pid","offset":0,"type":0},{"name":"on","offset":4,"type":1},{"name":"tag","offset":5,"type":2}]},
{"kind":"array","name":"iu::u32[2]","size":8,"elem":0,"count":2},
{"kind":"enum","name":"color","size":2,"signed":true}],
"maps":{"counts":{"key":3,"value":0},"events":{"value":4}},
"configs":{"pid":0}})";

std::string parse_error(const std::string &text) {
  iu::TypeTable t;
  std::string err;
  if (iu::parse_type_table(text, &t, &err))
    return "(accepted)";
  return err;
}

// kGood with one substring replaced.
std::string good_with(const std::string &from, const std::string &to) {
  std::string s = kGood;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST(TypesSection, ParsesAndRoundTrips) {
  iu::TypeTable t;
  std::string err;
  ASSERT_TRUE(iu::parse_type_table(kGood, &t, &err)) << err;
  ASSERT_EQ(t.types.size(), 6u);
  EXPECT_EQ(t.types[0].kind, iu::TypeDesc::Int);
  EXPECT_EQ(t.types[0].name, "iu::u32");
  EXPECT_FALSE(t.types[0].is_signed);
  EXPECT_EQ(t.types[2].kind, iu::TypeDesc::Chars);
  EXPECT_EQ(t.types[2].count, 3u);
  EXPECT_EQ(t.types[2].elem, iu::kNoType);
  const iu::TypeDesc &s = t.types[3];
  EXPECT_EQ(s.kind, iu::TypeDesc::Struct);
  ASSERT_EQ(s.fields.size(), 3u);
  EXPECT_EQ(s.fields[2].name, "tag");
  EXPECT_EQ(s.fields[2].offset, 5u);
  EXPECT_EQ(s.fields[2].type, 2u);
  EXPECT_EQ(t.types[4].elem, 0u);
  EXPECT_EQ(t.types[4].count, 2u);
  EXPECT_TRUE(t.types[5].is_signed);
  EXPECT_EQ(t.maps.at("counts").key, 3u);
  EXPECT_EQ(t.maps.at("events").key, iu::kNoType);
  EXPECT_EQ(t.maps.at("events").value, 4u);
  EXPECT_EQ(t.configs.at("pid"), 0u);

  std::string text = iu::encode_type_table(t);
  iu::TypeTable again;
  ASSERT_TRUE(iu::parse_type_table(text, &again, &err)) << err;
  EXPECT_EQ(iu::encode_type_table(again), text);
}

TEST(TypesSection, RefusesMalformedText) {
  struct Case {
    std::string text, error;
  };
  const Case cases[] = {
      {"", ".iu.types: malformed: unexpected end of text at byte 0"},
      {"[]", ".iu.types: not an object"},
      {std::string(kGood) + "x", ".iu.types: malformed: text after the end of the document"},
      {"{\"format\":\"iu-types\",\"format\":\"iu-types\"}", ".iu.types: malformed: duplicate key"},
      {"{\"format\":\"iu-types\\n\"}", ".iu.types: malformed: a string holds a byte it may not"},
      {"{\"format\":\"iu-types\x01\"}", ".iu.types: malformed: a string holds a byte it may not"},
      {"{\"format\":\"iu-t\xc3\xbcpes\"}", ".iu.types: malformed: a string holds a byte it may not"},
      {"{\"format\":\"iu-types", ".iu.types: malformed: unterminated string"},
      {"{\"version\":01}", ".iu.types: malformed: a number has a leading zero"},
      {"{\"version\":-1}", ".iu.types: malformed: unexpected character"},
      {"{\"version\":1.0}", ".iu.types: malformed: numbers are integers"},
      {"{\"version\":99999999999}", ".iu.types: malformed: a number is too large"},
      {"{\"version\":null}", ".iu.types: malformed: unexpected character"},
      {"{\"a\":[[[[[[[[[[1]]]]]]]]]]}", ".iu.types: malformed: nested too deeply"},
      {"{\"format\":\"iu-types\"}", ".iu.types: document: \"version\" is missing"},
      {"{\"format\":\"elf\",\"version\":1}", ".iu.types: document: format is \"elf\""},
      {"{\"format\":\"iu-types\",\"version\":2}",
       ".iu.types: version 2 is not supported (this reader knows version 1)"},
      {good_with("\"configs\"", "\"extra\":1,\"configs\""),
       ".iu.types: document: unknown key \"extra\""},
      {good_with("\"types\":[", "\"types\":{\"a\":1},\"x\":["), ".iu.types: document: \"types\" has the wrong type"},
      {good_with("\"kind\":\"bool\"", "\"kind\":\"float\""), ".iu.types: type 1: unknown kind \"float\""},
      {good_with("\"kind\":\"bool\",\"name\":\"bool\",\"size\":1", "\"kind\":\"bool\",\"name\":\"bool\",\"size\":2"),
       ".iu.types: type 1: a bool of 2 bytes"},
      {good_with("\"size\":4,\"signed\":false", "\"size\":3,\"signed\":false"),
       ".iu.types: type 0: an integer of 3 bytes"},
      {good_with("\"size\":4,\"signed\":false", "\"size\":4"), ".iu.types: type 0: \"signed\" is missing"},
      {good_with("\"size\":4,\"signed\":false", "\"size\":4,\"signed\":0"),
       ".iu.types: type 0: \"signed\" has the wrong type"},
      {good_with("\"size\":4,\"signed\":false", "\"size\":4,\"signed\":false,\"bits\":32"),
       ".iu.types: type 0: unknown key \"bits\""},
      {good_with("\"name\":\"bool\",\"size\":1", "\"name\":\"bool\",\"size\":0"),
       ".iu.types: type 1: size 0 is out of range"},
      {good_with("\"name\":\"bool\",\"size\":1", "\"name\":\"bool\",\"size\":70000"),
       ".iu.types: type 1: size 70000 is out of range"},
      {good_with("\"elem\":0", "\"elem\":4"), ".iu.types: type 4: element type 4 is not an earlier type"},
      {good_with("\"elem\":0", "\"elem\":5"), ".iu.types: type 4: element type 5 is not an earlier type"},
      {good_with("\"count\":2", "\"count\":3"),
       ".iu.types: type 4: size 8 is not 3 elements of 4 bytes"},
      {good_with("\"count\":2", "\"count\":0"), ".iu.types: type 4: size 8 is not 0 elements"},
      {good_with("\"offset\":5,\"type\":2", "\"offset\":6,\"type\":2"),
       ".iu.types: type 3 field 2: lies outside its struct of 8 bytes"},
      {good_with("\"offset\":4,\"type\":1", "\"offset\":3,\"type\":1"),
       ".iu.types: type 3 field 1: offset 3 overlaps the field before it"},
      {good_with("\"name\":\"on\"", "\"name\":\"pid\""),
       ".iu.types: type 3 field 1: name \"pid\" is used twice"},
      {good_with("\"name\":\"on\"", "\"name\":\"o-n\""),
       ".iu.types: type 3 field 1: name \"o-n\" is not an identifier"},
      {good_with("\"name\":\"on\"", "\"name\":\"\""), ".iu.types: type 3 field 1: name \"\" is not an identifier"},
      {good_with("\"offset\":5,\"type\":2", "\"offset\":5,\"type\":3"),
       ".iu.types: type 3 field 2: type 3 is not an earlier type"},
      {good_with("\"offset\":5,\"type\":2}", "\"offset\":5}"), ".iu.types: type 3 field 2: \"type\" is missing"},
      {good_with("\"fields\":[", "\"fields\":[1,"), ".iu.types: type 3: a field is not an object"},
      {good_with("{\"kind\":\"bool\"", "[],{\"kind\":\"bool\""), ".iu.types: type 1 is not an object"},
      {good_with("\"counts\":{\"key\":3,\"value\":0}", "\"counts\":{\"key\":3,\"value\":9}"),
       ".iu.types: map 'counts' value refers to type 9, which does not exist"},
      {good_with("\"counts\":{\"key\":3,\"value\":0}", "\"counts\":{\"key\":3}"),
       ".iu.types: map 'counts': \"value\" is missing"},
      {good_with("\"counts\":{\"key\":3,\"value\":0}", "\"counts\":{\"key\":3,\"value\":0,\"flags\":1}"),
       ".iu.types: map 'counts': unknown key \"flags\""},
      {good_with("\"counts\":", "\"2counts\":"), ".iu.types: map '2counts': not a valid map name"},
      {good_with("\"counts\":", "\"" + std::string(64, 'c') + "\":"),
       ".iu.types: map '" + std::string(64, 'c') + "': not a valid map name"},
      {good_with("\"counts\":{\"key\":3,\"value\":0}", "\"counts\":3"), ".iu.types: map 'counts' is not an object"},
      {good_with("\"pid\":0", "\"pid\":{}"), ".iu.types: configuration 'pid' is not a type index"},
      {good_with("\"pid\":0", "\"pid\":6"), ".iu.types: configuration 'pid' refers to type 6"},
      {good_with("\"pid\":0", "\"" + std::string(48, 'p') + "\":0"),
       ".iu.types: configuration '" + std::string(48, 'p') + "': not a valid configuration name"},
      {good_with("\"name\":\"key_t\"", "\"name\":\"" + std::string(600, 'k') + "\""),
       ".iu.types: malformed: a string is longer than 512 bytes"},
  };
  for (const Case &c : cases) {
    std::string err = parse_error(c.text);
    EXPECT_EQ(err.rfind(c.error, 0), 0u) << "text: " << c.text << "\n error: " << err
                                         << "\n expected: " << c.error;
  }
}

TEST(TypesSection, RefusesTooMuch) {
  std::string big = "{\"format\":\"iu-types\",\"version\":1,\"types\":[";
  for (size_t i = 0; i <= iu::kTypesMax; ++i)
    big += std::string(i ? "," : "") + "{\"kind\":\"bool\",\"name\":\"\",\"size\":1}";
  big += "],\"maps\":{},\"configs\":{}}";
  EXPECT_EQ(parse_error(big), ".iu.types: more than 4096 types");
  EXPECT_EQ(parse_error(std::string(iu::kTypesSectionMax + 1, ' ')),
            ".iu.types: larger than 1048576 bytes");
}

iu::Image image_with_maps() {
  iu::Image img;
  iu::Map counts;
  counts.name = "counts";
  counts.type = IU_MAP_HASH;
  counts.key_size = 8;
  counts.value_size = 4;
  iu::Map events;
  events.name = "events";
  events.type = IU_MAP_EVENTS;
  events.value_size = 8;
  img.maps = {counts, events};
  iu::ConfigVar pid;
  pid.name = "pid";
  pid.kind = IU_CONFIG_UINT;
  pid.size = 4;
  img.configs = {pid};
  return img;
}

std::string apply_error(const std::string &text, iu::Image img = image_with_maps()) {
  iu::TypeTable t;
  std::string err;
  if (!iu::parse_type_table(text, &t, &err))
    return "(parse) " + err;
  if (iu::apply_type_table(t, &img, &err))
    return "(accepted)";
  return err;
}

TEST(TypesSection, AppliesToTheImage) {
  iu::Image img = image_with_maps();
  iu::TypeTable t;
  std::string err;
  ASSERT_TRUE(iu::parse_type_table(kGood, &t, &err)) << err;
  ASSERT_TRUE(iu::apply_type_table(t, &img, &err)) << err;
  EXPECT_EQ(img.types.size(), 6u);
  EXPECT_EQ(img.maps[0].key_type, 3u);
  EXPECT_EQ(img.maps[0].value_type, 0u);
  EXPECT_EQ(img.maps[1].key_type, iu::kNoType);
  EXPECT_EQ(img.maps[1].value_type, 4u);
  EXPECT_EQ(img.configs[0].type, 0u);

  // A map or configuration the table does not name keeps kNoType.
  iu::Image more = image_with_maps();
  iu::Map other;
  other.name = "other";
  other.type = IU_MAP_ARRAY;
  more.maps.push_back(other);
  ASSERT_TRUE(iu::apply_type_table(t, &more, &err)) << err;
  EXPECT_EQ(more.maps[2].key_type, iu::kNoType);
  EXPECT_EQ(more.maps[2].value_type, iu::kNoType);
}

TEST(TypesSection, RefusesWhatTheImageDoesNotHave) {
  EXPECT_EQ(apply_error(good_with("\"counts\":", "\"count\":")),
            ".iu.types: describes map 'count', which the image does not have");
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"tid\":0")),
            ".iu.types: describes configuration 'tid', which the image does not have");
  EXPECT_EQ(apply_error(good_with("\"events\":{\"value\":4}", "\"events\":{\"key\":0,\"value\":4}")),
            ".iu.types: map 'events' is an events channel but has a key type");
  EXPECT_EQ(apply_error(good_with("\"counts\":{\"key\":3,\"value\":0}", "\"counts\":{\"value\":0}")),
            ".iu.types: map 'counts' has a key but no key type");
  EXPECT_EQ(apply_error(good_with("\"counts\":{\"key\":3,", "\"counts\":{\"key\":0,")),
            ".iu.types: map 'counts': key type of 4 bytes, but keys of 8 bytes");
  EXPECT_EQ(apply_error(good_with("\"key\":3,\"value\":0", "\"key\":3,\"value\":3")),
            ".iu.types: map 'counts': value type of 8 bytes, but values of 4 bytes");
  EXPECT_EQ(apply_error(good_with("\"events\":{\"value\":4}", "\"events\":{\"value\":0}")),
            ".iu.types: map 'events': value type of 4 bytes, but values of 8 bytes");
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":4")),
            ".iu.types: configuration 'pid': type of 8 bytes, but a value of 4 bytes");
  // Kinds: an unsigned config described as a signed integer, an enum, a bool.
  iu::Image img = image_with_maps();
  img.configs[0].kind = IU_CONFIG_INT;
  EXPECT_EQ(apply_error(kGood, img),
            ".iu.types: configuration 'pid': a signed integer configuration described as int");
  img.configs[0].kind = IU_CONFIG_BOOL;
  img.configs[0].size = 1;
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":1"), img), "(accepted)");
  img.configs[0].size = 3;
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":2"), img),
            ".iu.types: configuration 'pid': a bool configuration described as chars");
  img.configs[0].kind = IU_CONFIG_CHARS;
  img.configs[0].size = 3;
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":2"), img), "(accepted)");
  img.configs[0].kind = IU_CONFIG_BYTES;
  img.configs[0].size = 2;
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":5"), img), "(accepted)"); // an enum
  img.configs[0].size = 3;
  EXPECT_EQ(apply_error(good_with("\"pid\":0", "\"pid\":2"), img),
            ".iu.types: configuration 'pid': a bytes configuration described as chars");
}

TEST(TypesSection, MergesFiles) {
  iu::TypeTable a, b, merged;
  std::string err;
  ASSERT_TRUE(iu::parse_type_table(kGood, &a, &err)) << err;
  // The second file: its own map of the same struct, in another order.
  const char second[] = R"({"format":"iu-types","version":1,"types":[
{"kind":"chars","name":"char[3]","size":3},
{"kind":"bool","name":"bool","size":1},
{"kind":"int","name":"iu::u32","size":4,"signed":false},
{"kind":"struct","name":"key_t","size":8,"fields":[{"name":"pid","offset":0,"type":2},{"name":"on","offset":4,"type":1},{"name":"tag","offset":5,"type":0}]}],
"maps":{"counts":{"key":3,"value":2},"seen":{"key":3,"value":1}},"configs":{"pid":2}})";
  ASSERT_TRUE(iu::parse_type_table(second, &b, &err)) << err;
  ASSERT_TRUE(iu::merge_type_table(&merged, a, &err)) << err;
  ASSERT_TRUE(iu::merge_type_table(&merged, b, &err)) << err;
  EXPECT_EQ(merged.types.size(), 6u); // nothing new: every type of b is one of a's
  EXPECT_EQ(merged.maps.at("seen").key, merged.maps.at("counts").key);
  EXPECT_EQ(merged.maps.at("seen").value, 1u);
  // The merged text parses again.
  iu::TypeTable again;
  ASSERT_TRUE(iu::parse_type_table(iu::encode_type_table(merged), &again, &err)) << err;

  // One name, two layouts: refused.
  iu::TypeTable c;
  std::string third = second;
  third.replace(third.find("\"counts\":{\"key\":3,\"value\":2}"),
                std::strlen("\"counts\":{\"key\":3,\"value\":2}"), "\"counts\":{\"key\":3,\"value\":1}");
  ASSERT_TRUE(iu::parse_type_table(third, &c, &err)) << err;
  EXPECT_FALSE(iu::merge_type_table(&merged, c, &err));
  EXPECT_EQ(err, "map 'counts' has different key or value types in different source files");
  iu::TypeTable d;
  std::string fourth = second;
  fourth.replace(fourth.find("\"pid\":2"), 7, "\"pid\":1");
  ASSERT_TRUE(iu::parse_type_table(fourth, &d, &err)) << err;
  iu::TypeTable m2;
  ASSERT_TRUE(iu::merge_type_table(&m2, a, &err));
  EXPECT_FALSE(iu::merge_type_table(&m2, d, &err));
  EXPECT_EQ(err, "configuration 'pid' has different types in different source files");
}

// ---- The section in a real image (Inputs/counter.cpp of tests/skeleton) ----

std::vector<uint8_t> load_types_image() {
  std::ifstream in(IU_TEST_TYPES_IMAGE, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Sections {
  Elf64_Ehdr eh;
  std::vector<Elf64_Shdr> sh;
  std::vector<std::string> names;
};

Sections sections(const std::vector<uint8_t> &b) {
  Sections s;
  memcpy(&s.eh, b.data(), sizeof(s.eh));
  s.sh.resize(s.eh.e_shnum);
  memcpy(s.sh.data(), b.data() + s.eh.e_shoff, s.eh.e_shnum * sizeof(Elf64_Shdr));
  const Elf64_Shdr &strtab = s.sh[s.eh.e_shstrndx];
  for (const Elf64_Shdr &sh : s.sh)
    s.names.push_back(reinterpret_cast<const char *>(b.data() + strtab.sh_offset + sh.sh_name));
  return s;
}

void write_shdr(std::vector<uint8_t> *b, const Sections &s, size_t i, const Elf64_Shdr &sh) {
  memcpy(b->data() + s.eh.e_shoff + i * sizeof(Elf64_Shdr), &sh, sizeof(sh));
}

size_t index_of(const Sections &s, const std::string &name) {
  for (size_t i = 0; i < s.names.size(); ++i)
    if (s.names[i] == name)
      return i;
  ADD_FAILURE() << "no section " << name;
  return 0;
}

TEST(TypesSection, ReadFromTheImage) {
  auto bytes = load_types_image();
  ASSERT_FALSE(bytes.empty());
  iu::Image img;
  std::string err;
  ASSERT_TRUE(iu::parse_image(bytes, &img, &err)) << err;
  ASSERT_EQ(img.maps.size(), 3u);
  for (const iu::Map &m : img.maps) {
    ASSERT_NE(m.value_type, iu::kNoType) << m.name;
    EXPECT_EQ(img.types[m.value_type].size, m.value_size) << m.name;
    if (m.type == IU_MAP_EVENTS) {
      EXPECT_EQ(m.key_type, iu::kNoType);
      EXPECT_EQ(img.types[m.value_type].name, "counter::event");
    } else {
      ASSERT_NE(m.key_type, iu::kNoType) << m.name;
      EXPECT_EQ(img.types[m.key_type].size, m.key_size) << m.name;
    }
  }
  const iu::Map &counts = img.maps[0];
  ASSERT_EQ(counts.name, "counts");
  const iu::TypeDesc &key = img.types[counts.key_type];
  EXPECT_EQ(key.kind, iu::TypeDesc::Struct);
  EXPECT_EQ(key.name, "counter::key");
  ASSERT_EQ(key.fields.size(), 4u);
  EXPECT_EQ(key.fields[1].name, "cls");
  EXPECT_EQ(img.types[key.fields[1].type].kind, iu::TypeDesc::Enum);
  EXPECT_EQ(key.fields[3].offset, 6u);
  EXPECT_EQ(img.types[key.fields[3].type].kind, iu::TypeDesc::Chars);
  ASSERT_EQ(img.configs.size(), 3u);
  for (const iu::ConfigVar &c : img.configs)
    EXPECT_NE(c.type, iu::kNoType) << c.name;
}

TEST(TypesSection, RefusesADamagedSectionInTheImage) {
  const auto good = load_types_image();
  const Sections s = sections(good);
  const size_t types = index_of(s, ".iu.types");
  const size_t symtab = index_of(s, ".symtab");
  iu::Image img;
  std::string err;

  // A second section named .iu.types.
  auto two = good;
  Elf64_Shdr sh = s.sh[symtab];
  sh.sh_name = s.sh[types].sh_name;
  write_shdr(&two, s, symtab, sh);
  EXPECT_FALSE(iu::parse_image(two, &img, &err));
  EXPECT_EQ(err, "more than one .iu.types section");

  // Without contents.
  auto nobits = good;
  sh = s.sh[types];
  sh.sh_type = SHT_NOBITS;
  write_shdr(&nobits, s, types, sh);
  EXPECT_FALSE(iu::parse_image(nobits, &img, &err));
  EXPECT_EQ(err, ".iu.types: must be a non-allocated section with contents");

  // Cut short: malformed text.
  auto cut = good;
  sh = s.sh[types];
  sh.sh_size /= 2;
  write_shdr(&cut, s, types, sh);
  EXPECT_FALSE(iu::parse_image(cut, &img, &err));
  EXPECT_EQ(err.rfind(".iu.types: malformed: ", 0), 0u) << err;

  // Every byte of the text flipped in turn: refused or, if still
  // well-formed, consistent with the maps. Never a crash (the sanitized
  // build runs this too).
  for (uint64_t i = 0; i < s.sh[types].sh_size; i += 7) {
    auto flipped = good;
    flipped[s.sh[types].sh_offset + i] ^= 0x5a;
    if (iu::parse_image(flipped, &img, &err)) {
      for (const iu::Map &m : img.maps) {
        if (m.value_type != iu::kNoType) {
          EXPECT_EQ(img.types[m.value_type].size, m.value_size);
        }
      }
    }
  }

  // Renamed away: the image parses, the maps have no layout.
  auto none = good;
  sh = s.sh[types];
  sh.sh_name = s.sh[symtab].sh_name;
  write_shdr(&none, s, types, sh);
  ASSERT_TRUE(iu::parse_image(none, &img, &err)) << err;
  EXPECT_TRUE(img.types.empty());
  for (const iu::Map &m : img.maps)
    EXPECT_EQ(m.value_type, iu::kNoType);
}

} // namespace
