import CSim
import XCTest

/// book-flight-nodelay through the C ABI: a loaded instance, the autocompletes and the
/// datepicker as the browser showed them, the made-up flights a wrong search draws from the
/// seeded stream (values read from the real page in Chromium), the booking rewards and the
/// refusals of bad states.
final class MiniWobFlightTests: XCTestCase {
  private static let rows: Int32 = 128
  private static func type(row: Int32, field: Int32) -> Int32 { rows + row * 8 + field }
  private static func key(_ index: Int32) -> Int32 { rows + rows * 8 + index }  // 0-9, '-', Bksp, Enter, Up, Down
  private static let backspace = key(11), enter = key(12), up = key(13), down = key(14)
  // Rows of the form: the From input (6), the To input (8), the date input (12), Search (14).
  private static let from: Int32 = 6, to: Int32 = 8, date: Int32 = 12, search: Int32 = 14

  private static let flights = """
    [{"depart_time": "3:23 PM", "depart_day": "Fri Dec 23 2016", "depart_city": "Anvik, AK (ANV)",
      "arrive_time": "9:10 AM", "arrive_day": "Sat Dec 24 2016", "arrive_city": "MOT", "duration": "17h 47m",
      "duration_ms": 64043429, "price": 220},
     {"depart_time": "4:52 PM", "depart_day": "Fri Dec 23 2016", "depart_city": "Anvik, AK (ANV)",
      "arrive_time": "6:38 PM", "arrive_day": "Fri Dec 23 2016", "arrive_city": "MOT", "duration": "1h 45m",
      "duration_ms": 6349396, "price": 482},
     {"depart_time": "8:46 PM", "depart_day": "Fri Dec 23 2016", "depart_city": "Anvik, AK (ANV)",
      "arrive_time": "11:16 AM", "arrive_day": "Sat Dec 24 2016", "arrive_city": "MOT", "duration": "14h 29m",
      "duration_ms": 52194833, "price": 65}]
    """
  private static func state(criterion: String = "cheapest", date: String = "12/23/2016") -> String {
    """
    {"task": "book-flight-nodelay", "state": {"criterion": "\(criterion)", "from": "Anvik, AK", "to": "MOT",
     "date": "\(date)", "airports": ["Anvik, AK (ANV)", "Minot, ND (MOT)", "Aniak, AK (ANI)", "Boston, MA (BOS)"],
     "flights": \(flights), "random_seed": "pavlov-0"}}
    """
  }

  private func make() throws -> BatchHarness {
    let h = try BatchHarness("MiniWob-book-flight-nodelay-v0", count: 1, seed: 5, threads: 1, maxSteps: 100)
    h.reset()
    return h
  }

