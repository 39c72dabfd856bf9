// email-inbox: an inbox of 4-11 emails (sender, subject, body); the instruction names a sender
// and what to do with their email: reply with a text, forward it to someone, delete it (trash
// icon) or mark it important (star icon). Success is +1 (time-proportional); a wrong star or
// trash click (when starring or deleting is asked), or any sent reply or forward that is not the
// asked one, is -1. The page has views: the inbox, a search (an input whose every keyup lists
// the matching emails, the match highlighted), an opened email, and reply and forward forms.
// As in the real page, the star and trash icons of search results have no handlers of their own
// (a click there opens the email), a cancelled search keeps its result list, and leaving an
// email always returns to the inbox.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"
#include "web_text_field.hpp"
#include "web_text_metrics.hpp"
#include "web_words.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kMinEmails = 4;
constexpr int32_t kMaxEmails = 11;  // core.randi(4, 12)
constexpr int32_t kNameChars = 32;
constexpr int32_t kSubjectChars = 64;
constexpr int32_t kBodyChars = 256;
constexpr int32_t kSummaryChars = 20;  // 15 characters and ".."
constexpr int32_t kSearchChars = 96;

enum Action : int32_t { kReply = 0, kForward, kDelete, kImportant, kNumActions };
const char* const kActionNames[kNumActions] = {"reply", "forward", "delete", "important"};
const char* const kTaskFields[kNumActions] = {"reply", "forward", "delete", "star"};

enum View : int32_t { kViewInbox = 0, kViewSearch, kViewEmail, kViewReply, kViewForward };

enum : int16_t {
  kRoleOpenSearch = kRoleFirstTaskRole, kRoleThread, kRoleInboxTrash, kRoleInboxStar, kRoleSearchCancel,
  kRoleSearchInput, kRoleCloseEmail, kRoleEmailTrash, kRoleEmailStar, kRoleReply, kRoleForward, kRoleCloseReply,
  kRoleSendReply, kRoleReplyText, kRoleCloseForward, kRoleSendForward, kRoleForwardTo, kRoleForwardText,
  kRoleMainBox, kRoleSearchBox, kRoleEmailBox
};

struct Email {
  char name[kNameChars] = "";
  char subject[kSubjectChars] = "";
  char body[kBodyChars] = "";
  char subject_summary[kSummaryChars] = "";
  char body_summary[kSummaryChars] = "";
  char reply_subject[kSubjectChars + 4] = "";  // "Re: " and the subject
  bool long_body = false;  // five lines or more: the opened email's box overflows
};

// The inbox, the search and an opened email are 150-pixel boxes with overflow-y: scroll; one whose
// content is taller takes the focus (element.focus() after a click on the box itself) in Chromium.
void make_scroller(Element& e, bool overflows, int16_t role) {
  e.role = role;
  if (overflows) e.flags |= kFlagFocusable;
}

// A text shown in a search result: with the first match of the query wrapped in a highlight
// span (then up to three rows: the text before, the span, the text after), or plain.
struct Highlighted {
  bool matched = false;
  char before[kBodyChars] = "";
  char match[kSearchChars] = "";
  char after[kBodyChars] = "";
};

// ui_utils' summarizeEmailContent: 15 characters and ".." for longer texts.
void summarize(const char* text, char* out) {
  const size_t n = std::strlen(text);
  if (n < 15) {
    std::strcpy(out, text);
    return;
  }
  std::memcpy(out, text, 15);
  std::strcpy(out + 15, "..");
}

// Text as getDOMInfo reads a text node: trimmed (a text of spaces only makes no row).
void trimmed(const char* from, size_t n, char* out, size_t capacity) {
  while (n > 0 && *from == ' ') { ++from; --n; }
  while (n > 0 && from[n - 1] == ' ') --n;
  if (n + 1 > capacity) n = capacity - 1;
  std::memcpy(out, from, n);
  out[n] = '\0';
}

void highlight(const char* text, const char* query, Highlighted& out) {
  const char* at = query[0] == '\0' ? nullptr : std::strstr(text, query);
  out.matched = at != nullptr;
  if (!out.matched) return;
  const size_t q = std::strlen(query);
  trimmed(text, static_cast<size_t>(at - text), out.before, sizeof(out.before));
  trimmed(query, q, out.match, sizeof(out.match));
  trimmed(at + q, std::strlen(at + q), out.after, sizeof(out.after));
}

