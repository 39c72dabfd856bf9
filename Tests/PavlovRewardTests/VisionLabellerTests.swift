import FakeLLMServer
import Foundation
import PavlovLLM
import PavlovSim
import XCTest
@testable import PavlovReward

/// The vision judge against a fake OpenAI-compatible server: frames of stored arm observations
/// go out as base64 PNG image parts; answers are parsed, retried and failed as the caption
/// judge's are.
final class VisionLabellerTests: XCTestCase {
  /// Two sweep-into observations: at reset, and after the expert has carried the cube a while.
  private static func pair() throws -> LabellingPair {
    let env = try VecEnv(id: "arm/sweep-into", count: 1, seed: 9, options: .init(threadCount: 1))
    try env.reset()
    let start = Array(env.observationBytes(of: 0))
    for _ in 0..<30 { try env.step(try env.expertActions()) }
    let later = Array(env.observationBytes(of: 0))
    return LabellingPair(
      id: 1, first: PairSide(observationID: 1, caption: "a", progress: 0, episodeReturn: 0, observation: start),
      second: PairSide(observationID: 2, caption: "b", progress: 0.4, episodeReturn: 0, observation: later),
      goal: "sweep the cube into the hole")
  }

  private func judge(_ server: FakeLLMServer, bothOrders: Bool = false) throws -> VisionLabeller {
    var configuration = LLMConfiguration(baseURL: server.baseURL, model: "fake-vlm")
    configuration.maxRetries = 1
    configuration.initialBackoff = 0.01
    return VisionLabeller(client: try LLMClient(configuration: configuration),
                          prompt: VisionPreferencePrompt(environment: "arm/sweep-into"),
                          frames: try ObservationFrames(environmentID: "arm/sweep-into", side: 32), bothOrders: bothOrders)
  }

  /// The image URLs of one request's user message, in order.
  private func images(_ request: FakeLLMServer.Request) throws -> [String] {
    let messages = try XCTUnwrap(request.json?["messages"] as? [[String: Any]])
    let parts = try XCTUnwrap(messages[1]["content"] as? [[String: Any]], "the user message is a list of content parts")
    return parts.compactMap { ($0["image_url"] as? [String: Any])?["url"] as? String }
  }

  func testFramesGoOutAsImagePartsAndTheAnswerIsScored() async throws {
    let server = try FakeLLMServer { _, _ in
      FakeLLMServer.chatAnswer("(\"best_description\": 2)", logprobs: [
        ["token": "(\"best_description\":", "logprob": -0.01, "top_logprobs": [] as [Any]],
        ["token": " 2", "logprob": log(0.9), "top_logprobs": [["token": " 2", "logprob": log(0.9)],
                                                              ["token": " 1", "logprob": log(0.1)]]],
      ], promptTokens: 600, completionTokens: 6)
    }
    defer { server.stop() }
    let labeller = try judge(server)
    let label = await labeller.label(try Self.pair())
    XCTAssertEqual(label.status, .preferred)
    XCTAssertEqual(try XCTUnwrap(label.preference), 0.1, accuracy: 1e-9)
    XCTAssertEqual(label.labeller, "vlm:fake-vlm:vision-v1")
    XCTAssertEqual(label.promptVersion, "vision-v1")
    XCTAssertEqual(label.promptTokens, 600)
    XCTAssertFalse(label.isSimulated)
    let request = try XCTUnwrap(server.requests.first)
    XCTAssertEqual(request.path, "/v1/chat/completions")
    let urls = try images(request)
    XCTAssertEqual(urls.count, 2)
    var frames: [[UInt8]] = []
    for url in urls {
      XCTAssertTrue(url.hasPrefix("data:image/png;base64,"), String(url.prefix(40)))
      let png = try XCTUnwrap(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))))
      XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
      // IHDR: 32 x 32.
      XCTAssertEqual(Array(png[16..<24]), [0, 0, 0, 32, 0, 0, 0, 32])
      frames.append([UInt8](png))
    }
    XCTAssertNotEqual(frames[0], frames[1], "the two observations are drawn apart")
    let messages = try XCTUnwrap(request.json?["messages"] as? [[String: Any]])
    XCTAssertEqual(messages[0]["role"] as? String, "system")
    let texts = (messages[1]["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
    XCTAssertTrue(texts.joined().contains("sweep the cube into the hole"))
  }

  func testBothOrdersSwapTheImages() async throws {
    let server = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"best_description\": 1)") }
    defer { server.stop() }
    let label = await (try judge(server, bothOrders: true)).label(try Self.pair())
    XCTAssertEqual(server.requests.count, 2)
    let first = try images(server.requests[0]), second = try images(server.requests[1])
    XCTAssertEqual(first, Array(second.reversed()))
    XCTAssertEqual(label.status, .tie, "a judge that always says 1 has no preference over both orders")
  }

  func testMalformedAnswersFaultsAndUndrawableFramesNeverBecomePreferences() async throws {
    let drawn = try Self.pair()
    let rambling = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("Both images show a robot.") }
    defer { rambling.stop() }
    let unparseable = await (try judge(rambling)).label(drawn)
    XCTAssertEqual(unparseable.status, .unparseable)
    XCTAssertNil(unparseable.preference)
    XCTAssertEqual(rambling.requests.count, 2, "one retry prompt")

    let broken = try FakeLLMServer { _, _ in FakeLLMServer.Response(status: 200, body: Data("{\"choices\": 3}".utf8)) }
    defer { broken.stop() }
    let failed = await (try judge(broken)).label(drawn)
    XCTAssertEqual(failed.status, .failed)
    XCTAssertNil(failed.preference)

    let down = try FakeLLMServer { _, _ in FakeLLMServer.Response(status: 500, body: Data("boom".utf8)) }
    defer { down.stop() }
    let serverError = await (try judge(down)).label(drawn)
    XCTAssertEqual(serverError.status, .failed)
    XCTAssertTrue(serverError.rawAnswer.contains("HTTP 500"), serverError.rawAnswer)

    // An observation no env could have written is not drawn, and nothing is asked.
    let silent = try FakeLLMServer { _, _ in FakeLLMServer.chatAnswer("(\"best_description\": 1)") }
    defer { silent.stop() }
    var pair = drawn
    var corrupt = [Float](repeating: .nan, count: 39)
    corrupt[0] = 0
    pair.second.observation = corrupt.withUnsafeBytes { Array($0) }
    let undrawable = await (try judge(silent)).label(pair)
    XCTAssertEqual(undrawable.status, .failed)
    XCTAssertTrue(undrawable.rawAnswer.contains("could not be drawn"), undrawable.rawAnswer)
    XCTAssertEqual(silent.requests.count, 0)
  }

  func testFramesAreRefusedWhereTheEnvironmentCannotDrawThem() {
    XCTAssertThrowsError(try ObservationFrames(environmentID: "MiniGrid-DoorKey-8x8-v0")) { error in
      XCTAssertTrue("\(error)".contains("cannot draw stored observations"), "\(error)")
    }
    XCTAssertThrowsError(try ObservationFrames(environmentID: "arm/reach", side: 8)) { error in
      XCTAssertTrue("\(error)".contains("outside 16...512"), "\(error)")
    }
  }
}

