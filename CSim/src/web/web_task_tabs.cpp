// click-tab-2: three jQuery UI tabs, each a paragraph of 20 lorem-ipsum words of which about
// one in five is a link; the instruction names one link's text. Clicking a link with that text
// (in any tab, once it is shown) gives +1 (time-proportional), any other link -1. A tab's anchor
// switches tabs; its list item only takes the focus.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kTabs = 3;
constexpr int32_t kMaxTokens = 40;   // words of one tab (the real task draws 20)
constexpr int32_t kTokenChars = 24;
constexpr int32_t kSegmentChars = kMaxTokens * kTokenChars;
enum : int16_t { kRoleTab = kRoleFirstTaskRole, kRoleTabItem, kRoleLink };  // arg: tab; link: tab*64+token

// Standard lorem-ipsum vocabulary (the filler MiniWob's generator also draws from).
const char* const kLorem[] = {
    "lorem", "ipsum", "dolor", "sit", "amet,", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
    "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam,",
    "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
    "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum",
    "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident,", "sunt",
    "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum", "morbi", "tristique",
    "senectus", "netus", "malesuada", "fames", "turpis", "egestas", "pharetra", "viverra", "massa", "tortor,",
    "mauris", "nunc", "congue", "nisl", "vitae", "suscipit", "tellus", "rhoncus", "urna", "neque", "justo",
    "nec", "ultrices", "dui", "sapien", "eget", "mi", "proin", "libero", "faucibus", "purus", "gravida",
    "cursus", "feugiat", "pretium", "facilisis", "lectus", "scelerisque", "fermentum", "placerat"};
constexpr int32_t kLoremCount = static_cast<int32_t>(sizeof(kLorem) / sizeof(kLorem[0]));

struct Tab {
  int32_t count = 0;
  char tokens[kMaxTokens][kTokenChars] = {};
  bool link[kMaxTokens] = {};
  // Runs of plain words joined by spaces, one per text row, packed NUL-separated into one
  // buffer (built when the tab is set): a token and its space fit in kTokenChars.
  char run_text[kSegmentChars] = {};
  int16_t run_start[kMaxTokens] = {};
};

class ClickTab2 final : public Task {
 public:
  void generate(Rng& rng) override {
    // The real task redraws until some tab has a link.
    bool any = false;
    while (!any) {
      for (Tab& tab : tabs_) {
        draw_words(rng, tab);
        for (int32_t i = 0; i < tab.count; ++i) {
          tab.link[i] = rng.uniform() < 0.2f;
          any = any || tab.link[i];
        }
      }
    }
    // The target is the text of a link drawn uniformly from all links.
    int32_t links = 0;
    for (const Tab& tab : tabs_) {
      for (int32_t i = 0; i < tab.count; ++i) links += tab.link[i] ? 1 : 0;
    }
    int32_t pick = rng.range(0, links);
    for (const Tab& tab : tabs_) {
      for (int32_t i = 0; i < tab.count; ++i) {
        if (tab.link[i] && pick-- == 0) std::strcpy(target_, tab.tokens[i]);
      }
    }
    active_ = 0;
    for (Tab& tab : tabs_) make_runs(tab);
  }

