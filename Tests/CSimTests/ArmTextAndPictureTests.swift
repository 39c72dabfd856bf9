import CSim
import XCTest

/// The arm's text and pictures through the C ABI: golden captions (from the observation alone)
/// and rendered RGB images.
extension ArmTests {
  /// A 39-number observation with the given hand, gripper opening, first object and goal.
  private func observation(hand: [Float], gripper: Float, object: [Float], goal: [Float]) -> [UInt8] {
    var o = [Float](repeating: 0, count: 39)
    o.replaceSubrange(0..<3, with: hand)
    o[3] = gripper
    o.replaceSubrange(4..<7, with: object)
    o[7] = 1
    o.replaceSubrange(18..<36, with: o[0..<18])
    o.replaceSubrange(36..<39, with: goal)
    return o.withUnsafeBytes { Array($0) }
  }

  private func caption(_ id: String, _ obs: [UInt8], event: Int32 = 0) throws -> String {
    let h = try make(id, count: 1)
    let (status, text) = h.caption(observation: obs, event: event)
    XCTAssertEqual(status, CSIM_OK, h.lastError)
    return text
  }

  func testGoldenCaptions() throws {
    let above = observation(hand: [0, 0.6, 0.1], gripper: 1, object: [0, 0.6, 0.02], goal: [0, 0.81, 0.02])
    XCTAssertEqual(try caption("arm/push", above), "the gripper is open, 8 cm above the puck; the puck is 21 cm from the goal")
    XCTAssertEqual(try caption("arm/push-goal-hidden", above), "the gripper is open, 8 cm above the puck",
                   "a hidden goal stays hidden")
    let holding = observation(hand: [0, 0.6, 0.03], gripper: 0.4, object: [0, 0.6, 0.025], goal: [0, 0.8, 0.2])
    XCTAssertEqual(try caption("arm/pick-place", holding, event: 1),
                   "the gripper is 4 cm open, at the puck; the puck is 27 cm from the goal; the gripper just grasped the puck")
    let reach = observation(hand: [0.1, 0.6, 0.2], gripper: 0, object: [-0.1, 0.6, 0.02], goal: [0.1, 0.7, 0.2])
    XCTAssertEqual(try caption("arm/reach", reach, event: 2),
                   "the gripper is closed, 27 cm from the puck; the gripper is 10 cm from the goal; the task is solved")
    let drawer = observation(hand: [0, 0.6, 0.2], gripper: 1, object: [0, 0.70, 0.14], goal: [0, 0.74, 0.09])
    XCTAssertEqual(try caption("arm/drawer-close-goal-hidden", drawer),
                   "the gripper is open, 12 cm from the drawer handle; the drawer is open 4 of 15 cm")
    let button = observation(hand: [0, 0.8, 0.095], gripper: 0, object: [0, 0.8, 0.085], goal: [0, 0.8, 0.055])
    XCTAssertEqual(try caption("arm/button-press-topdown", button),
                   "the gripper is closed, at the button; the button is 3 cm from the goal; the button is pressed 3 of 6 cm")
  }

  func testLiveCaptionMatchesTheCaptionOfItsObservation() throws {
    let h = try make("arm/drawer-open", count: 2)
    h.reset()
    for _ in 0..<40 { h.step(continuous: h.expertActions()) }
    let (status, stored) = h.caption(observation: h.observation(1), event: Int32(h.armInfo(.event, 1)))
    XCTAssertEqual(status, CSIM_OK)
    XCTAssertEqual(h.caption(1), stored)
    XCTAssertTrue(stored.contains("the drawer is open"), stored)
  }
}

extension ArmTests {
  private func render(_ h: BatchHarness, _ range: Range<Int32>, side: Int32) -> (CSimStatus, [UInt8]) {
    var pixels = [UInt8](repeating: 0, count: range.count * Int(side * side) * 3)
    let status = pixels.withUnsafeMutableBufferPointer {
      csim_vec_env_render_rgb(h.handle, range.lowerBound, range.upperBound, side, side, $0.baseAddress, Int64($0.count))
    }
    return (status, pixels)
  }

  func testRenderingDrawsTheSceneDeterministicallyAndChecksItsArguments() throws {
    let a = try make("arm/pick-place", count: 3, seed: 8, threads: 2)
    let b = try make("arm/pick-place", count: 3, seed: 8, threads: 1)
    XCTAssertEqual(render(a, 0..<1, side: 64).0, CSIM_ERROR_INVALID_ARGUMENT, "needs a reset")
    a.reset()
    b.reset()
    let (status, pixels) = render(a, 0..<3, side: 64)
    XCTAssertEqual(status, CSIM_OK, a.lastError)
    XCTAssertEqual(pixels, render(b, 0..<3, side: 64).1, "same seed, same pictures, any thread count")
    let first = Array(pixels[0..<(64 * 64 * 3)])
    XCTAssertGreaterThan(Set(stride(from: 0, to: first.count, by: 3).map { first[$0] }).count, 8, "a scene, not a blank")
    XCTAssertNotEqual(first, Array(pixels[(64 * 64 * 3)..<(2 * 64 * 64 * 3)]), "envs differ")
    XCTAssertEqual(render(a, 1..<2, side: 96).0, CSIM_OK)
    XCTAssertEqual(render(a, 0..<1, side: 8).0, CSIM_ERROR_INVALID_ARGUMENT)
    XCTAssertEqual(render(a, 2..<4, side: 64).0, CSIM_ERROR_INVALID_ARGUMENT)
    var short = [UInt8](repeating: 0, count: 10)
    XCTAssertEqual(csim_vec_env_render_rgb(a.handle, 0, 1, 64, 64, &short, 10), CSIM_ERROR_BUFFER_TOO_SMALL)
    let grid = try BatchHarness("MiniGrid-Empty-5x5-v0")
    grid.reset()
    XCTAssertEqual(render(grid, 0..<1, side: 64).0, CSIM_ERROR_INVALID_ARGUMENT)
  }
}
