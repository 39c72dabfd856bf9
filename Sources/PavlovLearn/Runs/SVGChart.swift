import Foundation

/// What Pavlov's charts (learning curves, reward traces) draw alike: the document with a white
/// page, the title and the plot's frame; path data through points; label text escaping.
package enum SVGChart {
  /// Opens the document, `width` × `height`, with the frame of the plot area at
  /// (`left`, `top`), `plotWidth` × `plotHeight`. Close it with `</svg>`.
  package static func header(width: Double, height: Double, title: String, left: Double, top: Double,
                             plotWidth: Double, plotHeight: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
    font-family="sans-serif" font-size="12">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(width / 2)" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>
    <rect x="\(left)" y="\(top)" width="\(plotWidth)" height="\(plotHeight)" fill="none" stroke="#999"/>

    """
  }

  /// SVG path data ("M x,y L x,y …") through points already in page coordinates.
  package static func pathData(_ points: [(x: Double, y: Double)]) -> String {
    points.enumerated().map { k, p in String(format: "%@%.1f,%.1f", k == 0 ? "M" : " L", p.x, p.y) }.joined()
  }

  package static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
