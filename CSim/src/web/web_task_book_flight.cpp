// book-flight-nodelay: a form with From and To fields (jQuery UI autocompletes over the page's
// airport list), a departure date (a datepicker for October to December 2016) and Search; a
// search whose airports hold the asked city or code and whose date is the asked one shows the
// instance's flights, any other valid search shows 3 or 4 flights made up from the page's
// Math.random; booking the cheapest (or shortest) of the instance's flights gives +1
// (time-proportional), any other booking -1. Modelled from the page's script and from probes
// of the real page (docs/miniwob.md):
// - the autocomplete menus (ul > li > div per match) and their live regions follow #wrap in the
//   body, then the datepicker; a long menu runs past the table's rows, which are dropped;
// - Search hides the form, so the focus falls to the body, and the input that had it is
//   blurred (its menu closes); Back shows the form again;
// - a click on a menu's ul focuses it, which blurs the input (closing the menu): the body ends
//   up focused;
// - the datepicker's Prev and Next redraw it, which focuses its input when it is shown;
// - #area (overflow-y: scroll) takes the focus when clicked while the results overflow it.
#include <cstring>
#include <string>
#include <vector>

#include "web_autocomplete.hpp"
#include "web_common.hpp"
#include "web_env.hpp"
#include "web_flight_picker.hpp"
#include "web_flights.hpp"
#include "web_seedrandom.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

enum : int16_t {
  kRoleInput = kRoleFirstTaskRole,  // arg 0: From, 1: To
  kRoleMenu,                        // a menu's ul; arg: which input
  kRoleItem,                        // arg: input * 1024 + item
  kRoleDate,
  kRolePrev,
  kRoleNext,
  kRoleDay,  // arg: day
  kRoleBack,
  kRoleBook,  // arg: flight
  kRoleArea,  // #area, an overflow-y: scroll box: focusable while the results overflow it
};

// Airports for natively drawn episodes: a short list of real US airports in the page's
// "City, ST (CODE)" form (a loaded instance carries the page's own list instead).
const char* const kAirports[] = {
    "Albuquerque, NM (ABQ)", "Anchorage, AK (ANC)",     "Atlanta, GA (ATL)",       "Austin, TX (AUS)",
    "Baltimore, MD (BWI)",   "Boise, ID (BOI)",         "Boston, MA (BOS)",        "Buffalo, NY (BUF)",
    "Burlington, VT (BTV)",  "Charlotte, NC (CLT)",     "Chicago, IL (ORD)",       "Chicago, IL (MDW)",
    "Cincinnati, OH (CVG)",  "Cleveland, OH (CLE)",     "Dallas, TX (DFW)",        "Denver, CO (DEN)",
    "Detroit, MI (DTW)",     "El Paso, TX (ELP)",       "Fairbanks, AK (FAI)",     "Honolulu, HI (HNL)",
    "Houston, TX (IAH)",     "Indianapolis, IN (IND)",  "Juneau, AK (JNU)",        "Kansas City, MO (MCI)",
    "Las Vegas, NV (LAS)",   "Los Angeles, CA (LAX)",   "Memphis, TN (MEM)",       "Miami, FL (MIA)",
    "Milwaukee, WI (MKE)",   "Minneapolis, MN (MSP)",   "Nashville, TN (BNA)",     "New Orleans, LA (MSY)",
    "New York, NY (JFK)",    "New York, NY (LGA)",      "Newark, NJ (EWR)",        "Oakland, CA (OAK)",
    "Omaha, NE (OMA)",       "Orlando, FL (MCO)",       "Philadelphia, PA (PHL)",  "Phoenix, AZ (PHX)",
    "Pittsburgh, PA (PIT)",  "Portland, ME (PWM)",      "Portland, OR (PDX)",      "Raleigh/Durham, NC (RDU)",
    "Reno, NV (RNO)",        "Salt Lake City, UT (SLC)", "San Antonio, TX (SAT)",  "San Diego, CA (SAN)",
    "San Francisco, CA (SFO)", "Seattle, WA (SEA)",     "St. Louis, MO (STL)",     "Tampa, FL (TPA)",
    "Tucson, AZ (TUS)",      "Tulsa, OK (TUL)",         "Washington, DC (DCA)",    "Wichita, KS (ICT)",
};
constexpr int32_t kNumAirports = static_cast<int32_t>(sizeof(kAirports) / sizeof(kAirports[0]));
constexpr int32_t kMaxAirports = 4096;
constexpr int32_t kTextField = 64;

