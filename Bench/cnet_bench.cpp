// Learner-kernel throughput: ns per sample for MLP forward and forward+backward, plus the
// categorical head and Adam, through the public C ABI. Built by Bench/cnet_bench.sh with the
// flags SwiftPM uses in release (-O2, no -march), so the numbers match the package build.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "cnet.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs body repeatedly for about `budget` seconds; returns seconds per call (best of 3 rounds).
template <class Body>
double time_per_call(Body body, double budget = 0.5) {
  body();  // warm up
  double best = 1e30;
  for (int round = 0; round < 3; ++round) {
    int calls = 0;
    auto start = std::chrono::steady_clock::now();
    do {
      body();
      ++calls;
    } while (seconds_since(start) < budget / 3);
    best = std::min(best, seconds_since(start) / calls);
  }
  return best;
}

void check(CNetStatus status) {
  if (status != CNET_OK) {
    std::fprintf(stderr, "cnet error: %s\n", cnet_last_error());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int batch = argc > 1 ? std::atoi(argv[1]) : 512;
  const int in = argc > 2 ? std::atoi(argv[2]) : 64;
  const int hidden = 64, out = 7;
  std::printf("batch %d, MLP %d -> %d -> %d -> %d (tanh), float32\n", batch, in, hidden, hidden, out);
  const int32_t sizes[] = {in, hidden, hidden, out};
  CNetMLP* mlp = nullptr;
  check(cnet_mlp_create(sizes, 4, CNET_ACTIVATION_TANH, 0.01f, 1, batch, &mlp, nullptr, 0));
  std::vector<float> x(static_cast<size_t>(batch) * in), y(static_cast<size_t>(batch) * out),
      dy(static_cast<size_t>(batch) * out, 0.01f);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7919) % 1000) / 500.0f - 1.0f;

  // Every instruction set this CPU offers for the matrix products, baseline (SSE2) first.
  const CNetSimd best = cnet_simd();
  for (CNetSimd simd : {CNET_SIMD_BASELINE, CNET_SIMD_AVX2_FMA, CNET_SIMD_AVX512}) {
    if (cnet_set_simd(simd) != CNET_OK) continue;
    const char* name = simd == CNET_SIMD_BASELINE ? "baseline" : simd == CNET_SIMD_AVX2_FMA ? "avx2+fma" : "avx-512";
    const double forward = time_per_call([&] {
      check(cnet_mlp_forward(mlp, x.data(), x.size(), batch, y.data(), y.size()));
    });
    const double both = time_per_call([&] {
      check(cnet_mlp_forward(mlp, x.data(), x.size(), batch, y.data(), y.size()));
      check(cnet_mlp_backward(mlp, dy.data(), dy.size(), nullptr, 0));
    });
    std::printf("mlp forward            %8.1f ns/sample (%s)\n", forward * 1e9 / batch, name);
    std::printf("mlp forward+backward   %8.1f ns/sample (%s)\n", both * 1e9 / batch, name);
  }
  cnet_set_simd(best);

  std::vector<int32_t> actions(batch);
  for (int i = 0; i < batch; ++i) actions[i] = i % out;
  std::vector<float> logp(batch), entropy(batch), w(batch, 1.0f), d_logits(y.size());
  const double head = time_per_call([&] {
    check(cnet_categorical_evaluate(y.data(), y.size(), batch, out, actions.data(), batch, logp.data(), batch,
                                    entropy.data(), batch, w.data(), batch, w.data(), batch, d_logits.data(),
                                    d_logits.size()));
  });
  std::printf("categorical evaluate   %8.1f ns/sample (%d actions)\n", head * 1e9 / batch, out);

  const int64_t count = cnet_mlp_parameter_count(mlp);
  std::vector<float> m(count), v(count);
  CNetAdamOptions options;
  cnet_adam_options_default(&options);
  int64_t step = 0;
  const double adam = time_per_call([&] {
    check(cnet_adam_step(cnet_mlp_parameters(mlp), cnet_mlp_gradients(mlp), m.data(), v.data(), count, ++step,
                         &options));
  });
  std::printf("adam step              %8.1f us (%lld parameters)\n", adam * 1e6, static_cast<long long>(count));
  cnet_mlp_destroy(mlp);
  return 0;
}
