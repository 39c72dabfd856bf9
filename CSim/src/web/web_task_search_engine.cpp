// search-engine: type the named query into the search box, press Search, page through the
// results (3 pages of 3, a Bootstrap-style pager) and click the n-th result: +1
// (time-proportional) for the n-th, -1 for any other result link. A search whose text does not
// match the query (case aside) shows three made-up results, whose links all give -1. Modelled
// from the page's script and probes of the real page:
// - each page shown (Search, or a pager link) re-reads the search box; a pager click replaces
//   the pager, so its clicked link never keeps the focus, and a focused pager link is dropped;
// - the search box is a plain text input with a caret: typing inserts at it, Backspace deletes
//   before it, ArrowUp/ArrowDown move it to the start/end, and it survives losing the focus;
// - the made-up results are random draws of the page (Math.random): an instance carries the
//   first kFakePages pages the page will draw (the reference draws them in the browser from a
//   seeded generator, then reseeds it), and the env shows them in order (repeating after that:
//   beyond the default step limit, where one step shows at most one page).
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kResults = 9;
constexpr int32_t kPerPage = 3;
constexpr int32_t kPages = 3;
constexpr int32_t kFakePages = 16;
constexpr int32_t kTextCapacity = 128;  // the search box: far more than eight actions can type
enum : int16_t {
  kRoleInput = kRoleFirstTaskRole,
  kRoleSearch,
  kRoleResult,    // arg: slot on the page (0-2)
  kRolePagerItem, // arg: generation * 8 + item (0 prev, 1-3 pages, 4 next)
  kRolePagerLink,
};
enum PagerItem : int32_t { kItemPrev = 0, kItemNext = 4 };

// MiniWob's data for this task: the names titles are drawn from, and the URL endings.
const char* const kNames[50] = {
    "Kenda",  "Karrie",   "Joye",    "Cheree",  "Deneen", "Tula",     "Briana",  "Beaulah", "Vina",     "Vanda",
    "Cierra", "Leonie",   "Bernardine", "Keli", "Renda",  "Marcella", "Kanesha", "Enola",   "Nathalie", "Annis",
    "Nieves", "Lyda",     "Livia",   "Kasie",   "Tora",   "Macie",    "Agustina", "Dolores", "Ashlea",  "Cristin",
    "Jerald", "Teodoro",  "Rex",     "Riley",   "Jess",   "Emile",    "Donovan", "Keneth",  "Chas",     "Thaddeus",
    "Sergio", "Michel",   "Myron",   "Olin",    "Dannie", "Juan",     "Alan",    "Ignacio", "Truman",   "Augus"};
const char* const kDomains[] = {"com", "net", "org", "ca", "us", "gov", "pizza", "gg", "tv",
                                "co.uk", "it", "eu", "hk", "mx", "se", "jp", "io", "rocks"};
constexpr int32_t kNumDomains = static_cast<int32_t>(sizeof(kDomains) / sizeof(kDomains[0]));
// Filler words for natively drawn descriptions and domains (a lorem-ipsum vocabulary).
const char* const kWords[] = {
    "lorem", "ipsum", "dolor", "sit", "amet,", "consectetur", "adipiscing", "elit", "ut", "aliquam,", "purus",
    "luctus", "venenatis,", "lectus", "magna", "fringilla", "urna,", "porttitor", "rhoncus", "non", "enim",
    "praesent", "elementum", "facilisis", "leo,", "vel", "est", "ullamcorper", "eget", "nulla", "facilisi",
    "etiam", "dignissim", "diam", "quis", "lobortis", "scelerisque", "fermentum", "dui", "faucibus", "in",
    "ornare", "quam", "viverra", "orci", "sagittis", "eu", "volutpat", "odio", "mauris", "massa", "vitae",
    "tortor", "condimentum", "lacinia", "eros", "donec", "ac", "tempor", "dapibus", "ultrices", "iaculis",
    "nunc", "sed", "augue", "lacus,", "congue", "consequat", "felis", "et", "pellentesque", "commodo",
    "egestas", "phasellus", "eleifend", "pretium", "vulputate", "sapien", "nec", "malesuada", "bibendum",
    "arcu", "curabitur", "velit", "sodales", "sem", "integer", "justo", "habitant", "morbi", "tristique",
    "senectus", "netus", "fames", "turpis"};
constexpr int32_t kNumWords = static_cast<int32_t>(sizeof(kWords) / sizeof(kWords[0]));
const char* const kOrdinalSuffix[4] = {"", "st", "nd", "rd"};