  void load(const json::Value& state) override {
    char target[kTokenChars];
    read_text(state.at("target", "state"), "state.target", target, sizeof(target));
    const auto& tabs = state.at("tabs", "state").as_array("state.tabs");
    if (tabs.size() != kTabs) throw InvalidArgument("state.tabs must hold 3 tabs; got " + std::to_string(tabs.size()));
    Tab loaded[kTabs];
    bool found = false;
    for (int32_t t = 0; t < kTabs; ++t) {
      const std::string where = "state.tabs[" + std::to_string(t) + "]";
      const auto& words = tabs[t].as_array(where);
      if (words.empty() || words.size() > kMaxTokens) {
        throw InvalidArgument(where + " must hold 1 to " + std::to_string(kMaxTokens) + " words; got " +
                              std::to_string(words.size()));
      }
      loaded[t].count = static_cast<int32_t>(words.size());
      for (size_t i = 0; i < words.size(); ++i) {
        const std::string w = where + "[" + std::to_string(i) + "]";
        read_text(words[i].at("text", w), w + ".text", loaded[t].tokens[i], kTokenChars);
        loaded[t].link[i] = words[i].at("link", w).as_bool(w + ".link");
        found = found || (loaded[t].link[i] && std::strcmp(loaded[t].tokens[i], target) == 0);
      }
    }
    if (!found) throw InvalidArgument("state.target \"" + std::string(target) + "\" is no link's text");
    std::memcpy(target_, target, sizeof(target_));
    for (int32_t t = 0; t < kTabs; ++t) {
      tabs_[t] = loaded[t];
      make_runs(tabs_[t]);
    }
    active_ = 0;
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "Switch between the tabs to find and click on the link \"");
    append(out.utterance, sizeof(out.utterance), target_);
    append(out.utterance, sizeof(out.utterance), "\".");
    out.add_field("target", target_);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 156);
    page.rows[area].classes = "ui-tabs ui-corner-all ui-widget ui-widget-content";
    const int32_t list = page.add(kTagUl, area, 3, 53, 154, 29);
    page.rows[list].classes = "ui-tabs-nav";
    static const char* const kAnchorIds[kTabs] = {"ui-id-1", "ui-id-2", "ui-id-3"};
    static const char* const kNames[kTabs] = {"Tab #1", "Tab #2", "Tab #3"};
    static const char* const kPanelIds[kTabs] = {"tabs-1", "tabs-2", "tabs-3"};
    for (int32_t t = 0; t < kTabs; ++t) {
      const bool active = t == active_;
      const int32_t item = page.add(kTagLi, list, 6.0f + 44.0f * t, 57, 42, active ? 25.0f : 24.0f);
      Element& li = page.rows[item];
      li.classes = active ? "ui-tabs-tab ui-state-default ui-tabs-active ui-state-active" : "ui-tabs-tab ui-state-default";
      li.flags = kFlagFocusable | (active ? kFlagActive : 0);
      li.role = kRoleTabItem;
      li.arg = static_cast<int16_t>(t);
      const int32_t anchor = page.add(kTagA, item, 7.0f + 44.0f * t, 58, 40.03125f, 23);
      Element& a = page.rows[anchor];
      a.id = kAnchorIds[t];
      a.classes = "ui-tabs-anchor";
      a.text = kNames[t];
      a.flags = kFlagFocusable;
      a.role = kRoleTab;
      a.arg = static_cast<int16_t>(t);
    }
    const Tab& tab = tabs_[active_];
    const int32_t panel = page.add(kTagDiv, area, 5, 84, 150, 117);
    page.rows[panel].id = kPanelIds[active_];
    const int32_t p = page.add(kTagP, panel, 19, 104, 122, 77);
    bool any_link = false;
    for (int32_t i = 0; i < tab.count; ++i) any_link = any_link || tab.link[i];
    if (!any_link) {  // text only: the paragraph holds its text itself, as getDOMInfo reads it
      page.rows[p].text = tab.run_text;
      return;
    }
    // A rough line flow (5.5 px a character, 122 px lines) stands in for Chromium's layout.
    float x = 0, y = 104;
    int32_t run = 0;
    for (int32_t i = 0; i < tab.count; ++i) {
      if (tab.link[i]) {
        const float w = 5.5f * static_cast<float>(std::strlen(tab.tokens[i]));
        if (x + w > 122) { x = 0; y += 11; }
        const int32_t r = page.add(kTagSpan, p, 19 + x, y, w, 11);
        Element& s = page.rows[r];
        s.classes = "alink";
        s.text = tab.tokens[i];
        s.role = kRoleLink;
        s.arg = static_cast<int16_t>(active_ * 64 + i);
        x += w + 3;
        continue;
      }
      if (i > 0 && !tab.link[i - 1]) continue;  // inside a run already added
      const char* text = tab.run_text + tab.run_start[run++];
      const float w = 5.5f * static_cast<float>(std::strlen(text));
      const int32_t r = page.add(kTagText, p, 19 + x, y, w < 122 ? w : 122, 11 * (1 + static_cast<int32_t>(w / 122)));
      page.rows[r].text = text;
      y += 11 * static_cast<int32_t>((x + w) / 122);
      x = static_cast<float>(static_cast<int32_t>(x + w) % 122) + 3;
    }
  }

  Outcome click(Target target) override {
    if (target.role == kRoleTab) active_ = target.arg;
    if (target.role == kRoleLink) {
      const Tab& tab = tabs_[target.arg / 64];
      const bool right = std::strcmp(tab.tokens[target.arg % 64], target_) == 0;
      return Outcome::end(right ? 1.0f : -1.0f, right);
    }
    return Outcome::none();
  }

  // jQuery UI's tab keys, with a tab (its item or anchor) focused: Up/Down focus the previous or
  // next tab's item (wrapping) and show its panel (the browser shows it 300 ms later, before
  // the next MiniWob step); Enter shows the focused tab's panel.
  Outcome key(Target focus, char key) override {
    if (focus.role != kRoleTab && focus.role != kRoleTabItem) return Outcome::none();
    if (key == kKeyEnter) {
      active_ = focus.arg;
      return Outcome::none();
    }
    if (key != kKeyUp && key != kKeyDown) return Outcome::none();
    const int32_t next = (focus.arg + (key == kKeyDown ? 1 : kTabs - 1)) % kTabs;
    active_ = next;
    return Outcome::focus_on(kRoleTabItem, static_cast<int16_t>(next));
  }

  int32_t expert(const Page& page, const Instruction&, Target) const override {
    for (int32_t r = 0; r < page.count; ++r) {
      const Element& e = page.rows[r];
      if (e.role == kRoleLink && std::strcmp(e.text, target_) == 0) return click_action(r);
    }
    for (int32_t t = 0; t < kTabs; ++t) {
      for (int32_t i = 0; i < tabs_[t].count; ++i) {
        if (!tabs_[t].link[i] || std::strcmp(tabs_[t].tokens[i], target_) != 0) continue;
        for (int32_t r = 0; r < page.count; ++r) {
          if (page.rows[r].role == kRoleTab && page.rows[r].arg == t) return click_action(r);
        }
      }
    }
    return click_action(0);
  }

  // Half way once the shown tab holds a link with the target's text (the rest is its click).
  float progress() const override {
    const Tab& tab = tabs_[active_];
    for (int32_t i = 0; i < tab.count; ++i) {
      if (tab.link[i] && std::strcmp(tab.tokens[i], target_) == 0) return 0.5f;
    }
    return 0.0f;
  }

 private:
  // ui_utils.generateWords(20): capitalised after a full stop, a stop after a word one time in
  // five, commas dropped from the last word, which ends with a stop.
  static void draw_words(Rng& rng, Tab& tab) {
    tab.count = 20;
    bool capital = true;
    for (int32_t i = 0; i < tab.count; ++i) {
      char* w = tab.tokens[i];
      std::strcpy(w, kLorem[rng.below(kLoremCount)]);
      if (capital && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
      capital = false;
      const bool last = i + 1 == tab.count;
      if (last) {
        char* comma = std::strchr(w, ',');
        if (comma != nullptr) std::memmove(comma, comma + 1, std::strlen(comma));
        append(w, kTokenChars, ".");
      } else if (rng.uniform() < 0.2f) {
        append(w, kTokenChars, ".");
        capital = true;
      }
    }
  }

  static void make_runs(Tab& tab) {
    int32_t run = -1;
    int32_t at = 0;
    for (int32_t i = 0; i < tab.count; ++i) {
      if (tab.link[i]) continue;
      if (i == 0 || tab.link[i - 1]) {
        if (run >= 0) tab.run_text[at++] = '\0';
        tab.run_start[++run] = static_cast<int16_t>(at);
      } else {
        tab.run_text[at++] = ' ';
      }
      for (const char* c = tab.tokens[i]; *c != '\0'; ++c) tab.run_text[at++] = *c;
    }
    tab.run_text[at] = '\0';
  }

  Tab tabs_[kTabs];
  char target_[kTokenChars] = "";
  int32_t active_ = 0;
};

}  // namespace

std::unique_ptr<Task> make_click_tab_2() { return std::unique_ptr<Task>(new ClickTab2()); }

}  // namespace web
}  // namespace csim