// The airport code of "City, ST (CODE)" as the page reads it: the name split at " (" and ")",
// its second piece ("undefined" when there is none).
void airport_code(const char* name, char* out, size_t capacity) {
  int32_t piece = 0;
  size_t n = 0;
  for (const char* c = name; *c != '\0' && piece < 2; ++c) {
    if ((c[0] == ' ' && c[1] == '(') || c[0] == ')') {
      if (c[0] == ' ') ++c;
      ++piece;
    } else if (piece == 1 && n + 1 < capacity) {
      out[n++] = *c;
    }
  }
  out[n] = '\0';
  if (piece == 0) {
    out[0] = '\0';
    append(out, capacity, "undefined");
  }
}

// The city part of "City, ST (CODE)": what the page's instruction may name instead of the code.
void airport_city(const char* name, char* out, size_t capacity) {
  const char* paren = std::strstr(name, " (");
  size_t n = paren ? static_cast<size_t>(paren - name) : std::strlen(name);
  if (n + 1 > capacity) n = capacity - 1;
  std::memcpy(out, name, n);
  out[n] = '\0';
}

class BookFlight final : public Task {
 public:
  void generate(Rng& rng) override {
    // The page's genProblem, drawn from a seeded seedrandom stream that then goes on to draw
    // the made-up flights of wrong searches.
    char seed[24] = "pavlov-";
    append_int(seed, sizeof(seed), static_cast<int64_t>(rng.below(0xFFFFFFFFu)));
    random_.seed(seed);
    use_airports(kAirports, kNumAirports);
    const char* origin = kAirports[random_.sample(kNumAirports)];
    char from[kTextField], to[kTextField];
    if (random_.sample(2) == 0) airport_city(origin, from, sizeof(from)); else airport_code(origin, from, sizeof(from));
    const char* destination = kAirports[random_.sample(kNumAirports)];
    if (random_.sample(2) == 0) airport_city(destination, to, sizeof(to)); else airport_code(destination, to, sizeof(to));
    const double first = static_cast<double>(flight_dates::days_from_civil(2016, 10, 1)) * kDayMs;
    const double last = static_cast<double>(flight_dates::days_from_civil(2016, 12, 31)) * kDayMs;
    const int64_t day = flight_dates::random_date(random_, first, last) / 86400000;
    int64_t y = 0;
    int32_t m = 0, d = 0;
    flight_dates::civil_from_days(day, y, m, d);
    char date[12];
    FlightPicker::format(m - 1, d, date);
    shortest_ = random_.sample(2) == 1;
    set_text(from_, from);
    set_text(to_, to);
    set_text(date_, date);
    num_flights_ = generate_flights(random_, origin, to_, date_, flights_);
    start();
  }

