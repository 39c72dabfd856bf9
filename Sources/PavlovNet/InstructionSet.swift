internal import CNet

/// Instruction sets for the networks' matrix products. The fastest one the CPU supports is chosen
/// at first use; pin one to compare runs across machines (results differ in the last bits).
public enum InstructionSet: Sendable, Equatable {
  /// What the build's compiler flags allow (SSE2 on x86-64 under SwiftPM, NEON on arm64).
  case baseline
  /// x86-64 AVX2 with fused multiply-add, detected at run time.
  case avx2FMA
  /// x86-64 AVX-512 (F, VL, DQ, BW), detected at run time.
  case avx512

  /// The instruction set in use now.
  public static var current: InstructionSet {
    switch cnet_simd() {
    case CNET_SIMD_AVX512: return .avx512
    case CNET_SIMD_AVX2_FMA: return .avx2FMA
    default: return .baseline
    }
  }

  /// Chooses the instruction set for all later products, process-wide; throws where it is unavailable.
  public static func select(_ instructionSet: InstructionSet) throws(LearnError) {
    switch instructionSet {
    case .baseline: try check(cnet_set_simd(CNET_SIMD_BASELINE))
    case .avx2FMA: try check(cnet_set_simd(CNET_SIMD_AVX2_FMA))
    case .avx512: try check(cnet_set_simd(CNET_SIMD_AVX512))
    }
  }
}
