// What an environment says about itself (csim.h's last block): observation parts, the action-token
// table and learner hints, by id. Each family declares them in its own folder, next to its spec;
// this file only looks the kind up and copies, inside the one exception guard (guard.hpp).
#include <algorithm>
#include <cstring>
#include <new>

#include "env.hpp"
#include "guard.hpp"
#include "observation_parts.hpp"

namespace csim {

void add_observation_part(std::vector<CSimObservationPart>& parts, const char* name, CSimDType dtype,
                          std::initializer_list<int32_t> shape, float low, float high,
                          std::initializer_list<int32_t> categories) {
  CSimObservationPart part{};
  std::strncpy(part.name, name, CSIM_MAX_PART_NAME_LENGTH - 1);
  part.offset = parts.empty() ? 0 : parts.back().offset + parts.back().size;
  part.size = 1;
  for (int32_t dimension : shape) {
    if (part.rank == CSIM_MAX_RANK) throw std::logic_error(std::string(name) + ": rank above CSIM_MAX_RANK");
    part.shape[part.rank++] = dimension;
    part.size *= dimension;
  }
  part.dtype = dtype;
  part.low = low;
  part.high = high;
  if (categories.size() > CSIM_MAX_CATEGORY_CHANNELS) {
    throw std::logic_error(std::string(name) + ": more than CSIM_MAX_CATEGORY_CHANNELS category channels");
  }
  for (int32_t count : categories) part.categories[part.num_category_channels++] = count;
  parts.push_back(part);
}

void add_categorical_part(std::vector<CSimObservationPart>& parts, const char* name, CSimDType dtype,
                          std::initializer_list<int32_t> shape, std::initializer_list<int32_t> categories) {
  const int32_t most = categories.size() == 0 ? 1 : std::max(categories);
  add_observation_part(parts, name, dtype, shape, 0.0f, static_cast<float>(most - 1), categories);
}

}  // namespace csim

using csim::EnvKind;
using csim::abi::ErrorSink;
using csim::abi::guarded;

namespace {

using Hints = std::vector<std::pair<const char*, const char*>>;

// The kind's hints, or an empty list for an unknown id or on a failure (these calls have only
// their return value to fail with).
Hints hints_of(const char* id) {
  Hints hints;
  guarded(ErrorSink::nowhere(), "reading learner hints", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind != nullptr) hints = kind->learner_hints();
    return CSIM_OK;
  });
  return hints;
}

// Name `index` of the kind's info columns (the common four, then its own) or of its events;
// nullptr for an unknown id, an index out of range or a failure.
const char* described_name(const char* id, int32_t index, bool info) {
  const char* name = nullptr;
  guarded(ErrorSink::nowhere(), "reading names", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr || index < 0) return CSIM_OK;
    static const char* const kCommon[CSIM_INFO_COMMON] = {"success", "progress", "event", "episode_step"};
    std::vector<const char*> names;
    if (info) {
      names.assign(kCommon, kCommon + CSIM_INFO_COMMON);
      for (const char* extra : kind->extra_info_names()) names.push_back(extra);
    } else {
      names = kind->event_names();
    }
    if (static_cast<size_t>(index) < names.size()) name = names[static_cast<size_t>(index)];
    return CSIM_OK;
  });
  return name;
}

}  // namespace

extern "C" {

const char* csim_env_info_name(const char* id, int32_t column) { return described_name(id, column, true); }

const char* csim_env_event_name(const char* id, int32_t event) { return described_name(id, event, false); }

int32_t csim_env_observation_part_count(const char* id) {
  int32_t count = 0;
  guarded(ErrorSink::nowhere(), "counting observation parts", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind != nullptr) count = static_cast<int32_t>(kind->observation_parts().size());
    return CSIM_OK;
  });
  return count;
}

CSimStatus csim_env_observation_part(const char* id, int32_t index, CSimObservationPart* part) {
  if (id == nullptr || part == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(ErrorSink::nowhere(), "describing an observation part", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) return CSIM_ERROR_UNKNOWN_ENV;
    const std::vector<CSimObservationPart> parts = kind->observation_parts();
    if (index < 0 || static_cast<size_t>(index) >= parts.size()) return CSIM_ERROR_INVALID_ARGUMENT;
    *part = parts[static_cast<size_t>(index)];
    return CSIM_OK;
  });
}

CSimStatus csim_env_action_token_shape(const char* id, int32_t* tokens_per_action, int32_t* token_values) {
  if (id == nullptr || tokens_per_action == nullptr || token_values == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(ErrorSink::nowhere(), "describing action tokens", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) return CSIM_ERROR_UNKNOWN_ENV;
    *tokens_per_action = kind->action_tokens_per_action();
    *token_values = kind->action_token_values();
    return CSIM_OK;
  });
}

CSimStatus csim_env_action_tokens(const char* id, int32_t* tokens, int64_t tokens_length) {
  if (id == nullptr || tokens == nullptr) return CSIM_ERROR_NULL_POINTER;
  return guarded(ErrorSink::nowhere(), "writing action tokens", [&] {
    const EnvKind* kind = csim::find_kind(id);
    if (kind == nullptr) return CSIM_ERROR_UNKNOWN_ENV;
    const int32_t width = kind->action_tokens_per_action();
    if (width <= 0) return CSIM_ERROR_INVALID_ARGUMENT;
    CSimOptions options;
    csim_options_default(&options);
    const int32_t actions = kind->spec(options).num_actions;
    if (tokens_length < static_cast<int64_t>(actions) * width) return CSIM_ERROR_BUFFER_TOO_SMALL;
    for (int32_t a = 0; a < actions; ++a) kind->action_tokens(a, tokens + static_cast<int64_t>(a) * width);
    return CSIM_OK;
  });
}

int32_t csim_env_hint_count(const char* id) { return static_cast<int32_t>(hints_of(id).size()); }

const char* csim_env_hint_key(const char* id, int32_t index) {
  const auto hints = hints_of(id);
  return index >= 0 && static_cast<size_t>(index) < hints.size() ? hints[static_cast<size_t>(index)].first : nullptr;
}

const char* csim_env_hint_value(const char* id, int32_t index) {
  const auto hints = hints_of(id);
  return index >= 0 && static_cast<size_t>(index) < hints.size() ? hints[static_cast<size_t>(index)].second : nullptr;
}

}  // extern "C"
