import Foundation
import PavlovLLM

/// Pictures of stored observations for a vision judge: PNG bytes of one observation.
public protocol FrameSource: Sendable {
  /// One line for people: what is drawn and how large.
  var summary: String { get }
  func png(of observation: [UInt8]) throws -> [UInt8]
}

/// A vision-language judge (RL-VLM-F's setting; PaliGemma- or Llama-3.2-Vision-class models
/// behind an OpenAI-compatible server): shows the frames of two observations as base64 PNG
/// image parts and asks which shows more progress. Answers are parsed, scored from
/// log-probabilities and retried exactly as the caption judge's (`LLMLabeller`); a frame
/// that cannot be drawn or a server that fails gives a `.failed` label. Nothing throws.
public struct VisionLabeller: PreferenceLabeller {
  public let client: LLMClient
  public let prompt: VisionPreferencePrompt
  public let frames: any FrameSource
  /// Ask (1, 2) and (2, 1), and average P(first ≻ second) over both.
  public let bothOrders: Bool
  public let usesLogprobs: Bool
  public let parameters: SamplingParameters

  public init(client: LLMClient, prompt: VisionPreferencePrompt, frames: any FrameSource, bothOrders: Bool = false,
              usesLogprobs: Bool = true, temperature: Double = 0) {
    self.client = client
    self.prompt = prompt
    self.frames = frames
    self.bothOrders = bothOrders
    self.usesLogprobs = usesLogprobs
    parameters = SamplingParameters(temperature: temperature, maxTokens: prompt.text.chainOfThought ? 512 : 32,
                                    logprobs: usesLogprobs)
  }

  /// Unique per model, prompt and order policy, so its labels never mix with a caption judge's.
  public var name: String {
    "vlm:\(client.configuration.model):\(prompt.version)" + (bothOrders ? ":both-orders" : "")
  }

  public var summary: String {
    "\(name): vision judge \(client.configuration), prompt \(prompt.version), \(frames.summary)"
      + (bothOrders ? ", both orders averaged" : "") + (usesLogprobs ? ", probabilities from logprobs" : "")
  }

  public func label(_ pair: LabellingPair) async -> Label {
    let template = Label(preference: nil, status: .failed, labeller: name, isSimulated: false,
                         model: client.configuration.model, promptVersion: prompt.version)
    // Each side is drawn once, whichever orders are asked.
    let images: (first: String, second: String)
    do {
      images = (try Self.dataURL(frames.png(of: pair.first.observation)),
                try Self.dataURL(frames.png(of: pair.second.observation)))
    } catch {
      var label = template
      label.rawAnswer = "error: the frames could not be drawn: \(error)"
      return label
    }
    return await PreferenceChat.label(pair, template: template, bothOrders: bothOrders) { swapped in
      let (x, y) = swapped ? (images.second, images.first) : (images.first, images.second)
      return await PreferenceChat.ask(client, messages: prompt.messages(goal: pair.goal, first: x, second: y),
                                      parameters: parameters, usesLogprobs: usesLogprobs)
    }
  }

  /// `data:image/png;base64,…`, the form OpenAI-compatible servers take for inline images.
  public static func dataURL(_ png: [UInt8]) -> String {
    "data:image/png;base64," + Data(png).base64EncodedString()
  }
}