bool blank(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s != ' ' && *s != '\t' && *s != '\n') return false;
  }
  return true;
}

class EmailInbox final : public Task {
 public:
  EmailInbox() : reply_text_(true), forward_text_(true) {}

  void generate(Rng& rng) override {
    count_ = rng.range(kMinEmails, kMaxEmails + 1);
    for (int32_t i = 0; i < count_; ++i) {
      Email& e = emails_[i];
      std::strcpy(e.name, random_person_name(rng));
      random_sentence(rng, 1, 3, e.subject, sizeof(e.subject));
      random_sentence(rng, 5, 15, e.body, sizeof(e.body));
    }
    target_ = rng.range(0, count_);
    action_ = static_cast<int32_t>(rng.below(kNumActions));
    reply_[0] = forward_[0] = '\0';
    if (action_ == kReply) random_sentence(rng, 1, 5, reply_, sizeof(reply_));
    if (action_ == kForward) std::strcpy(forward_, random_person_name(rng));
    start();
  }

  void load(const json::Value& state) override {
    const auto& emails = state.at("emails", "state").as_array("state.emails");
    if (emails.size() < 1 || emails.size() > static_cast<size_t>(kMaxEmails)) {
      throw InvalidArgument("state.emails must hold 1 to " + std::to_string(kMaxEmails) + " emails; got " +
                            std::to_string(emails.size()));
    }
    Email loaded[kMaxEmails];
    for (size_t i = 0; i < emails.size(); ++i) {
      const std::string w = "state.emails[" + std::to_string(i) + "]";
      read_text(emails[i].at("name", w), w + ".name", loaded[i].name, sizeof(loaded[i].name));
      read_text(emails[i].at("subject", w), w + ".subject", loaded[i].subject, sizeof(loaded[i].subject));
      read_text(emails[i].at("body", w), w + ".body", loaded[i].body, sizeof(loaded[i].body));
    }
    const int32_t count = static_cast<int32_t>(emails.size());
    const int32_t target = static_cast<int32_t>(state.at("target", "state").as_int("state.target", 0, count - 1));
    const std::string& action = state.at("action", "state").as_string("state.action");
    int32_t kind = -1;
    for (int32_t a = 0; a < kNumActions; ++a) {
      if (action == kActionNames[a]) kind = a;
    }
    if (kind < 0) {
      throw InvalidArgument("state.action is \"" + action + "\"; allowed: reply, forward, delete, important");
    }
    char reply[kSearchChars] = "", forward[kNameChars] = "";
    if (kind == kReply) read_text(state.at("reply", "state"), "state.reply", reply, sizeof(reply));
    if (kind == kForward) read_text(state.at("forward", "state"), "state.forward", forward, sizeof(forward));
    for (int32_t i = 0; i < count; ++i) emails_[i] = loaded[i];
    count_ = count;
    target_ = target;
    action_ = kind;
    std::strcpy(reply_, reply);
    std::strcpy(forward_, forward);
    start();
  }

