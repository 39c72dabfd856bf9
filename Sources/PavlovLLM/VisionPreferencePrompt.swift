/// The preference question over two pictures instead of two captions (RL-VLM-F's setting,
/// Wang et al. 2024): the same system prompt, goal and answer format as `PreferencePrompt`, with
/// the two frames sent as image content parts, so the answer parses and scores exactly as
/// the text judge's does.
public struct VisionPreferencePrompt: Sendable, Equatable {
  public var text: PreferencePrompt

  public init(environment: String, chainOfThought: Bool = false) {
    text = PreferencePrompt(environment: environment, chainOfThought: chainOfThought)
  }

  /// Recorded with every label: change it whenever the wording changes.
  public var version: String { text.chainOfThought ? "vision-v1-cot" : "vision-v1" }

  /// The chat messages asking which of two images shows more progress towards `goal`;
  /// `first` and `second` are image URLs (`data:image/png;base64,…` for rendered frames).
  public func messages(goal: String, first: String, second: String) -> [ChatMessage] {
    let task = goal.isEmpty ? "" : "The goal of the agent is: \(goal)\n\n"
    let instruction = text.chainOfThought
      ? """
        I will show you two images of what an agent sees, image 1 then image 2. First, describe what each image \
        shows about the task. Then compare them with respect to the goal. Finally, respond by explicitly declaring \
        which image shows the most progress towards the goal: ("best_description": 1), ("best_description": 2). \
        You could also say ("best_description": None).
        """
      : """
        I will show you two images of what an agent sees, image 1 then image 2. Respond only by declaring which image \
        shows the most progress towards the goal: ("best_description": 1), ("best_description": 2). You could also \
        say ("best_description": None).
        """
    let user = ChatMessage(.user, [
      .text("\(task)\(instruction)"), .text("Image 1:"), .imageURL(first), .text("Image 2:"), .imageURL(second),
    ])
    return [ChatMessage(.system, text.systemPrompt), user]
  }
}
