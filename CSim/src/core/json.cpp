// The JSON reader of json.hpp: recursive descent over the bytes, strict RFC 8259 syntax.
#include "json.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "env.hpp"

namespace csim {
namespace json {
namespace {

constexpr int kMaxDepth = 64;

const char* kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return "a boolean";
    case Value::Kind::kNumber: return "a number";
    case Value::Kind::kString: return "a string";
    case Value::Kind::kArray: return "an array";
    case Value::Kind::kObject: return "an object";
  }
  return "a value";
}

class Parser {
 public:
  explicit Parser(const char* text) : text_(text), at_(text) {}

  Value document() {
    Value v = value(0);
    skip_space();
    if (*at_ != '\0') fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InvalidArgument("invalid JSON at byte " + std::to_string(at_ - text_) + ": " + what);
  }

  void skip_space() {
    while (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r') ++at_;
  }

  void expect_word(const char* word) {
    const size_t n = std::strlen(word);
    if (std::strncmp(at_, word, n) != 0) fail(std::string("expected '") + word + "'");
    at_ += n;
  }

  Value value(int depth) {
    if (depth > kMaxDepth) fail("nested deeper than 64 levels");
    skip_space();
    Value v;
    switch (*at_) {
      case '{': object(v, depth); break;
      case '[': array(v, depth); break;
      case '"': v.kind = Value::Kind::kString; v.text = string(); break;
      case 't': expect_word("true"); v.kind = Value::Kind::kBool; v.boolean = true; break;
      case 'f': expect_word("false"); v.kind = Value::Kind::kBool; break;
      case 'n': expect_word("null"); break;
      default: number(v); break;
    }
    return v;
  }

  void object(Value& v, int depth) {
    v.kind = Value::Kind::kObject;
    ++at_;
    skip_space();
    if (*at_ == '}') { ++at_; return; }
    for (;;) {
      skip_space();
      if (*at_ != '"') fail("expected a member name in double quotes");
      std::string key = string();
      skip_space();
      if (*at_ != ':') fail("expected ':' after a member name");
      ++at_;
      v.members[key] = value(depth + 1);
      skip_space();
      if (*at_ == ',') { ++at_; continue; }
      if (*at_ == '}') { ++at_; return; }
      fail("expected ',' or '}' in an object");
    }
  }

  void array(Value& v, int depth) {
    v.kind = Value::Kind::kArray;
    ++at_;
    skip_space();
    if (*at_ == ']') { ++at_; return; }
    for (;;) {
      v.items.push_back(value(depth + 1));
      skip_space();
      if (*at_ == ',') { ++at_; continue; }
      if (*at_ == ']') { ++at_; return; }
      fail("expected ',' or ']' in an array");
    }
  }

  static void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  uint32_t hex4() {
    uint32_t code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *at_++;
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<uint32_t>(c - 'A' + 10);
      else fail("expected four hex digits after \\u");
    }
    return code;
  }

  std::string string() {
    ++at_;  // the opening quote
    std::string out;
    for (;;) {
      const char c = *at_;
      if (c == '\0') fail("unterminated string");
      if (static_cast<unsigned char>(c) < 0x20) fail("control character inside a string");
      ++at_;
      if (c == '"') return out;
      if (c != '\\') { out += c; continue; }
      const char e = *at_++;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t code = hex4();
          if (code >= 0xD800 && code < 0xDC00 && at_[0] == '\\' && at_[1] == 'u') {
            at_ += 2;
            const uint32_t low = hex4();
            if (low < 0xDC00 || low >= 0xE000) fail("a high surrogate must be followed by a low one");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default: fail("unknown escape in a string");
      }
    }
  }

  void number(Value& v) {
    const char* start = at_;
    if (*at_ == '-') ++at_;
    if (*at_ < '0' || *at_ > '9') fail("expected a value (object, array, string, number, true, false or null)");
    while (*at_ >= '0' && *at_ <= '9') ++at_;
    if (*at_ == '.') {
      ++at_;
      if (*at_ < '0' || *at_ > '9') fail("expected digits after '.'");
      while (*at_ >= '0' && *at_ <= '9') ++at_;
    }
    if (*at_ == 'e' || *at_ == 'E') {
      ++at_;
      if (*at_ == '+' || *at_ == '-') ++at_;
      if (*at_ < '0' || *at_ > '9') fail("expected digits in an exponent");
      while (*at_ >= '0' && *at_ <= '9') ++at_;
    }
    v.kind = Value::Kind::kNumber;
    v.number = std::strtod(std::string(start, at_).c_str(), nullptr);
    if (!std::isfinite(v.number)) fail("number out of range");
  }

  const char* text_;
  const char* at_;
};

}  // namespace

Value parse(const char* text) {
  if (text == nullptr) throw InvalidArgument("the JSON text is NULL");
  return Parser(text).document();
}

bool Value::has(const std::string& key) const { return is_object() && members.count(key) != 0; }

const Value& Value::at(const std::string& key, const std::string& where) const {
  if (!is_object()) throw InvalidArgument(where + " must be an object; got " + kind_name(kind));
  auto it = members.find(key);
  if (it == members.end()) throw InvalidArgument(where + " has no member \"" + key + "\"");
  return it->second;
}

const std::string& Value::as_string(const std::string& where) const {
  if (kind != Kind::kString) throw InvalidArgument(where + " must be a string; got " + kind_name(kind));
  return text;
}

double Value::as_number(const std::string& where) const {
  if (kind != Kind::kNumber) throw InvalidArgument(where + " must be a number; got " + kind_name(kind));
  return number;
}

int64_t Value::as_int(const std::string& where, int64_t low, int64_t high) const {
  const double n = as_number(where);
  if (n != std::floor(n) || n < static_cast<double>(low) || n > static_cast<double>(high)) {
    throw InvalidArgument(where + " must be a whole number in [" + std::to_string(low) + ", " + std::to_string(high) +
                          "]; got " + std::to_string(n));
  }
  return static_cast<int64_t>(n);
}

bool Value::as_bool(const std::string& where) const {
  if (kind != Kind::kBool) throw InvalidArgument(where + " must be true or false; got " + kind_name(kind));
  return boolean;
}

const std::vector<Value>& Value::as_array(const std::string& where) const {
  if (kind != Kind::kArray) throw InvalidArgument(where + " must be an array; got " + kind_name(kind));
  return items;
}

}  // namespace json
}  // namespace csim
