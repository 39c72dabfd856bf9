// Registers the native MiniWob task ids with the core. Default step limits: a few steps more
// than the expert needs on the longest instance, standing in for MiniWob's 10-20 s timers.
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {

void register_web_kinds(std::vector<const EnvKind*>& out) {
  // Function-local statics: built on first registration, immutable, never freed.
  static const web::WebKind click_checkboxes("MiniWob-click-checkboxes-v0", "click-checkboxes",
                                             web::make_click_checkboxes, 12);
  static const web::WebKind use_spinner("MiniWob-use-spinner-v0", "use-spinner", web::make_use_spinner, 16);
  static const web::WebKind guess_number("MiniWob-guess-number-v0", "guess-number", web::make_guess_number, 12);
  static const web::WebKind click_shades("MiniWob-click-shades-v0", "click-shades", web::make_click_shades, 16);
  static const web::WebKind click_tab_2("MiniWob-click-tab-2-v0", "click-tab-2", web::make_click_tab_2, 8);
  static const web::WebKind enter_time("MiniWob-enter-time-v0", "enter-time", web::make_enter_time, 10);
  static const web::WebKind choose_date_nodelay("MiniWob-choose-date-nodelay-v0", "choose-date-nodelay",
                                                web::make_choose_date_nodelay, 20);
  static const web::WebKind search_engine("MiniWob-search-engine-v0", "search-engine", web::make_search_engine, 12);
  static const web::WebKind tic_tac_toe("MiniWob-tic-tac-toe-v0", "tic-tac-toe", web::make_tic_tac_toe, 8);
  static const web::WebKind email_inbox("MiniWob-email-inbox-v0", "email-inbox", web::make_email_inbox, 10);
  static const web::WebKind social_media("MiniWob-social-media-v0", "social-media", web::make_social_media, 6);
  for (const web::WebKind* kind :
       {&click_checkboxes, &use_spinner, &guess_number, &click_shades, &click_tab_2, &enter_time}) {
    out.push_back(kind);
  }
  out.push_back(&choose_date_nodelay);
  out.push_back(&search_engine);
  out.push_back(&tic_tac_toe);
  out.push_back(&email_inbox);
  out.push_back(&social_media);
  static const web::WebKind book_flight("MiniWob-book-flight-nodelay-v0", "book-flight-nodelay", web::make_book_flight_nodelay, 16);
  out.push_back(&book_flight);
}

}  // namespace csim