  void load(const json::Value& state) override {
    const std::string& criterion = state.at("criterion", "state").as_string("state.criterion");
    if (criterion != "cheapest" && criterion != "shortest") {
      throw InvalidArgument("state.criterion must be \"cheapest\" or \"shortest\"; got \"" + criterion + "\"");
    }
    char from[kTextField], to[kTextField], date[kTextField], seed[SeedRandom::kMaxSeedChars + 1];
    read_text(state.at("from", "state"), "state.from", from, sizeof(from));
    read_text(state.at("to", "state"), "state.to", to, sizeof(to));
    read_text(state.at("date", "state"), "state.date", date, sizeof(date));
    int64_t ms = 0;
    const int64_t first = flight_dates::days_from_civil(2016, 10, 1) * 86400000LL;
    const int64_t last = flight_dates::days_from_civil(2016, 12, 31) * 86400000LL;
    if (!flight_dates::parse_mdy(date, ms) || ms < first || ms > last) {
      throw InvalidArgument(std::string("state.date must be a date MM/DD/2016 from 10/01/2016 to 12/31/2016; got \"") +
                            date + "\"");
    }
    const auto& names = state.at("airports", "state").as_array("state.airports");
    if (names.empty() || names.size() > static_cast<size_t>(kMaxAirports)) {
      throw InvalidArgument("state.airports holds " + std::to_string(names.size()) + " names; 1 to " +
                            std::to_string(kMaxAirports) + " are allowed");
    }
    std::vector<std::string> airports;
    airports.reserve(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string where = "state.airports[" + std::to_string(i) + "]";
      char name[kCityChars];
      read_text(names[i], where, name, sizeof(name));
      airports.emplace_back(name);
    }
    const auto& list = state.at("flights", "state").as_array("state.flights");
    if (list.empty() || list.size() > static_cast<size_t>(kMaxFlights)) {
      throw InvalidArgument("state.flights holds " + std::to_string(list.size()) + " flights; 1 to " +
                            std::to_string(kMaxFlights) + " are allowed");
    }
    Flight flights[kMaxFlights];
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = "state.flights[" + std::to_string(i) + "]";
      const json::Value& v = list[i];
      Flight& f = flights[i];
      read_text(v.at("depart_time", at), at + ".depart_time", f.depart_time, sizeof(f.depart_time));
      read_text(v.at("depart_day", at), at + ".depart_day", f.depart_day, sizeof(f.depart_day));
      read_text(v.at("depart_city", at), at + ".depart_city", f.depart_city, sizeof(f.depart_city));
      read_text(v.at("arrive_time", at), at + ".arrive_time", f.arrive_time, sizeof(f.arrive_time));
      read_text(v.at("arrive_day", at), at + ".arrive_day", f.arrive_day, sizeof(f.arrive_day));
      read_text(v.at("arrive_city", at), at + ".arrive_city", f.arrive_city, sizeof(f.arrive_city));
      read_text(v.at("duration", at), at + ".duration", f.duration, sizeof(f.duration));
      f.duration_ms = v.at("duration_ms", at).as_int(at + ".duration_ms", 0, 2 * 86400000LL);
      f.price = static_cast<int32_t>(v.at("price", at).as_int(at + ".price", 0, 1000000));
      f.price_text[0] = '\0';
      append(f.price_text, sizeof(f.price_text), "Book flight for $");
      append_int(f.price_text, sizeof(f.price_text), f.price);
    }
    read_text(state.at("random_seed", "state"), "state.random_seed", seed, sizeof(seed));
    // Valid: assign.
    loaded_names_ = std::move(airports);
    loaded_pointers_.clear();
    for (const std::string& s : loaded_names_) loaded_pointers_.push_back(s.c_str());
    use_airports(loaded_pointers_.data(), static_cast<int32_t>(loaded_pointers_.size()));
    shortest_ = criterion == "shortest";
    set_text(from_, from);
    set_text(to_, to);
    set_text(date_, date);
    num_flights_ = static_cast<int32_t>(list.size());
    for (int32_t i = 0; i < num_flights_; ++i) flights_[i] = flights[i];
    random_.seed(seed);
    start();
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Book the ");
    append(out.utterance, sizeof(out.utterance), shortest_ ? "shortest" : "cheapest");
    append(out.utterance, sizeof(out.utterance), " one-way flight from: ");
    append(out.utterance, sizeof(out.utterance), from_);
    append(out.utterance, sizeof(out.utterance), " to: ");
    append(out.utterance, sizeof(out.utterance), to_);
    append(out.utterance, sizeof(out.utterance), " on ");
    append(out.utterance, sizeof(out.utterance), date_);
    append(out.utterance, sizeof(out.utterance), ".");
    out.add_field("criterion", shortest_ ? "shortest" : "cheapest");
    out.add_field("from", from_);
    out.add_field("to", to_);
    out.add_field("date", date_);
  }

  void build(Page& page, Target focus) const override {
    focus_seen_ = focus;
    Element* e = nullptr;
    auto add = [&page](uint8_t tag, int32_t parent, float l, float t, float w, float h, Element*& out) -> int32_t {
      if (page.count >= kMaxElements) {  // the table is full: this row and all after it are dropped
        out = nullptr;
        return -1;
      }
      const int32_t row = page.add(tag, parent, l, t, w, h);
      out = &page.rows[row];
      return row;
    };
    const int32_t area = add_frame(page, 160);
    page.rows[area].role = kRoleArea;
    page.rows[area].flags = kFlagFocusable;  // a click focuses it only while it overflows (below)
    if (!results_shown_) {
      build_form(page, area);
    } else {
      build_results(page, area);
    }
    for (int32_t k = 0; k < 2; ++k) {
      const Autocomplete& ac = inputs_[k];
      if (ac.open()) {
        const int32_t ul = add(kTagUl, 0, 4, k == 0 ? 103.0f : 128.0f, 128, 82, e);
        if (e) {
          e->classes = "ui-menu ui-widget ui-widget-content ui-autocomplete ui-front";
          e->role = kRoleMenu;
          e->arg = static_cast<int16_t>(k);
        }
        const int32_t n = static_cast<int32_t>(ac.items().size());
        for (int32_t i = 0; i < n && page.count < kMaxElements; ++i) {
          const float y = (k == 0 ? 104.0f : 129.0f) + 17.0f * static_cast<float>(i);
          const int32_t li = add(kTagLi, ul, 5, y, 126, 17, e);
          const int16_t arg = static_cast<int16_t>(k * 1024 + i);
          if (e) {
            e->classes = "ui-menu-item";
            e->role = kRoleItem;
            e->arg = arg;
          }
          add(kTagDiv, li, 5, y, 126, 17, e);
          if (e) {
            e->classes = "ui-menu-item-wrapper";
            e->text = ac.name(i);
            e->role = kRoleItem;
            e->arg = arg;
          }
        }
      }
      const int32_t live = add(kTagDiv, 0, -1, 209, 1, 1, e);
      if (e) e->classes = "ui-helper-hidden-accessible";
      if (ac.message()[0] != '\0') {
        add(kTagDiv, live, -1, 209, 1, 48, e);
        if (e) e->text = ac.message();
      }
    }
    if (picker_.showing()) picker_.build(add, kRolePrev, kRoleNext, kRoleDay);
  }

  Outcome click(Target target) override {
    const Target before = focus_seen_;
    switch (target.role) {
      case kRoleInput:
        if (!results_shown_) move_focus(before, target);
        return Outcome::none();
      case kRoleDate:
        if (!results_shown_) move_focus(before, target);
        return Outcome::none();
      case kRoleMenu: {
        // The ul takes the focus, the input's blur closes the menu, and the hidden ul loses it.
        blur(before);
        return Outcome::focus_on(0, 0);
      }
      case kRoleItem:  // a menu shows only while its input has the focus, which keeps it
        inputs_[target.arg / 1024].click_item(target.arg % 1024);
        return Outcome::none();
      case kRolePrev:
      case kRoleNext:
        if (picker_.step_month(target.role == kRolePrev ? -1 : 1) && !results_shown_ && before.role != kRoleDate) {
          blur(before);  // the redraw focuses the shown input
          return Outcome::focus_on(kRoleDate, 0);
        }
        return Outcome::none();
      case kRoleDay:
        picker_.choose(target.arg);
        return Outcome::none();
      case kRoleSubmit:
        if (results_shown_) return Outcome::none();
        search();
        if (!results_shown_) {
          move_focus(before, target);  // the button, still shown, takes the focus
        } else {
          blur(before);  // Chromium blurs the focused input the form's hiding took away
        }
        return Outcome::none();
      case kRoleArea:
        // Chromium focuses a scroll box whose content overflows it: the results always do, the
        // form never; a focused #area keeps the focus when Back shows the form again.
        if (!results_shown_) return Outcome::focus_kept();
        return Outcome::none();
      case kRoleBack:
        results_shown_ = false;
        return Outcome::none();
      case kRoleBook: {
        const Flight& f = shown_[target.arg];
        bool right = false;
        if (shown_right_) {
          right = shortest_ ? f.duration_ms == best_duration_ : f.price == best_price_;
        }
        return Outcome::end(right ? 1.0f : -1.0f, right);
      }
      default:
        return Outcome::none();
    }
  }

  Outcome key(Target focus, char key) override {
    if (focus.role == kRoleInput) {
      inputs_[focus.arg].key(key);
    } else if (focus.role == kRoleDate) {
      picker_.on_key(key == kKeyEnter);
    }
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    if (results_shown_) {
      if (!shown_right_) return click_action(find(page, kRoleBack, -1));
      for (int32_t i = 0; i < num_shown_; ++i) {
        const bool best = shortest_ ? shown_[i].duration_ms == best_duration_ : shown_[i].price == best_price_;
        if (best) return click_action(find(page, kRoleBook, static_cast<int16_t>(i)));
      }
    }
    const char* wanted[2] = {from_, to_};
    for (int32_t k = 0; k < 2; ++k) {
      const Autocomplete& ac = inputs_[k];
      if (ac.value_listed() && std::strstr(ac.value(), wanted[k]) != nullptr) continue;
      const int32_t input = find(page, kRoleInput, static_cast<int16_t>(k));
      const bool focused = focus.role == kRoleInput && focus.arg == k;
      if (focused && ac.open()) {
        for (int32_t i = 0; i < static_cast<int32_t>(ac.items().size()); ++i) {
          if (std::strstr(ac.name(i), wanted[k]) != nullptr) {
            const int32_t row = find(page, kRoleItem, static_cast<int16_t>(k * 1024 + i));
            if (row >= 0) return click_action(row);
          }
        }
      }
      if (ac.value()[0] != '\0') return focused ? key_action(kKeyBackspace) : click_action(input);
      return type_action(input, k + 1);
    }
    if (std::strcmp(picker_.value(), date_) != 0) {
      const bool focused = focus.role == kRoleDate;
      if (!picker_.showing()) {
        return focused ? click_action(find(page, kRoleInput, 0)) : click_action(find(page, kRoleDate, -1));
      }
      const int32_t month = (date_[0] - '0') * 10 + (date_[1] - '0') - 1;
      const int32_t day = (date_[3] - '0') * 10 + (date_[4] - '0');
      if (picker_.shown_month() > month) return click_action(find_tag(page, kRolePrev, kTagA));
      if (picker_.shown_month() < month) return click_action(find_tag(page, kRoleNext, kTagA));
      return click_action(find_day(page, day));
    }
    return click_action(find(page, kRoleSubmit, -1));
  }

  float progress() const override {
    float p = 0.0f;
    if (inputs_[0].value_listed() && std::strstr(inputs_[0].value(), from_) != nullptr) p += 0.2f;
    if (inputs_[1].value_listed() && std::strstr(inputs_[1].value(), to_) != nullptr) p += 0.2f;
    if (std::strcmp(picker_.value(), date_) == 0) p += 0.2f;
    if (results_shown_ && shown_right_) p = 0.8f;
    return p;
  }

 private:
  static void set_text(char* out, const char* s) {
    std::strncpy(out, s, kTextField - 1);
    out[kTextField - 1] = '\0';
  }

  void use_airports(const char* const* names, int32_t count) {
    for (Autocomplete& ac : inputs_) ac.attach(names, count);
  }

  void start() {
    inputs_[0].clear();
    inputs_[1].clear();
    picker_.reset();
    results_shown_ = false;
    shown_right_ = false;
    num_shown_ = 0;
    best_duration_ = 0;
    best_price_ = 0;
    focus_seen_ = Target();
  }

  // The focus moves from `before` to `target`: the blur handlers, then the focus handlers.
  void move_focus(Target before, Target target) {
    if (before == target) return;
    blur(before);
    if (target.role == kRoleDate) picker_.on_focus();
  }

  void blur(Target before) {
    if (before.role == kRoleInput) inputs_[before.arg].blur();
  }

  // The page's Search handler: validate, then show the instance's flights for the asked
  // search, or made-up ones for any other.
  void search() {
    const char* from = inputs_[0].value();
    const char* to = inputs_[1].value();
    if (!inputs_[0].value_listed() || !inputs_[1].value_listed() || picker_.value()[0] == '\0') return;
    results_shown_ = true;
    char a[16], b[16];
    airport_code(from, a, sizeof(a));
    airport_code(to, b, sizeof(b));
    codes_[0] = '\0';
    append(codes_, sizeof(codes_), a);
    append(codes_, sizeof(codes_), " to ");
    append(codes_, sizeof(codes_), b);
    set_text(shown_date_, picker_.value());
    shown_right_ = std::strstr(from, from_) != nullptr && std::strstr(to, to_) != nullptr &&
                   std::strcmp(picker_.value(), date_) == 0;
    if (shown_right_) {
      num_shown_ = num_flights_;
      best_duration_ = 2 * 86400000LL;
      best_price_ = 1200;
      for (int32_t i = 0; i < num_flights_; ++i) {
        shown_[i] = flights_[i];
        if (flights_[i].duration_ms < best_duration_) best_duration_ = flights_[i].duration_ms;
        if (flights_[i].price < best_price_) best_price_ = flights_[i].price;
      }
    } else {
      num_shown_ = generate_flights(random_, from, to, picker_.value(), shown_);
    }
  }

  void build_form(Page& page, int32_t area) const {
    const int32_t menu = page.add(kTagDiv, area, 2, 60, 141, 145);
    page.rows[menu].id = "menu";
    const int32_t h2 = page.add(kTagH2, menu, 4, 60, 139, 11);
    page.rows[h2].id = "header-book";
    page.rows[h2].text = "Book Your One-Way Flight";
    for (int32_t k = 0; k < 2; ++k) {
      const float y = 80.0f + 25.0f * static_cast<float>(k);
      const int32_t box = page.add(kTagDiv, menu, 2, y, 141, 25);
      page.rows[box].classes = "input-container";
      Element& in = page.rows[page.add(kTagInputText, box, 4, y + 2, 126, 21)];
      in.id = k == 0 ? "flight-from" : "flight-to";
      in.classes = "flight-input ui-autocomplete-input";
      in.value = inputs_[k].value();
      in.role = kRoleInput;
      in.arg = static_cast<int16_t>(k);
      in.flags = kFlagFocusable;
    }
    const int32_t departure = page.add(kTagDiv, menu, 2, 145, 141, 35);
    page.rows[departure].classes = "departure-container";
    const int32_t header = page.add(kTagDiv, departure, 2, 145, 128, 15);
    page.rows[header].classes = "departure-header";
    page.rows[header].text = "Departure Date";
    const int32_t box = page.add(kTagDiv, departure, 2, 160, 128, 20);
    page.rows[box].classes = "input-container";
    Element& date = page.rows[page.add(kTagInputText, box, 12, 162, 106, 16)];
    date.id = "datepicker";
    date.classes = "flight-input hasDatepicker";
    date.value = picker_.value();
    date.role = kRoleDate;
    date.flags = kFlagFocusable;
    const int32_t container = page.add(kTagDiv, menu, 2, 183, 141, 23);
    page.rows[container].classes = "search-container";
    Element& search = page.rows[page.add(kTagButton, container, 4, 185, 126, 19)];
    search.id = "search";
    search.text = "Search";
    search.role = kRoleSubmit;
    search.flags = kFlagFocusable;
  }

  void build_results(Page& page, int32_t area) const {
    const int32_t results = page.add(kTagDiv, area, 2, 54, 141, 529);
    page.rows[results].id = "results";
    const int32_t header = page.add(kTagDiv, results, 4, 54, 137, 32);
    page.rows[header].classes = "flight-header";
    const int32_t span = page.add(kTagSpan, header, 4, 55, 24, 11);
    Element& back = page.rows[page.add(kTagButton, span, 3, 54, 25, 15)];
    back.id = "menu-back";
    back.text = "Back";
    back.role = kRoleBack;
    back.flags = kFlagFocusable;
    const int32_t summary = page.add(kTagDiv, header, 4, 71, 142, 15);
    page.rows[summary].classes = "flight-summary";
    Element& codes = page.rows[page.add(kTagSpan, summary, 18, 73, 56, 11)];
    codes.classes = "flight-codes";
    codes.text = codes_;
    page.rows[page.add(kTagSpan, summary, 77, 73, 5, 11)].text = "|";
    Element& date = page.rows[page.add(kTagSpan, summary, 82, 73, 50, 11)];
    date.classes = "flight-date";
    date.text = shown_date_;
    for (int32_t i = 0; i < num_shown_; ++i) {
      if (page.count + 22 > kMaxElements) break;  // never: 7 + 4 * 22 rows fit
      const Flight& f = shown_[i];
      const float y = 89.0f + 128.0f * static_cast<float>(i);
      const int32_t flight = page.add(kTagDiv, results, 3, y, 144, 125);
      page.rows[flight].classes = "flight";
      const char* labels[3] = {"Depart:", "Arrives:", "Duration:"};
      static const char* const kLineClasses[3][3] = {{"depart-time", "depart-day", "depart-city"},
                                                     {"arrive-time", "arrive-day", "arrive-city"},
                                                     {"time-duration", nullptr, nullptr}};
      static const char* const kGroupClasses[3] = {"flight-depart", "flight-arrive", "flight-duration"};
      const char* lines[3][3] = {{f.depart_time, f.depart_day, f.depart_city},
                                 {f.arrive_time, f.arrive_day, f.arrive_city},
                                 {f.duration, nullptr, nullptr}};
      for (int32_t part = 0; part < 3; ++part) {
        const float top = y + 2.0f + 35.0f * static_cast<float>(part);
        const int32_t group = page.add(kTagDiv, flight, 5, top, 140, part == 2 ? 13.0f : 35.0f);
        page.rows[group].classes = kGroupClasses[part];
        const int32_t label_box = page.add(kTagDiv, group, 5, top, 41, 11);
        page.rows[label_box].classes = "label-container";
        page.rows[page.add(kTagLabel, label_box, 7, top, 33, 11)].text = labels[part];
        const int32_t details = page.add(kTagDiv, group, 48, top + 1, 97, part == 2 ? 11.0f : 33.0f);
        page.rows[details].classes = "details-container";
        for (int32_t line = 0; line < 3 && lines[part][line] != nullptr; ++line) {
          Element& text = page.rows[page.add(kTagDiv, details, 50, top + 1 + 11.0f * static_cast<float>(line), 95, 11)];
          text.classes = kLineClasses[part][line];
          text.text = lines[part][line];
        }
      }
      const int32_t book = page.add(kTagDiv, flight, 5, y + 85, 140, 38);
      page.rows[book].classes = "book";
      Element& button = page.rows[page.add(kTagButton, book, 12, y + 87, 126, 34)];
      button.classes = "flight-price";
      button.text = f.price_text;
      button.role = kRoleBook;
      button.arg = static_cast<int16_t>(i);
      button.flags = kFlagFocusable;
    }
  }

  static int32_t find(const Page& page, int16_t role, int16_t arg) {
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == role && (arg < 0 || page.rows[r].arg == arg)) return r;
    }
    return 0;
  }
  static int32_t find_tag(const Page& page, int16_t role, uint8_t tag) {
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == role && page.rows[r].tag == tag) return r;
    }
    return 0;
  }
  static int32_t find_day(const Page& page, int32_t day) {
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleDay && page.rows[r].arg == day && page.rows[r].tag == kTagA) return r;
    }
    return 0;
  }

  // The instance.
  char from_[kTextField] = "", to_[kTextField] = "", date_[kTextField] = "";
  bool shortest_ = false;
  Flight flights_[kMaxFlights];
  int32_t num_flights_ = 0;
  std::vector<std::string> loaded_names_;
  std::vector<const char*> loaded_pointers_;
  SeedRandom random_;
  // The page.
  Autocomplete inputs_[2];
  FlightPicker picker_;
  bool results_shown_ = false;
  bool shown_right_ = false;  // the results are the instance's flights (the asked search)
  Flight shown_[kMaxFlights];
  int32_t num_shown_ = 0;
  int64_t best_duration_ = 0;
  int32_t best_price_ = 0;
  char codes_[40] = "";
  char shown_date_[kTextField] = "";
  mutable Target focus_seen_;  // the focus as of the last page built: clicks blur it
};

}  // namespace

std::unique_ptr<Task> make_book_flight_nodelay() { return std::unique_ptr<Task>(new BookFlight()); }

}  // namespace web
}  // namespace csim