  /// The row of the first caption line that holds `text`.
  private func row(_ h: BatchHarness, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int32 {
    for captionLine in h.render().split(separator: "\n") where captionLine.contains(text) {
      if let close = captionLine.firstIndex(of: "]"), captionLine.hasPrefix("["),
        let n = Int32(captionLine[captionLine.index(after: captionLine.startIndex)..<close])
      {
        return n
      }
    }
    XCTFail("no row holds \(text): \(h.render())", file: file, line: line)
    return 0
  }

  private func count(_ text: String, in h: BatchHarness) -> Int { h.render().components(separatedBy: text).count - 1 }

  /// From and To chosen from their menus.
  private func chooseAirports(_ h: BatchHarness) {
    h.step([Self.type(row: Self.from, field: 1)])  // "Anvik, AK"
    h.step([row(h, "<div class=\"ui-menu-item-wrapper\">Anvik, AK (ANV)")])
    h.step([Self.type(row: Self.to, field: 2)])  // "MOT"
    h.step([row(h, "<div class=\"ui-menu-item-wrapper\">Minot, ND (MOT)")])
  }

  func testAutocompleteSearchesMovesAndSelects() throws {
    let h = try make()
    XCTAssertEqual(h.loadState(Self.state()), CSIM_OK, h.lastError)
    h.step([Self.type(row: Self.from, field: 1)])
    XCTAssertTrue(h.render().contains("1 result is available, use up and down arrow keys to navigate."), h.render())
    for _ in 0..<7 { h.step([Self.backspace]) }  // "An": Anvik and Aniak, in the list's order
    XCTAssertTrue(h.render().contains("2 results are available"), h.render())
    XCTAssertLessThan(row(h, ">Anvik, AK (ANV)"), row(h, ">Aniak, AK (ANI)"))
    h.step([Self.down])
    h.step([Self.down])
    XCTAssertTrue(h.render().contains("value=\"Aniak, AK (ANI)\""), h.render())
    h.step([Self.down])  // past the last item: the typed term again
    XCTAssertTrue(h.render().contains("value=\"An\""), h.render())
    h.step([Self.up])  // from no active item, up goes to the last
    h.step([Self.enter])
    XCTAssertTrue(h.render().contains("value=\"Aniak, AK (ANI)\""), h.render())
    XCTAssertFalse(h.render().contains("ui-menu-item"), "Enter closes the menu")
    // A click on an item while another is active selects the active one (jQuery UI's menu).
    for _ in 0..<15 { h.step([Self.backspace]) }  // "Aniak, AK (ANI)" away
    XCTAssertFalse(h.render().contains("<ul"), "an empty value closes the menu")
    h.step([Self.type(row: Self.from, field: 1)])
    for _ in 0..<7 { h.step([Self.backspace]) }
    h.step([Self.down])
    h.step([row(h, ">Aniak, AK (ANI)")])
    XCTAssertTrue(h.render().contains("value=\"Anvik, AK (ANV)\""), h.render())
    // Another input's focus closes the menu.
    h.step([Self.backspace])
    XCTAssertTrue(h.render().contains("<ul"), h.render())
    h.step([Self.to])
    XCTAssertFalse(h.render().contains("<ul"), h.render())
  }

  func testWrongSearchesShowTheSeededMadeUpFlights() throws {
    let h = try make()
    XCTAssertEqual(h.loadState(Self.state()), CSIM_OK, h.lastError)
    chooseAirports(h)
    h.step([Self.date])  // opens on December with the 31st highlighted: Enter picks it
    XCTAssertTrue(h.render().contains(">December"), h.render())
    h.step([Self.enter])
    XCTAssertTrue(h.render().contains("value=\"12/31/2016\""), h.render())
    h.step([Self.search])
    // What the page drew in Chromium after Math.seedrandom("pavlov-0") for these searches.
    let render = h.render()
    XCTAssertEqual(count("class=\"flight-price\"", in: h), 3, render)
    for text in ["ANV to MOT", "4:26 PM", "Sat Dec 31 2016", "3:09 AM", "Sun Jan 01 2017", "10h 42m", "$1081",
      "13h 3m", "$1054", "10h 34m", "$361", ">Minot, ND (MOT)"]
    {
      XCTAssertTrue(render.contains(text), "\(text): \(render)")
    }
    XCTAssertEqual(h.info(0, Int(CSIM_INFO_PROGRESS)), 0.4, accuracy: 1e-6)
    h.step([row(h, "id=menu-back")])
    h.step([Self.date])
    h.step([row(h, "<a>30")])
    h.step([Self.search])
    XCTAssertEqual(count("class=\"flight-price\"", in: h), 4, h.render())
    for text in ["9:57 PM", "Fri Dec 30 2016", "12:59 AM", "3h 1m", "$294", "26h 25m", "$219"] {
      XCTAssertTrue(h.render().contains(text), "\(text): \(h.render())")
    }
    h.step([row(h, "$219")])  // the cheapest made-up flight still fails
    XCTAssertEqual(h.terminated[0], 1)
    XCTAssertEqual(h.rewards[0], -1)
  }

  func testRightSearchBooksTheCheapestOrShortest() throws {
    let h = try make()
    for (criterion, other) in [("cheapest", "$220"), ("shortest", "$65")] {
      XCTAssertEqual(h.loadState(Self.state(criterion: criterion)), CSIM_OK, h.lastError)
      chooseAirports(h)
      h.step([Self.date])
      h.step([row(h, "<a>23")])
      h.step([Self.search])
      XCTAssertEqual(count("class=\"flight-price\"", in: h), 3, h.render())
      XCTAssertEqual(h.info(0, Int(CSIM_INFO_PROGRESS)), 0.8, accuracy: 1e-6)
      h.step([row(h, other)])
      XCTAssertEqual(h.rewards[0], -1, criterion)
      // The expert, from a fresh instance: two fields, two menu items, the date, Search, Book.
      XCTAssertEqual(h.loadState(Self.state(criterion: criterion)), CSIM_OK)
      var steps = 0
      repeat {
        let action = h.expertAction()
        if steps == 6 { XCTAssertEqual(action, Self.search) }
        h.step([action])
        steps += 1
      } while h.terminated[0] == 0 && steps < 16
      XCTAssertEqual(steps, 8, criterion)
      XCTAssertEqual(h.rewards[0], 1, criterion)
      XCTAssertEqual(h.info(0, Int(CSIM_INFO_SUCCESS)), 1)
    }
  }

  func testBadStatesAreRefused() throws {
    let h = try make()
    let good = Self.state()
    for (json, message) in [
      (good.replacingOccurrences(of: "\"cheapest\"", with: "\"fastest\""), "state.criterion"),
      (Self.state(date: "09/30/2016"), "state.date"),
      (Self.state(date: "13/01/2016"), "state.date"),
      (Self.state(date: "10/01/2017"), "state.date"),
      (good.replacingOccurrences(of: #""airports": ["#, with: #""airports": [], "x": ["#), "state.airports holds 0"),
      (good.replacingOccurrences(of: #""price": 65"#, with: #""price": "65""#), "state.flights[2].price"),
      (good.replacingOccurrences(of: #""random_seed": "pavlov-0""#, with: #""seed": 1"#), "random_seed"),
    ] {
      XCTAssertEqual(h.loadState(json), CSIM_ERROR_INVALID_ARGUMENT, json)
      XCTAssertTrue(h.lastError.contains(message), "\(message): \(h.lastError)")
    }
  }
}
