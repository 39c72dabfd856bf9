// A small JSON reader for the set-state entry point (csim_vec_env_set_state_json): states are
// a few kilobytes exported by reference implementations, read outside the stepping hot path,
// so a plain tree of values is enough. Errors throw InvalidArgument with the byte offset.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace csim {
namespace json {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0.0;
  std::string text;
  std::vector<Value> items;
  std::map<std::string, Value> members;

  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }

  // The member `key` of an object; throws InvalidArgument naming `where` when it is missing
  // or this is not an object.
  const Value& at(const std::string& key, const std::string& where) const;
  // True when this is an object holding `key`.
  bool has(const std::string& key) const;

  // Typed reads that throw InvalidArgument naming `where` and what was expected.
  const std::string& as_string(const std::string& where) const;
  double as_number(const std::string& where) const;
  // A whole number within [low, high].
  int64_t as_int(const std::string& where, int64_t low, int64_t high) const;
  bool as_bool(const std::string& where) const;
  const std::vector<Value>& as_array(const std::string& where) const;
};

// Parses a whole document (one value, then only whitespace). Throws InvalidArgument on any
// syntax error, naming the offset and what was expected. Nesting is capped at 64 levels.
Value parse(const char* text);

}  // namespace json
}  // namespace csim
