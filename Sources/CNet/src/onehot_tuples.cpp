// Combined rows for the one-hot layer: each the sum of the table rows of a tuple of categories
// that occur together (a MiniGrid cell's object, colour and state). An observation then sums one
// combined row per group of features instead of one table row per feature (a third of the rows
// for a MiniGrid view), and the table's gradient is spread back from the combined rows' gradient.
#include <string>

#include "errors.hpp"

namespace {

// row_starts (num_rows + 1) ascending within [0, members_length]; every member a category.
void require_rows(const int32_t* row_starts, int32_t num_rows, const int32_t* members, int64_t members_length,
                  int32_t num_categories) {
  cnet::require_pointer(row_starts, "row_starts");
  if (num_rows < 0) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "num_rows is negative");
  for (int32_t r = 0; r < num_rows; ++r) {
    if (row_starts[r] < 0 || row_starts[r] > row_starts[r + 1]) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "row_starts must ascend from 0 (row " + std::to_string(r) + ")");
    }
  }
  const int64_t first = row_starts[0], end = row_starts[num_rows];
  if (first < 0) cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "row_starts must ascend from 0");
  cnet::require_buffer(members, members_length, end, "members");
  for (int64_t k = first; k < end; ++k) {
    if (members[k] < 0 || members[k] >= num_categories) {
      cnet::fail(CNET_ERROR_INVALID_ARGUMENT, "members[" + std::to_string(k) + "] = " + std::to_string(members[k]) +
                                                  " is outside [0, " + std::to_string(num_categories) + ")");
    }
  }
}

}  // namespace

extern "C" CNetStatus cnet_onehot_combine(const float* table, int64_t table_length, int32_t num_categories,
                                          int32_t out, const int32_t* row_starts, int32_t num_rows,
                                          const int32_t* members, int64_t members_length, float* combined,
                                          int64_t combined_length) {
  return cnet::guarded([&] {
    cnet::require_positive(num_categories, "num_categories");
    cnet::require_positive(out, "out");
    cnet::require_buffer(table, table_length, static_cast<int64_t>(num_categories) * out, "table");
    require_rows(row_starts, num_rows, members, members_length, num_categories);
    cnet::require_buffer(combined, combined_length, static_cast<int64_t>(num_rows) * out, "combined");
    for (int32_t r = 0; r < num_rows; ++r) {
      float* __restrict row = combined + static_cast<int64_t>(r) * out;
      for (int32_t o = 0; o < out; ++o) row[o] = 0.0f;
      for (int32_t k = row_starts[r]; k < row_starts[r + 1]; ++k) {
        const float* __restrict w = table + static_cast<int64_t>(members[k]) * out;
        for (int32_t o = 0; o < out; ++o) row[o] += w[o];
      }
    }
  });
}

extern "C" CNetStatus cnet_onehot_spread(const float* const* d_combined, int32_t num_sources,
                                         int64_t d_combined_length, const int32_t* row_starts, int32_t num_rows,
                                         const int32_t* members, int64_t members_length, int32_t num_categories,
                                         int32_t out, float* d_table, int64_t d_table_length) {
  return cnet::guarded([&] {
    cnet::require_positive(num_sources, "num_sources");
    cnet::require_pointer(d_combined, "d_combined");
    cnet::require_positive(num_categories, "num_categories");
    cnet::require_positive(out, "out");
    for (int32_t s = 0; s < num_sources; ++s) {
      const std::string name = "d_combined[" + std::to_string(s) + "]";
      cnet::require_buffer(d_combined[s], d_combined_length, static_cast<int64_t>(num_rows) * out, name.c_str());
    }
    require_rows(row_starts, num_rows, members, members_length, num_categories);
    cnet::require_buffer(d_table, d_table_length, static_cast<int64_t>(num_categories) * out, "d_table");
    // The sources are summed once per row, then added to each member: a tuple's categories
    // belong to different features, so they are distinct rows of the table.
    constexpr int32_t kChunk = 256;
    float sum[kChunk];
    for (int32_t r = 0; r < num_rows; ++r) {
      const int64_t base = static_cast<int64_t>(r) * out;
      for (int32_t begin = 0; begin < out; begin += kChunk) {
        const int32_t width = out - begin < kChunk ? out - begin : kChunk;
        for (int32_t o = 0; o < width; ++o) sum[o] = d_combined[0][base + begin + o];
        for (int32_t s = 1; s < num_sources; ++s) {
          const float* __restrict d = d_combined[s] + base + begin;
          for (int32_t o = 0; o < width; ++o) sum[o] += d[o];
        }
        for (int32_t k = row_starts[r]; k < row_starts[r + 1]; ++k) {
          float* __restrict g = d_table + static_cast<int64_t>(members[k]) * out + begin;
          for (int32_t o = 0; o < width; ++o) g[o] += sum[o];
        }
      }
    }
  });
}
