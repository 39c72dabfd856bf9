import CSim
import XCTest

/// Info columns of the grid worlds (the common four, then the grid's extras).
enum GridColumn: Int {
  case success = 0, progress, event, episodeStep, agentX, agentY, agentDir, carrying, carryingColor, goalX, goalY
}

/// Grid conveniences on the shared harness (C ABI only).
extension BatchHarness {
  /// Info column `c` of env `env`.
  func value(_ c: GridColumn, _ env: Int = 0) -> Float { info(env, c.rawValue) }

  /// Steps env 0 (single-env batches).
  @discardableResult
  func step(_ action: Int32) -> CSimStatus { step([action]) }
}