struct Result {
  char title[24] = "";
  char url[64] = "";
  char desc[128] = "";
};

bool equal_ignoring_case(const char* a, const char* b) {
  for (; *a != '\0' && *b != '\0'; ++a, ++b) {
    const char x = (*a >= 'A' && *a <= 'Z') ? static_cast<char>(*a - 'A' + 'a') : *a;
    const char y = (*b >= 'A' && *b <= 'Z') ? static_cast<char>(*b - 'A' + 'a') : *b;
    if (x != y) return false;
  }
  return *a == *b;
}

// ui_utils.generateWords(n): capitalised after a full stop, a stop after a word one time in
// five (not the last), the last word without its first comma, a final stop.
void draw_words(Rng& rng, int32_t n, char* out, size_t capacity) {
  out[0] = '\0';
  bool capital = true;
  for (int32_t i = 0; i < n; ++i) {
    char w[24];
    std::strcpy(w, kWords[rng.below(kNumWords)]);
    if (capital && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    capital = false;
    if (rng.uniform() < 0.2f && i + 1 < n) {
      append(out, capacity, w);
      append(out, capacity, ". ");
      capital = true;
    } else if (i + 1 == n) {
      char* comma = std::strchr(w, ',');
      if (comma != nullptr) std::memmove(comma, comma + 1, std::strlen(comma));
      append(out, capacity, w);
    } else {
      append(out, capacity, w);
      append(out, capacity, " ");
    }
  }
  append(out, capacity, ".");
}

// One result as the page's generateSearch draws it.
void draw_result(Rng& rng, Result& r) {
  std::strcpy(r.title, kNames[rng.below(50)]);
  char sub[24], domain[24];
  std::strcpy(sub, kWords[rng.below(kNumWords)]);
  std::strcpy(domain, kWords[rng.below(kNumWords)]);
  for (char* w : {sub, domain}) {
    char* comma = std::strchr(w, ',');
    if (comma != nullptr) std::memmove(comma, comma + 1, std::strlen(comma));
  }
  std::strcpy(r.url, "https://");
  if (rng.below(2) == 0) append(r.url, sizeof(r.url), "www.");
  if (rng.below(2) == 1) append(r.url, sizeof(r.url), sub);
  append(r.url, sizeof(r.url), domain);
  append(r.url, sizeof(r.url), ".");
  append(r.url, sizeof(r.url), kDomains[rng.below(kNumDomains)]);
  draw_words(rng, rng.range(2, 4), r.desc, sizeof(r.desc));
}

void read_result(const json::Value& v, const std::string& where, Result& r) {
  read_text(v.at("title", where), where + ".title", r.title, sizeof(r.title));
  read_text(v.at("url", where), where + ".url", r.url, sizeof(r.url));
  read_text(v.at("desc", where), where + ".desc", r.desc, sizeof(r.desc));
}

class SearchEngine final : public Task {
 public:
  void generate(Rng& rng) override {
    for (Result& r : results_) draw_result(rng, r);
    std::strcpy(query_, kNames[rng.below(50)]);
    index_ = rng.range(0, kResults);
    std::strcpy(results_[index_].title, query_);
    for (auto& page : fakes_) {
      for (Result& r : page) draw_result(rng, r);
    }
    num_fakes_ = kFakePages;
    start();
  }

  void load(const json::Value& state) override {
    char query[sizeof(query_)];
    read_text(state.at("query", "state"), "state.query", query, sizeof(query));
    if (query[0] == '\0') throw InvalidArgument("state.query is empty; it must name the text to search");
    const int32_t index = static_cast<int32_t>(state.at("index", "state").as_int("state.index", 0, kResults - 1));
    const auto& results = state.at("results", "state").as_array("state.results");
    if (results.size() != kResults) {
      throw InvalidArgument("state.results must hold 9 results; got " + std::to_string(results.size()));
    }
    Result loaded[kResults];
    for (int32_t i = 0; i < kResults; ++i) read_result(results[i], "state.results[" + std::to_string(i) + "]", loaded[i]);
    const auto& pages = state.at("fake_pages", "state").as_array("state.fake_pages");
    if (pages.empty() || pages.size() > kFakePages) {
      throw InvalidArgument("state.fake_pages must hold 1 to " + std::to_string(kFakePages) + " pages; got " +
                            std::to_string(pages.size()));
    }
    Result fakes[kFakePages][kPerPage];
    for (size_t p = 0; p < pages.size(); ++p) {
      const std::string where = "state.fake_pages[" + std::to_string(p) + "]";
      const auto& page = pages[p].as_array(where);
      if (page.size() != kPerPage) {
        throw InvalidArgument(where + " must hold 3 results; got " + std::to_string(page.size()));
      }
      for (int32_t k = 0; k < kPerPage; ++k) read_result(page[k], where + "[" + std::to_string(k) + "]", fakes[p][k]);
    }
    std::memcpy(query_, query, sizeof(query_));
    index_ = index;
    std::memcpy(results_, loaded, sizeof(results_));
    std::memcpy(fakes_, fakes, sizeof(fakes));
    num_fakes_ = static_cast<int32_t>(pages.size());
    start();
  }

  void instruction(Instruction& out) const override {
    char rank[8] = "";
    append_int(rank, sizeof(rank), index_ + 1);
    std::strcpy(out.utterance, "Use the textbox to enter \"");
    append(out.utterance, sizeof(out.utterance), query_);
    append(out.utterance, sizeof(out.utterance), "\" and press \"Search\", then find and click the ");
    append(out.utterance, sizeof(out.utterance), rank);
    append(out.utterance, sizeof(out.utterance), index_ < 3 ? kOrdinalSuffix[index_ + 1] : "th");
    append(out.utterance, sizeof(out.utterance), " search result.");
    out.add_field("query", query_);
    out.add_field("rank", rank);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 160);
    const int32_t bar = page.add(kTagDiv, area, 4, 54, 152, 21);
    page.rows[bar].id = "search-bar";
    const int32_t input = page.add(kTagInputText, bar, 4, 54, 88, 21);
    page.rows[input].id = "search-text";
    page.rows[input].value = text_;
    page.rows[input].role = kRoleInput;
    page.rows[input].flags = kFlagFocusable;
    const int32_t button = page.add(kTagButton, bar, 95, 54, 58, 21);
    page.rows[button].id = "search";
    page.rows[button].text = "Search";
    page.rows[button].role = kRoleSearch;
    page.rows[button].flags = kFlagFocusable;
    if (page_ == 0) return;  // the results and the pager are empty (zero-size) before a search

    const int32_t content = page.add(kTagDiv, area, 4, 77, 152, 99);
    page.rows[content].id = "page-content";
    for (int32_t k = 0; k < kPerPage; ++k) {
      const Result& r = shown(k);
      const float y = 77.0f + 33.0f * static_cast<float>(k);
      const int32_t box = page.add(kTagDiv, content, 4, y, 152, 33);
      const int32_t title = page.add(kTagA, box, 4, y, 5.5f * static_cast<float>(std::strlen(r.title)), 11);
      Element& a = page.rows[title];
      a.classes = "search-title";
      a.text = r.title;
      a.role = kRoleResult;
      a.arg = static_cast<int16_t>(k);
      a.flags = kFlagFocusable;
      const int32_t url = page.add(kTagDiv, box, 4, y + 11, 152, 11);
      page.rows[url].classes = "search-url";
      page.rows[url].text = r.url;
      const int32_t desc = page.add(kTagDiv, box, 4, y + 22, 152, 11);
      page.rows[desc].classes = "search-desc";
      page.rows[desc].text = r.desc;
    }

    const int32_t pager = page.add(kTagUl, area, 2, 191, 90, 17);
    page.rows[pager].id = "pagination";
    page.rows[pager].classes = "pagination";
    static const char* const kItemText[5] = {"<", "1", "2", "3", ">"};
    float x = 32;
    for (int32_t item = 0; item < 5; ++item) {
      if ((item == kItemPrev && page_ == 1) || (item == kItemNext && page_ == kPages)) continue;  // disabled: hidden
      const bool active = item == page_;
      const int16_t arg = static_cast<int16_t>((generation_ % 4096) * 8 + item);
      const int32_t li = page.add(kTagLi, pager, x, 191, 8, 17);
      page.rows[li].classes = item == kItemPrev ? "page-item prev"
                              : item == kItemNext ? "page-item next"
                              : active ? "page-item active" : "page-item";
      page.rows[li].role = kRolePagerItem;
      page.rows[li].arg = arg;
      const int32_t link = page.add(kTagA, li, x, 191, 8, 17);
      Element& a = page.rows[link];
      a.classes = "page-link";
      a.text = kItemText[item];
      a.role = kRolePagerLink;
      a.arg = arg;
      a.flags = kFlagFocusable;
      x += 12.5f;
    }
  }

  Outcome click(Target target) override {
    switch (target.role) {
      case kRoleSearch:
        show(1);
        return Outcome::none();
      case kRolePagerItem:
      case kRolePagerLink: {
        const int32_t item = target.arg % 8;
        const int32_t to = item == kItemPrev ? page_ - 1 : item == kItemNext ? page_ + 1 : item;
        if (to == page_ || to < 1 || to > kPages) return Outcome::none();  // the active page
        show(to);
        return Outcome::focus_kept();  // the clicked link was replaced with the pager
      }
      case kRoleResult: {
        const bool right = real_ && (page_ - 1) * kPerPage + target.arg == index_;
        return Outcome::end(right ? 1.0f : -1.0f, right);
      }
      default:
        return Outcome::none();
    }
  }

  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleInput) return Outcome::none();
    const int32_t n = static_cast<int32_t>(std::strlen(text_));
    if (key == kKeyUp) {
      caret_ = 0;
    } else if (key == kKeyDown) {
      caret_ = n;
    } else if (key == kKeyBackspace) {
      if (caret_ > 0) {
        std::memmove(text_ + caret_ - 1, text_ + caret_, static_cast<size_t>(n - caret_ + 1));
        --caret_;
      }
    } else if (static_cast<unsigned char>(key) >= 0x20 && n + 1 < kTextCapacity) {
      std::memmove(text_ + caret_ + 1, text_ + caret_, static_cast<size_t>(n - caret_ + 1));
      text_[caret_++] = key;
    }
    return Outcome::none();
  }

  // Types the query into an empty box (clearing a wrong text first), searches, turns to the
  // result's page and clicks it.
  int32_t expert(const Page& page, const Instruction&, Target focus) const override {
    int32_t input = 0, search = 0;
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleInput) input = r;
      if (page.rows[r].role == kRoleSearch) search = r;
    }
    if (!equal_ignoring_case(text_, query_)) {
      if (text_[0] == '\0') return type_action(input, 0);
      if (focus.role != kRoleInput) return click_action(input);
      if (caret_ < static_cast<int32_t>(std::strlen(text_))) return key_action(kKeyDown);
      return key_action(kKeyBackspace);
    }
    if (page_ == 0 || !real_) return click_action(search);
    const int32_t want = index_ / kPerPage + 1;
    for (int32_t r = 0; r < page.count; ++r) {
      const Element& e = page.rows[r];
      if (want == page_ && e.role == kRoleResult && e.arg == index_ % kPerPage) return click_action(r);
      if (want != page_ && e.role == kRolePagerLink && e.arg % 8 == want) return click_action(r);
    }
    return click_action(search);
  }

  float progress() const override {
    if (!equal_ignoring_case(text_, query_)) return 0.0f;
    return page_ == 0 || !real_ ? 0.25f : (page_ == index_ / kPerPage + 1 ? 0.75f : 0.5f);
  }

 private:
  void start() {
    text_[0] = '\0';
    caret_ = 0;
    page_ = 0;
    generation_ = 0;
    real_ = false;
    fake_ = 0;
    fakes_shown_ = 0;
  }

  // The pager's onPageClick: the box's text now decides real or made-up results.
  void show(int32_t page) {
    page_ = page;
    ++generation_;
    real_ = equal_ignoring_case(text_, query_);
    if (!real_) fake_ = fakes_shown_++ % num_fakes_;
  }

  const Result& shown(int32_t slot) const {
    return real_ ? results_[(page_ - 1) * kPerPage + slot] : fakes_[fake_][slot];
  }

  Result results_[kResults];
  Result fakes_[kFakePages][kPerPage];
  int32_t num_fakes_ = 0;
  char query_[24] = "";
  int32_t index_ = 0;  // the result to click (0-8)
  char text_[kTextCapacity] = "";
  int32_t caret_ = 0;
  int32_t page_ = 0;        // the page shown, 0 before any search
  int32_t generation_ = 0;  // pagers rendered: a replaced pager's links are other elements
  bool real_ = false;       // the shown results are the real ones (the text matched when shown)
  int32_t fake_ = 0;        // the made-up page shown
  int32_t fakes_shown_ = 0;
};

}  // namespace

std::unique_ptr<Task> make_search_engine() { return std::unique_ptr<Task>(new SearchEngine()); }

}  // namespace web
}  // namespace csim