  void instruction(Instruction& out) const override {
    const char* name = emails_[target_].name;
    std::strcpy(out.utterance, "Find the email by ");
    append(out.utterance, sizeof(out.utterance), name);
    switch (action_) {
      case kReply:
        append(out.utterance, sizeof(out.utterance), " and reply to them with the text \"");
        append(out.utterance, sizeof(out.utterance), reply_);
        append(out.utterance, sizeof(out.utterance), "\".");
        break;
      case kForward:
        append(out.utterance, sizeof(out.utterance), " and forward that email to ");
        append(out.utterance, sizeof(out.utterance), forward_);
        append(out.utterance, sizeof(out.utterance), ".");
        break;
      case kDelete:
        append(out.utterance, sizeof(out.utterance), " and click the trash icon to delete it.");
        break;
      default:
        append(out.utterance, sizeof(out.utterance), " and click the star icon to mark it as important.");
    }
    // miniwob's field extractor: by, task, then the message or the recipient.
    out.add_field("by", name);
    out.add_field("task", kTaskFields[action_]);
    if (action_ == kReply) out.add_field("message", reply_);
    if (action_ == kForward) out.add_field("to", forward_);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 154);
    switch (view_) {
      case kViewInbox: build_inbox(page, area); break;
      case kViewSearch: build_search(page, area); break;
      case kViewEmail: build_email(page, area); break;
      case kViewReply: build_reply(page, area); break;
      default: build_forward(page, area);
    }
  }

  Outcome click(Target target) override {
    switch (target.role) {
      case kRoleOpenSearch:
        view_ = kViewSearch;
        return Outcome::focus_on(kRoleSearchInput, 0);  // $('#search-input').focus()
      case kRoleSearchCancel:
        view_ = kViewInbox;
        search_.clear();  // the result list stays as it was
        return Outcome::none();
      case kRoleThread:
        open_ = target.arg;
        email_starred_ = false;
        view_ = kViewEmail;
        return Outcome::none();
      case kRoleInboxStar:
        starred_[target.arg] = !starred_[target.arg];
        return judge(kImportant, target.arg);
      case kRoleInboxTrash:
        return judge(kDelete, target.arg);
      case kRoleEmailStar:
        email_starred_ = !email_starred_;
        return judge(kImportant, open_);
      case kRoleEmailTrash:
        return judge(kDelete, open_);
      case kRoleCloseEmail:
        view_ = kViewInbox;
        return Outcome::none();
      case kRoleReply:
        reply_text_.clear();
        view_ = kViewReply;
        return Outcome::none();
      case kRoleForward:
        forward_to_.clear();
        forward_text_.set(emails_[open_].body);
        view_ = kViewForward;
        return Outcome::none();
      case kRoleCloseReply:
      case kRoleCloseForward:
        view_ = kViewEmail;
        return Outcome::none();
      case kRoleSendReply: {
        const bool right = action_ == kReply && std::strcmp(emails_[open_].name, emails_[target_].name) == 0 &&
                           std::strcmp(reply_text_.text(), reply_) == 0;
        return Outcome::end(right ? 1.0f : -1.0f, right);
      }
      case kRoleSendForward: {
        const bool right = action_ == kForward && std::strcmp(forward_to_.text(), forward_) == 0 &&
                           std::strcmp(forward_text_.text(), emails_[target_].body) == 0;
        return Outcome::end(right ? 1.0f : -1.0f, right);
      }
      default:
        return Outcome::none();
    }
  }

  Outcome key(Target focus, char key) override {
    switch (focus.role) {
      case kRoleSearchInput:
        search_.key(key);
        // Every keyup lists the emails matching the input (none for a blank one).
        set_results(blank(search_.text()) ? "" : search_.text());
        break;
      case kRoleReplyText: reply_text_.key(key); break;
      case kRoleForwardTo: forward_to_.key(key); break;
      case kRoleForwardText: forward_text_.key(key); break;
      default: break;
    }
    return Outcome::none();
  }

  int32_t expert(const Page& page, const Instruction&, Target) const override {
    const char* name = emails_[target_].name;
    auto row_of = [&](int16_t role, int16_t arg) {
      for (int32_t r = 0; r < page.count; ++r) {
        if (page.rows[r].role == role && page.rows[r].arg == arg) return r;
      }
      return 0;
    };
    switch (view_) {
      case kViewSearch: return click_action(row_of(kRoleSearchCancel, 0));
      case kViewInbox: {
        // The asked email itself: another one by the same sender would do, except for a forward,
        // which must carry the asked email's body.
        const int16_t i = static_cast<int16_t>(target_);
        if (action_ == kDelete) return click_action(row_of(kRoleInboxTrash, i));
        if (action_ == kImportant) return click_action(row_of(kRoleInboxStar, i));
        return click_action(row_of(kRoleThread, i));
      }
      case kViewEmail:
        if (std::strcmp(emails_[open_].name, name) != 0 ||
            (action_ == kForward && std::strcmp(emails_[open_].body, emails_[target_].body) != 0)) {
          return click_action(row_of(kRoleCloseEmail, 0));
        }
        if (action_ == kReply) return click_action(row_of(kRoleReply, 0));
        if (action_ == kForward) return click_action(row_of(kRoleForward, 0));
        return click_action(row_of(action_ == kDelete ? kRoleEmailTrash : kRoleEmailStar, 0));
      case kViewReply:
        if (std::strcmp(reply_text_.text(), reply_) == 0) return click_action(row_of(kRoleSendReply, 0));
        if (reply_text_.length() == 0) return type_action(row_of(kRoleReplyText, 0), 2);
        return click_action(row_of(kRoleCloseReply, 0));
      default:
        if (std::strcmp(forward_to_.text(), forward_) == 0) return click_action(row_of(kRoleSendForward, 0));
        if (forward_to_.length() == 0) return type_action(row_of(kRoleForwardTo, 0), 2);
        return click_action(row_of(kRoleCloseForward, 0));
    }
  }

  // The asked email open (for a forward, the one with the asked body), then the asked form open
  // on it, then that form filled as asked; the last click (star, trash, send) is the success.
  float progress() const override {
    if (view_ == kViewInbox || view_ == kViewSearch) return 0.0f;
    const Email& open = emails_[open_];
    const bool right = std::strcmp(open.name, emails_[target_].name) == 0 &&
                       (action_ != kForward || std::strcmp(open.body, emails_[target_].body) == 0);
    if (!right) return 0.0f;
    if (view_ == kViewEmail) return action_ == kDelete || action_ == kImportant ? 0.5f : 0.3f;
    if (view_ == kViewReply) {
      if (action_ != kReply) return 0.0f;
      return std::strcmp(reply_text_.text(), reply_) == 0 ? 0.8f : 0.5f;
    }
    if (action_ != kForward) return 0.0f;
    const bool filled = std::strcmp(forward_to_.text(), forward_) == 0 &&
                        std::strcmp(forward_text_.text(), emails_[target_].body) == 0;
    return filled ? 0.8f : 0.5f;
  }

 private:
  void start() {
    for (int32_t i = 0; i < count_; ++i) {
      summarize(emails_[i].subject, emails_[i].subject_summary);
      summarize(emails_[i].body, emails_[i].body_summary);
      std::strcpy(emails_[i].reply_subject, "Re: ");
      append(emails_[i].reply_subject, sizeof(emails_[i].reply_subject), emails_[i].subject);
      // The body's lines (10 px Arial, 132 px): 20 + 40 + 11 * lines + 8 + 34 > 150 from 5 lines.
      emails_[i].long_body = arial_10px_lines(emails_[i].body, 132.0) >= 5;
      starred_[i] = false;
    }
    view_ = kViewInbox;
    open_ = 0;
    email_starred_ = false;
    search_.clear();
    set_results("");
    reply_text_.clear();
    forward_to_.clear();
    forward_text_.clear();
  }

  Outcome judge(int32_t asked, int32_t email) const {
    if (action_ != asked) return Outcome::none();
    const bool right = std::strcmp(emails_[email].name, emails_[target_].name) == 0;
    return Outcome::end(right ? 1.0f : -1.0f, right);
  }

  void set_results(const char* query) {
    std::strcpy(query_, query);
    for (int32_t i = 0; i < count_; ++i) {
      const Email& e = emails_[i];
      listed_[i] = query[0] != '\0' &&
                   (std::strstr(e.name, query) || std::strstr(e.subject, query) || std::strstr(e.body, query));
      if (!listed_[i]) continue;
      highlight(e.name, query, found_[i][0]);
      highlight(e.subject, query, found_[i][1]);  // the whole subject here, not its summary
      highlight(e.body_summary, query, found_[i][2]);
    }
  }

  // A text-holding div of a result: its text, or the highlighted pieces as rows.
  static void add_text(Page& page, int32_t div, const char* plain, const Highlighted& h, float top) {
    if (!h.matched) {
      page.rows[div].text = plain;
      return;
    }
    if (h.before[0] != '\0') page.rows[page.add(kTagText, div, 7, top, 30, 11)].text = h.before;
    const int32_t span = page.add(kTagSpan, div, 37, top, 10, 11);
    page.rows[span].classes = "highlight";
    page.rows[span].text = h.match;
    page.rows[span].role = kRoleThread;
    page.rows[span].arg = page.rows[div].arg;
    if (h.after[0] != '\0') page.rows[page.add(kTagText, div, 47, top, 30, 11)].text = h.after;
  }

  // One email-thread: sender, subject and body on the left, the trash and star icons on the right.
  void add_thread(Page& page, int32_t parent, int32_t i, float top, bool in_search) const {
    const Email& e = emails_[i];
    const int16_t arg = static_cast<int16_t>(i);
    const int32_t thread = page.add(kTagDiv, parent, 2, top, 140, 39);
    page.rows[thread].classes = "email-thread";
    const int32_t left = page.add(kTagDiv, thread, 7, top + 2, 88, 34);
    page.rows[left].classes = "email-left";
    static const char* const kClasses[3] = {"email-sender", "email-subject", "email-body"};
    const char* plain[3] = {e.name, in_search ? e.subject : e.subject_summary, e.body_summary};
    for (int32_t k = 0; k < 3; ++k) {
      const float y = top + 2 + 12 * k;
      const int32_t div = page.add(kTagDiv, left, 7, y, 88, k == 0 ? 12.0f : 11.0f);
      page.rows[div].classes = kClasses[k];
      page.rows[div].role = kRoleThread;
      page.rows[div].arg = arg;
      if (in_search) {
        add_text(page, div, plain[k], found_[i][k], y);
      } else {
        page.rows[div].text = plain[k];
      }
    }
    const int32_t right = page.add(kTagDiv, thread, 97, top + 2, 35, 22);
    page.rows[right].classes = "email-right";
    const int32_t actions = page.add(kTagDiv, right, 102, top + 4, 28, 18);
    page.rows[actions].classes = "email-actions";
    const int32_t trash = page.add(kTagSpan, actions, 117, top + 7, 12, 12);
    page.rows[trash].classes = "trash";
    const int32_t star = page.add(kTagSpan, actions, 103, top + 7, 12, 12);
    const bool starred = !in_search && starred_[i];
    page.rows[star].classes = starred ? "star clicked" : "star";
    if (starred) page.rows[star].flags |= kFlagActive;
    // In the search list the icons have no handlers: a click there reaches the thread.
    page.rows[trash].role = in_search ? kRoleThread : kRoleInboxTrash;
    page.rows[star].role = in_search ? kRoleThread : kRoleInboxStar;
    for (int32_t r : {thread, left, right, actions, trash, star}) {
      page.rows[r].arg = arg;
      if (page.rows[r].role == kRoleNone) page.rows[r].role = kRoleThread;
    }
  }

  void build_inbox(Page& page, int32_t area) const {
    const int32_t main = page.add(kTagDiv, area, 2, 52, 155, 150);
    page.rows[main].id = "main";
    make_scroller(page.rows[main], 21 + 39 * count_ > 150, kRoleMainBox);  // 39 px a thread
    const int32_t header = page.add(kTagDiv, main, 2, 52, 140, 21);
    page.rows[header].id = "main-header";
    page.rows[page.add(kTagH2, header, 7, 52, 41, 20)].text = "Primary";
    const int32_t search = page.add(kTagSpan, header, 122, 55, 12, 12);
    page.rows[search].id = "open-search";
    page.rows[search].role = kRoleOpenSearch;
    for (int32_t i = 0; i < count_; ++i) add_thread(page, main, i, 73.0f + 39.0f * static_cast<float>(i), false);
  }

  void build_search(Page& page, int32_t area) const {
    const int32_t search = page.add(kTagDiv, area, 2, 52, 155, 150);
    page.rows[search].id = "search";
    const int32_t bar = page.add(kTagDiv, search, 2, 52, 140, 20);
    page.rows[bar].id = "search-bar";
    const int32_t header = page.add(kTagDiv, bar, 2, 52, 140, 20);
    page.rows[header].id = "search-header";
    const int32_t cancel = page.add(kTagSpan, header, 5, 56, 12, 12);
    page.rows[cancel].id = "search-cancel";
    page.rows[cancel].role = kRoleSearchCancel;
    const int32_t holder = page.add(kTagSpan, header, 2, 76, 124, 11);
    const int32_t input = page.add(kTagInputText, holder, 2, 72, 124, 17);
    Element& in = page.rows[input];
    in.id = "search-input";
    in.value = search_.text();
    in.flags = kFlagFocusable;
    in.role = kRoleSearchInput;
    const int32_t results_header = page.add(kTagDiv, search, 2, 72, 140, 16);
    page.rows[results_header].id = "results-header";
    const int32_t h4 = page.add(kTagH4, results_header, 12, 75, 120, 10);
    page.rows[h4].text = "Results";
    int32_t listed = 0;
    for (int32_t i = 0; i < count_; ++i) listed += listed_[i] ? 1 : 0;
    make_scroller(page.rows[search], 36 + 39 * listed > 150, kRoleSearchBox);
    if (listed == 0) return;  // an empty list has no height, so getDOMInfo leaves it out
    const int32_t results = page.add(kTagDiv, search, 2, 88, 140, 39.0f * static_cast<float>(listed));
    page.rows[results].id = "search-results";
    float top = 88;
    for (int32_t i = 0; i < count_; ++i) {
      if (!listed_[i]) continue;
      add_thread(page, results, i, top, true);
      top += 39;
    }
  }

  void build_email(Page& page, int32_t area) const {
    const Email& e = emails_[open_];
    const int32_t email = page.add(kTagDiv, area, 2, 52, 155, 150);
    page.rows[email].id = "email";
    make_scroller(page.rows[email], e.long_body, kRoleEmailBox);
    const int32_t bar = page.add(kTagDiv, email, 2, 52, 140, 20);
    page.rows[bar].id = "email-bar";
    const int32_t close = page.add(kTagSpan, bar, 2, 56, 12, 12);
    page.rows[close].id = "close-email";
    page.rows[close].role = kRoleCloseEmail;
    const int32_t actions = page.add(kTagDiv, bar, 112, 54, 28, 18);
    page.rows[actions].classes = "email-actions";
    const int32_t trash = page.add(kTagSpan, actions, 127, 57, 12, 12);
    page.rows[trash].classes = "trash";
    page.rows[trash].role = kRoleEmailTrash;
    const int32_t star = page.add(kTagSpan, actions, 113, 57, 12, 12);
    page.rows[star].classes = email_starred_ ? "star clicked" : "star";
    page.rows[star].role = kRoleEmailStar;
    if (email_starred_) page.rows[star].flags |= kFlagActive;
    const int32_t header = page.add(kTagDiv, email, 2, 72, 140, 40);
    page.rows[header].classes = "email-header";
    const int32_t subject = page.add(kTagDiv, header, 2, 72, 140, 19);
    page.rows[subject].classes = "email-subject";
    page.rows[subject].text = e.subject;
    const int32_t left = page.add(kTagSpan, header, 2, 91, 102, 22);
    page.rows[left].classes = "email-left";
    const int32_t sender = page.add(kTagDiv, left, 6, 93, 98, 10);
    page.rows[sender].classes = "email-sender";
    page.rows[sender].text = e.name;
    page.rows[page.add(kTagDiv, left, 6, 103, 98, 9)].text = "to me";
    page.rows[page.add(kTagSpan, header, 110, 91, 32, 22)].classes = "email-right";
    const int32_t body = page.add(kTagDiv, email, 2, 112, 140, 48);
    page.rows[body].classes = "email-body";
    page.rows[body].text = e.body;
    const int32_t send = page.add(kTagDiv, email, 2, 160, 140, 34);
    page.rows[send].classes = "email-send";
    static const char* const kLabels[2] = {"Reply", "Forward"};
    static const char* const kSpanClasses[2] = {"email-reply", "email-forward"};
    for (int32_t k = 0; k < 2; ++k) {
      const float x = k == 0 ? 24.0f : 80.0f;
      const int16_t role = k == 0 ? kRoleReply : kRoleForward;
      const int32_t span = page.add(kTagSpan, send, x, 164, 40, 27);
      page.rows[span].classes = kSpanClasses[k];
      const int32_t icon = page.add(kTagDiv, span, x + 11, 164, 18, 18);
      page.rows[icon].classes = "icon";
      const int32_t label = page.add(kTagDiv, span, x, 182, 40, 9);
      page.rows[label].text = kLabels[k];
      for (int32_t r : {span, icon, label}) page.rows[r].role = role;
    }
  }

  // The bar of the reply and forward forms: a back arrow and a send icon.
  static void add_form_bar(Page& page, int32_t form, const char* id, const char* close_id, const char* send_id,
                           int16_t close_role, int16_t send_role) {
    const int32_t bar = page.add(kTagDiv, form, 2, 52, 156, 21);
    page.rows[bar].id = id;
    const int32_t close = page.add(kTagSpan, bar, 5, 56, 12, 12);
    page.rows[close].id = close_id;
    page.rows[close].role = close_role;
    const int32_t send = page.add(kTagSpan, bar, 141, 55, 14, 14);
    page.rows[send].id = send_id;
    page.rows[send].role = send_role;
  }

  void build_reply(Page& page, int32_t area) const {
    const Email& e = emails_[open_];
    const int32_t reply = page.add(kTagDiv, area, 2, 52, 156, 154);
    page.rows[reply].id = "reply";
    add_form_bar(page, reply, "reply-bar", "close-reply", "send-reply", kRoleCloseReply, kRoleSendReply);
    const int32_t header = page.add(kTagDiv, reply, 2, 73, 156, 32);
    page.rows[header].classes = "reply-header";
    const int32_t info = page.add(kTagDiv, header, 2, 73, 156, 16);
    page.rows[info].classes = "reply-info";
    const int32_t to = page.add(kTagLabel, info, 4, 75, 16, 11);
    page.rows[to].classes = "reply-to";
    page.rows[to].text = "to:";
    const int32_t sender = page.add(kTagSpan, info, 20, 75, 32, 11);
    page.rows[sender].classes = "reply-sender";
    page.rows[sender].text = e.name;
    const int32_t subject = page.add(kTagDiv, header, 2, 89, 156, 16);
    page.rows[subject].classes = "reply-subject";
    const int32_t label = page.add(kTagLabel, subject, 4, 91, 41, 11);
    page.rows[label].classes = "reply-subj";
    page.rows[label].text = "subject:";
    page.rows[page.add(kTagText, subject, 45, 91, 84, 11)].text = e.reply_subject;
    const int32_t body = page.add(kTagDiv, reply, 2, 105, 156, 101);
    page.rows[body].classes = "reply-body";
    const int32_t text = page.add(kTagTextarea, body, 2, 105, 154, 99);
    page.rows[text].id = "reply-text";
    page.rows[text].value = reply_text_.text();
    page.rows[text].flags = kFlagFocusable;
    page.rows[text].role = kRoleReplyText;
  }

  void build_forward(Page& page, int32_t area) const {
    const Email& e = emails_[open_];
    const int32_t forward = page.add(kTagDiv, area, 2, 52, 156, 160);
    page.rows[forward].id = "forward";
    add_form_bar(page, forward, "forward-bar", "close-forward", "send-forward", kRoleCloseForward, kRoleSendForward);
    const int32_t header = page.add(kTagDiv, forward, 2, 73, 156, 38);
    page.rows[header].classes = "forward-header";
    const int32_t info = page.add(kTagDiv, header, 2, 73, 156, 22);
    page.rows[info].classes = "forward-info";
    page.rows[page.add(kTagLabel, info, 4, 79, 16, 11)].text = "to:";
    const int32_t to = page.add(kTagInputText, info, 20, 75, 124, 17);
    page.rows[to].classes = "forward-sender";
    page.rows[to].value = forward_to_.text();
    page.rows[to].flags = kFlagFocusable;
    page.rows[to].role = kRoleForwardTo;
    const int32_t subject = page.add(kTagDiv, header, 2, 95, 156, 16);
    page.rows[subject].classes = "forward-subject";
    page.rows[page.add(kTagLabel, subject, 4, 97, 41, 11)].text = "subject:";
    page.rows[page.add(kTagText, subject, 45, 97, 66, 11)].text = e.subject;
    const int32_t body = page.add(kTagDiv, forward, 2, 111, 156, 101);
    page.rows[body].classes = "forward-body";
    const int32_t text = page.add(kTagTextarea, body, 2, 111, 154, 99);
    page.rows[text].id = "forward-text";
    page.rows[text].value = forward_text_.text();
    page.rows[text].flags = kFlagFocusable;
    page.rows[text].role = kRoleForwardText;
  }

  Email emails_[kMaxEmails];
  int32_t count_ = 0;
  int32_t target_ = 0;
  int32_t action_ = kReply;
  char reply_[kSearchChars] = "";
  char forward_[kNameChars] = "";
  // Page state.
  int32_t view_ = kViewInbox;
  bool starred_[kMaxEmails] = {};
  int32_t open_ = 0;
  bool email_starred_ = false;
  TextField<kSearchChars> search_;
  char query_[kSearchChars] = "";
  bool listed_[kMaxEmails] = {};
  Highlighted found_[kMaxEmails][3];
  TextField<kBodyChars> reply_text_;
  TextField<kNameChars * 2> forward_to_;
  TextField<kBodyChars * 2> forward_text_;
};

}  // namespace

std::unique_ptr<Task> make_email_inbox() { return std::unique_ptr<Task>(new EmailInbox()); }

}  // namespace web
}  // namespace csim
