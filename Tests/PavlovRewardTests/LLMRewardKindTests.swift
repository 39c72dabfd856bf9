import Foundation
import PavlovLearn
import PavlovSim
import XCTest
@testable import PavlovReward

/// Reward strings of the LLM kinds: what is accepted, what it reads back as, and what is
/// refused with which message (issue 13, items 2 and 4).
final class LLMRewardKindTests: XCTestCase {
  func testScalarStringsReadBackAsWritten() throws {
    for text in ["llm-scalar", "llm-scalar:scripted", "llm-scalar:scripted,count", "llm-scalar:scripted,threshold=0.5,potential",
                 "llm-scalar:scale=5,mode=completion,fallback=3,threshold=0.2,count,url=http://10.0.0.2:8000/v1,model=qwen,cache=none,concurrency=8,retries=0"] {
      XCTAssertEqual(try RewardSpec(parsing: text).description, text)
    }
    let kind = try XCTUnwrap(try RewardSpec(parsing: "llm-scalar:potential,scale=7").kind as? LLMScalarRewardKind)
    XCTAssertEqual(kind.scale, 7)
    XCTAssertEqual(kind.options.shape, .potential)
    XCTAssertFalse(kind.isScripted)
    XCTAssertEqual(try RewardSpec(parsing: "llm-scalar:").description, "llm-scalar", "an empty option list is the defaults")
  }

  func testEmbeddingStringsReadBackAsWritten() throws {
    for text in ["llm-embedding", "llm-embedding:threshold=0.3,count", "llm-embedding:fallback=-0.5,potential,cache=/tmp/c.sqlite"] {
      XCTAssertEqual(try RewardSpec(parsing: text).description, text)
    }
  }

  func testBadStringsAreRefusedSayingWhatIsAllowed() {
    let cases: [(String, String)] = [
      ("llm-scalar:scale=1", "scale must be a whole number from 2 to 100"),
      ("llm-scalar:scale=ten", "scale must be a whole number from 2 to 100"),
      ("llm-scalar:mode=json", "allowed: chat, completion"),
      ("llm-scalar:fallback=11", "fallback 11 is not on the scale 1–10"),
      ("llm-scalar:count,potential", "count and potential exclude each other"),
      ("llm-scalar:threshold=nan", "is not a finite number"),
      ("llm-scalar:url=ftp://x", "is not an http(s) URL"),
      ("llm-scalar:concurrency=0", "concurrency must be a whole number from 1 to 64"),
      ("llm-scalar:model=", "'model=' needs a value"),
      ("llm-scalar:retries=-1", "retries must be a whole number from 0 to 20"),
      ("llm-scalar:bogus", "'bogus' is not an option"),
      ("llm-scalar:count,scripted", "scripted comes first"),
      ("llm-scalar:scale=5,,count", "'' is not an option"),
      ("llm-scalar:scripted,url=http://h/v1", "the SIMULATED stand-in asks no LLM"),
      ("llm-embedding:scripted", "llm-embedding has no scripted stand-in"),
      ("llm-embedding:fallback=2", "fallback must be a similarity from -1 to 1"),
      ("llm-embedding:scale=10", "'scale=10' is not an option"),
    ]
    for (text, message) in cases {
      XCTAssertThrowsError(try RewardSpec(parsing: text), text) { error in
        XCTAssertTrue("\(error)".contains(message), "\(text): \(error)")
      }
    }
  }

  func testTheRegistryListsTheNewKinds() {
    XCTAssertTrue(RewardSpec.allowed.contains("llm-scalar[:scripted]"), RewardSpec.allowed)
    XCTAssertTrue(RewardSpec.allowed.contains("llm-embedding["), RewardSpec.allowed)
  }

  func testAnUnreachableServerStopsTheEmbeddingRunBeforeItStarts() throws {
    // Port 9 (discard) on loopback: nothing listens there in the test machines.
    let spec = try RewardSpec(parsing: "llm-embedding:cache=none,retries=0,url=http://127.0.0.1:9/v1")
    let env = try VecEnv.spec(for: "MiniGrid-Empty-5x5-v0")
    XCTAssertThrowsError(try spec.makeReward(for: RewardContext(spec: env, environmentCount: 1))) { error in
      XCTAssertTrue("\(error)".contains("cannot embed the goal"), "\(error)")
    }
  }
}
