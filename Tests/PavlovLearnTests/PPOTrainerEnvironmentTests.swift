import PavlovLearn
import PavlovSim
import XCTest

/// The trainer trains on the `VecEnv` it is given; one that is not the env its config describes
/// is refused by name, and building the env from a config stays one call for the command line.
final class PPOTrainerEnvironmentTests: XCTestCase {
  private func parameters(_ trainer: PPOTrainer) -> [Float] { trainer.agent.parameterBuffers.flatMap { Array($0) } }

  func testTrainsOnTheEnvironmentItIsGiven() throws {
    let config = RunFixtures.tinyConfig(iterations: 2)
    let environment = try VecEnv(id: config.envID, count: config.numEnvs, seed: config.seed)
    let trainer = try PPOTrainer(config: config, environment: environment)
    XCTAssertTrue(trainer.environment === environment)
    try trainer.train()
    XCTAssertEqual(trainer.globalStep, 2 * config.batchSize)
    // The same run as on the envs the config describes: same seed, same parameters.
    let built = try PPOTrainer(config: config, environment: try PPOTrainer.makeEnvironment(for: config))
    try built.train()
    XCTAssertEqual(parameters(trainer), parameters(built))
  }

  func testAnEnvironmentOtherThanTheConfigsIsRefusedByName() throws {
    let config = RunFixtures.tinyConfig()
    func refusal(_ id: String, _ count: Int) -> (field: String, message: String)? {
      do {
        _ = try PPOTrainer(config: config, environment: try VecEnv(id: id, count: count, seed: config.seed))
        return nil
      } catch TrainingError.invalidConfig(let field, let message) {
        return (field, message)
      } catch {
        return ("?", "\(error)")
      }
    }
    let otherEnv = try XCTUnwrap(refusal("MiniGrid-DoorKey-5x5-v0", config.numEnvs), "another env was accepted")
    XCTAssertEqual(otherEnv.field, "env_id")
    XCTAssertTrue(otherEnv.message.contains("MiniGrid-DoorKey-5x5-v0") && otherEnv.message.contains(config.envID),
                  otherEnv.message)
    let otherCount = try XCTUnwrap(refusal(config.envID, 3), "3 envs were accepted for num_envs 8")
    XCTAssertEqual(otherCount.field, "num_envs")
    XCTAssertTrue(otherCount.message.contains("3") && otherCount.message.contains("8"), otherCount.message)
  }

  func testBuildingFromAConfigNamesTheFieldAtFault() {
    var config = RunFixtures.tinyConfig("NoSuchEnv-v0")
    XCTAssertThrowsError(try PPOTrainer.makeEnvironment(for: config)) { error in
      guard case TrainingError.invalidConfig(let field, let message) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(field, "env_id")
      XCTAssertTrue(message.contains("NoSuchEnv-v0"), message)
    }
    config = RunFixtures.tinyConfig()
    config.numEnvs = 0
    XCTAssertThrowsError(try PPOTrainer.makeEnvironment(for: config)) { error in
      guard case TrainingError.invalidConfig(let field, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(field, "num_envs")
    }
  }
}
