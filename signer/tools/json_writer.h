// SPDX-License-Identifier: (GPL-2.0 OR MIT)
// A minimal streaming JSON writer for --json output (bpftool's json_writer
// in spirit): objects, arrays, strings escaped per RFC 8259, commas and
// indentation handled here so the commands only say what they print.
#ifndef IU_SIGN_JSON_WRITER_H
#define IU_SIGN_JSON_WRITER_H

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace iu::sign_tool {

class JsonWriter {
public:
  explicit JsonWriter(std::FILE *out) : out_(out) {}
  ~JsonWriter() {
    if (done_)
      std::fputc('\n', out_);
  }
  JsonWriter(const JsonWriter &) = delete;
  JsonWriter &operator=(const JsonWriter &) = delete;

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // The next value in an object is named name.
  JsonWriter &key(std::string_view name) {
    separate();
    write_string(name);
    std::fputs(": ", out_);
    after_key_ = true;
    return *this;
  }
  void string(std::string_view s) {
    separate();
    write_string(s);
  }
  void number(std::uint64_t v) {
    separate();
    std::fprintf(out_, "%llu", static_cast<unsigned long long>(v));
  }
  void boolean(bool v) {
    separate();
    std::fputs(v ? "true" : "false", out_);
  }
  void null() {
    separate();
    std::fputs("null", out_);
  }

private:
  void open(char c) {
    separate();
    std::fputc(c, out_);
    first_.push_back(true);
  }
  void close(char c) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty)
      newline();
    std::fputc(c, out_);
    if (first_.empty())
      done_ = true;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty())
      return;
    if (!first_.back())
      std::fputc(',', out_);
    first_.back() = false;
    newline();
  }
  void newline() {
    std::fputc('\n', out_);
    for (std::size_t i = 0; i < first_.size(); i++)
      std::fputs("  ", out_);
  }
  // Valid UTF-8 passes through; any other byte >= 0x80 is written as the
  // code point of the same value, so output is always valid JSON.
  void write_string(std::string_view s) {
    std::fputc('"', out_);
    for (std::size_t i = 0; i < s.size();) {
      auto c = static_cast<unsigned char>(s[i]);
      if (c == '"' || c == '\\') {
        std::fputc('\\', out_);
        std::fputc(c, out_);
        i++;
      } else if (c < 0x20 || c == 0x7f) {
        std::fprintf(out_, "\\u%04x", c);
        i++;
      } else if (c < 0x80) {
        std::fputc(c, out_);
        i++;
      } else if (std::size_t n = utf8_len(s, i); n != 0) {
        std::fwrite(s.data() + i, 1, n, out_);
        i += n;
      } else {
        std::fprintf(out_, "\\u%04x", c);
        i++;
      }
    }
    std::fputc('"', out_);
  }
  // Length of the well-formed UTF-8 sequence at s[i] (no overlongs, no
  // surrogates, at most U+10FFFF), or 0.
  static std::size_t utf8_len(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t cp, min;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2, cp = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3, cp = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (i + n > s.size())
      return 0;
    for (std::size_t k = 1; k < n; k++) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return 0;
    return n;
  }

  std::FILE *out_;
  std::vector<bool> first_;
  bool after_key_ = false;
  bool done_ = false;
};

} // namespace iu::sign_tool

#endif
