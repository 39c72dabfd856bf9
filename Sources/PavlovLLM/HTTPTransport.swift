import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange's result.
struct HTTPResponse: Sendable {
  var status: Int
  /// Header names lower-cased.
  var headers: [String: String]
  var body: Data
}

/// Why an exchange got no usable HTTP answer.
enum TransportError: Error, Sendable {
  case timedOut
  case connectionRefused
  case connectionLost
  /// The connection closed before the response was whole (the reason says where).
  case truncated(String)
  case other(String)
  /// The server broke HTTP (bad status line, length or chunking): a retry would get the same.
  case malformed(String)
  /// The response is over the configured size limit; reading stopped there.
  case tooLarge(String)

  /// Worth another try: the network or the server may do better next time.
  var isTransient: Bool {
    switch self {
    case .malformed, .tooLarge: return false
    default: return true
    }
  }

  var text: String {
    switch self {
    case .timedOut: return "timed out"
    case .connectionRefused: return "connection refused"
    case .connectionLost: return "connection lost"
    case .truncated(let m): return "response cut short: \(m)"
    case .other(let m): return m
    case .malformed(let m): return "malformed HTTP response: \(m)"
    case .tooLarge(let m): return "response too large: \(m)"
    }
  }
}

/// Sends one request and returns the whole response.
protocol HTTPTransport: Sendable {
  func send(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async
    -> Result<HTTPResponse, TransportError>
}

/// Picks the transport for a URL: plain sockets for http:// (local servers, where the model
/// shares the machine's cores), URLSession for https://.
///
/// Why not URLSession everywhere: FoundationNetworking on Linux keeps a core about 65% busy
/// while it waits for an answer (measured: 5.2 s of CPU for one 8-second request), which a
/// local llama.cpp server on a 2-core machine pays for in tokens per second.
func makeTransport(for url: URL, maxConnections: Int, maxBodyBytes: Int = SocketTransport.defaultMaxBodyBytes)
  -> any HTTPTransport
{
  url.scheme == "http"
    ? SocketTransport(maxBodyBytes: maxBodyBytes)
    : URLSessionTransport(maxConnections: maxConnections, maxBodyBytes: maxBodyBytes)
}

/// URLSession (TLS, proxies): for hosted APIs.
///
/// The size limit is checked once the body is in: URLSession gathers it first, so unlike the
/// socket transport this one does not bound memory against a hostile https server.
final class URLSessionTransport: HTTPTransport {
  private let session: URLSession
  private let maxBodyBytes: Int

  init(maxConnections: Int, maxBodyBytes: Int = SocketTransport.defaultMaxBodyBytes) {
    self.maxBodyBytes = maxBodyBytes
    let configuration = URLSessionConfiguration.ephemeral  // no cookies, no URLCache on disk
    configuration.httpMaximumConnectionsPerHost = maxConnections
    session = URLSession(configuration: configuration)
  }

  func send(method: String, url: URL, headers: [String: String], body: Data?, timeout: Double) async
    -> Result<HTTPResponse, TransportError>
  {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.httpBody = body
    request.timeoutInterval = Deadline.clampedSeconds(timeout)
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    do {
      let (data, response) = try await session.data(for: request)
      guard data.count <= maxBodyBytes else {
        return .failure(.tooLarge("the body of \(data.count) bytes exceeds the \(maxBodyBytes)-byte response limit"))
      }
      let http = response as? HTTPURLResponse
      var fields: [String: String] = [:]
      for (name, value) in http?.allHeaderFields ?? [:] {
        if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
      }
      return .success(HTTPResponse(status: http?.statusCode ?? 0, headers: fields, body: data))
    } catch let error as URLError {
      switch error.code {
      case .timedOut: return .failure(.timedOut)
      case .cannotConnectToHost: return .failure(.connectionRefused)
      case .networkConnectionLost: return .failure(.connectionLost)
      default: return .failure(.other("URL error \(error.code.rawValue)"))
      }
    } catch {
      return .failure(.other("\(error)"))
    }
  }
}
