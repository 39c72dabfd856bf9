// book-flight's made-up flights and their dates, as the page's generateFlights draws and writes
// them: a departure uniform over the chosen day, an arrival uniform between the departure and
// noon of the next day, a price in [50, 1200), in the browser's time zone (the reference runs
// Chromium in UTC, en-US), from seedrandom's numbers (web_seedrandom.hpp) so that the native
// env shows the same flights as the seeded page.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#include "web_page.hpp"
#include "web_seedrandom.hpp"

namespace csim {
namespace web {

constexpr int32_t kMaxFlights = 5;      // the page's MAX_FLIGHTS; it draws randi(3, 5): 3 or 4
constexpr int32_t kCityChars = 64;
constexpr double kDayMs = 86400000.0;

struct Flight {
  char depart_time[12] = "", depart_day[20] = "", depart_city[kCityChars] = "";
  char arrive_time[12] = "", arrive_day[20] = "", arrive_city[kCityChars] = "";
  char duration[16] = "";
  char price_text[32] = "";  // the Book button: "Book flight for $<price>"
  int64_t duration_ms = 0;
  int32_t price = 0;
};

namespace flight_dates {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
inline int64_t days_from_civil(int64_t y, int32_t m, int32_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

inline void civil_from_days(int64_t z, int64_t& y, int32_t& m, int32_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

// Date.parse("MM/DD/YYYY") at midnight UTC, or false when the text is not such a date.
inline bool parse_mdy(const char* text, int64_t& ms) {
  int32_t m = 0, d = 0, y = 0;
  if (std::strlen(text) != 10 || text[2] != '/' || text[5] != '/') return false;
  for (int32_t i : {0, 1, 3, 4, 6, 7, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  m = (text[0] - '0') * 10 + (text[1] - '0');
  d = (text[3] - '0') * 10 + (text[4] - '0');
  y = (text[6] - '0') * 1000 + (text[7] - '0') * 100 + (text[8] - '0') * 10 + (text[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  ms = days_from_civil(y, m, d) * 86400000LL;
  return true;
}

// Date.prototype.toDateString: "Fri Dec 23 2016".
inline void date_string(int64_t ms, char* out, size_t capacity) {
  static const char* const kDays[7] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static const char* const kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t y = 0;
  int32_t m = 0, d = 0;
  civil_from_days(days, y, m, d);
  out[0] = '\0';
  append(out, capacity, kDays[((days % 7) + 7) % 7]);
  append(out, capacity, " ");
  append(out, capacity, kMonths[m - 1]);
  append(out, capacity, d < 10 ? " 0" : " ");
  append_int(out, capacity, d);
  append(out, capacity, " ");
  append_int(out, capacity, y);
}

// toLocaleTimeString() in en-US with the seconds cut out, as the page's regex does: "3:23 PM".
inline void time_string(int64_t ms, char* out, size_t capacity) {
  const int64_t in_day = ((ms % 86400000) + 86400000) % 86400000;
  const int32_t hour = static_cast<int32_t>(in_day / 3600000);
  const int32_t minute = static_cast<int32_t>(in_day / 60000 % 60);
  out[0] = '\0';
  append_int(out, capacity, hour % 12 == 0 ? 12 : hour % 12);
  append(out, capacity, minute < 10 ? ":0" : ":");
  append_int(out, capacity, minute);
  append(out, capacity, hour < 12 ? " AM" : " PM");
}

// The page's userDuration: parseInt((d / 3600000) % 60) + 'h ' + parseInt((d / 60000) % 60) + 'm'.
inline void duration_string(int64_t duration, char* out, size_t capacity) {
  const double d = static_cast<double>(duration);
  out[0] = '\0';
  append_int(out, capacity, static_cast<int64_t>(std::trunc(std::fmod(d / 3600000.0, 60.0))));
  append(out, capacity, "h ");
  append_int(out, capacity, static_cast<int64_t>(std::trunc(std::fmod(d / 60000.0, 60.0))));
  append(out, capacity, "m");
}

// ui_utils.randomDate(start, end): new Date(start + random * (end - start)), the time value
// truncated to whole milliseconds as the Date constructor does.
inline int64_t random_date(SeedRandom& random, double start, double end) {
  return static_cast<int64_t>(std::trunc(start + random.uniform() * (end - start)));
}

}  // namespace flight_dates

// generateFlights(departCity, arriveCity, day): fills `out` and returns how many (3 or 4).
inline int32_t generate_flights(SeedRandom& random, const char* depart_city, const char* arrive_city,
                                const char* day, Flight* out) {
  int64_t start_ms = 0;
  flight_dates::parse_mdy(day, start_ms);  // the page parses the datepicker's value
  const int32_t count = random.randi(3, kMaxFlights);
  const double start = static_cast<double>(start_ms);
  const double start_max = start + kDayMs;
  const double end = start + kDayMs * 1.5;
  for (int32_t i = 0; i < count; ++i) {
    Flight& f = out[i];
    const int64_t depart = flight_dates::random_date(random, start, start_max);
    const int64_t arrive = flight_dates::random_date(random, static_cast<double>(depart), end);
    std::strncpy(f.depart_city, depart_city, kCityChars - 1);
    f.depart_city[kCityChars - 1] = '\0';
    std::strncpy(f.arrive_city, arrive_city, kCityChars - 1);
    f.arrive_city[kCityChars - 1] = '\0';
    flight_dates::date_string(depart, f.depart_day, sizeof(f.depart_day));
    flight_dates::time_string(depart, f.depart_time, sizeof(f.depart_time));
    flight_dates::date_string(arrive, f.arrive_day, sizeof(f.arrive_day));
    flight_dates::time_string(arrive, f.arrive_time, sizeof(f.arrive_time));
    f.duration_ms = arrive - depart;
    flight_dates::duration_string(f.duration_ms, f.duration, sizeof(f.duration));
    f.price = random.randi(50, 1200);
    f.price_text[0] = '\0';
    append(f.price_text, sizeof(f.price_text), "Book flight for $");
    append_int(f.price_text, sizeof(f.price_text), f.price);
  }
  return count;
}

}  // namespace web
}  // namespace csim