/// `labeller=vision` in continual re-labelling: SAC on the arm refits on the vision judge's
/// labels (a fake server), each request carrying two frames; the options parse and print back.
final class VisionRelabellingTests: XCTestCase {
  func testOptionsParseAndRefuseTheCompletionMode() throws {
    let kind = try AIFeedbackRewardKind(
      options: "m.model,relabel=2,store=s.sqlite,labeller=vision,url=http://127.0.0.1:9/v1,model=vlm,frames=96")
    XCTAssertEqual(kind.relabelling?.showsFrames, true)
    XCTAssertEqual(kind.relabelling?.frameSide, 96)
    XCTAssertEqual(kind.relabelling?.llm?.model, "vlm")
    XCTAssertTrue(kind.description.contains("labeller=vision"), kind.description)
    XCTAssertEqual(try AIFeedbackRewardKind(options: String(kind.description.dropFirst("ai-feedback:".count))), kind)
    XCTAssertThrowsError(try AIFeedbackRewardKind(options: "m.model,relabel=2,store=s.sqlite,labeller=vision,mode=completion")) {
      XCTAssertTrue("\($0)".contains("labeller=vision is asked in chat"), "\($0)")
    }
    XCTAssertThrowsError(try AIFeedbackRewardKind(options: "m.model,relabel=2,store=s.sqlite,labeller=llm,frames=64")) {
      XCTAssertTrue("\($0)".contains("needs labeller=vision"), "\($0)")
    }
    XCTAssertThrowsError(try AIFeedbackRewardKind(options: "m.model,relabel=2,store=s.sqlite,labeller=vision,frames=9")) {
      XCTAssertTrue("\($0)".contains("from 16 to 512; got '9'"), "\($0)")
    }
  }

  func testSACRefitsOnTheVisionJudgesLabels() throws {
    let f = try ArmSACRunFixture(self, name: "vision-relabel", learningStarts: 16, metricsInterval: 16)
    let env = f.environmentID, modelPath = f.modelPath, run = f.runPath, store = f.storePath
    let server = try FakeLLMServer { request, index in
      guard request.path.hasSuffix("/chat/completions") else { return .init(status: 404) }
      return FakeLLMServer.chatAnswer(#"("best_description": \#(index % 2 == 0 ? 1 : 2))"#)
    }
    defer { server.stop() }
    // Small frames: the debug build's ray caster takes seconds for a 128-pixel one.
    let trained = try CommandLineTool.run([
      "train", "--algo", "sac", "--env", env, "--steps", "32", "--config", f.configPath, "--out", run, "--plain",
      "--reward", "ai-feedback:\(modelPath),relabel=1,store=\(store),pairs=3,window=32,labeller=vision,"
        + "url=\(server.baseURL.absoluteString),model=vlm,cache=none,retries=0,frames=24"])
    XCTAssertEqual(trained.status, 0, trained.output)
    XCTAssertTrue(trained.output.contains("relabel: iteration 2,"), trained.output)
    let chats = server.requests.filter { $0.path.hasSuffix("/chat/completions") }
    XCTAssertEqual(chats.count, 6, "3 new pairs at each of 2 refits")
    for chat in chats {
      let messages = try XCTUnwrap(chat.json?["messages"] as? [[String: Any]])
      let parts = try XCTUnwrap(messages[1]["content"] as? [[String: Any]])
      XCTAssertEqual(parts.filter { $0["type"] as? String == "image_url" }.count, 2)
    }
    let labels = try LabelStore(path: store).examples(labeller: "vlm:vlm:vision-v1")
    XCTAssertEqual(labels.count, 6)
  }
}
