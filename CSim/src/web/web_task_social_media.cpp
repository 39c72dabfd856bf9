// social-media: a feed of 5-9 posts (name, @username, time, body) with reply, retweet and like
// buttons and a "more" menu (Share via DM, Copy link to Tweet, Embed Tweet, Mute @user, Block
// @user, Report); the instruction names a user and a button. Clicking any button or menu entry
// ends the episode: +1 (time-proportional) when it is the named one on a post by that user
// (any of their posts), else -1. The more icon opens its post's menu (closing the others) or
// closes it. Only the feed's scrolling box takes the focus.
#include <cstring>

#include "web_common.hpp"
#include "web_env.hpp"
#include "web_tasks.hpp"
#include "web_words.hpp"

namespace csim {
namespace web {
namespace {

constexpr int32_t kMinPosts = 5;
constexpr int32_t kMaxPosts = 9;  // core.randi(5, 10)
constexpr int32_t kTextChars = 40;
constexpr int32_t kBodyChars = 128;

// The buttons, by the class the page's handler compares, and their labels in the instruction.
enum Button : int32_t { kShare = 0, kCopy, kEmbed, kMute, kBlock, kReport, kReplyButton, kRetweet, kLike, kNumButtons };
const char* const kButtonClasses[kNumButtons] = {"share", "copy", "embed", "menu-user", "block-user",
                                                 "report", "reply", "retweet", "like"};
const char* const kButtonLabels[kNumButtons] = {"Share via DM", "Copy link to Tweet", "Embed Tweet", "Mute", "Block",
                                                "Report", "Reply", "Retweet", "Like"};
constexpr int32_t kMenuEntries = 6;  // the first six buttons are the more menu's entries

enum : int16_t { kRoleButton = kRoleFirstTaskRole, kRoleMore, kRoleFeed };  // button's arg: post * 16 + button

struct Post {
  char name[kTextChars] = "";
  char username[kTextChars] = "";
  char time[16] = "";
  char body[kBodyChars] = "";
  char mute[kTextChars + 8] = "";   // "Mute @user"
  char block[kTextChars + 8] = "";  // "Block @user"
};

const char* const kSurnames[] = {"Smith", "Garcia", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Rossi",
                                 "Kowalski", "Haddad", "Silva", "Nguyen", "Berg", "Costa", "Weber", "Ivanova"};

class SocialMedia final : public Task {
 public:
  void generate(Rng& rng) override {
    count_ = rng.range(kMinPosts, kMaxPosts + 1);
    for (int32_t i = 0; i < count_; ++i) {
      Post& p = posts_[i];
      std::strcpy(p.name, rng.below(2) == 0 ? random_person_name(rng)
                                            : kSurnames[rng.below(sizeof(kSurnames) / sizeof(kSurnames[0]))]);
      // "@" and a first name or a filler word, in lower case.
      char handle[kTextChars] = "";
      if (rng.below(2) == 0) {
        std::strcpy(handle, random_person_name(rng));
      } else {
        random_sentence(rng, 1, 1, handle, sizeof(handle));
        for (char* c = handle; *c != '\0'; ++c) {
          if (*c == '.' || *c == ',') *c = '\0';
        }
      }
      std::strcpy(p.username, "@");
      for (const char* c = handle; *c != '\0' && std::strlen(p.username) + 1 < sizeof(p.username); ++c) {
        const char lower = *c >= 'A' && *c <= 'Z' ? static_cast<char>(*c - 'A' + 'a') : *c;
        const char text[2] = {lower, '\0'};
        append(p.username, sizeof(p.username), text);
      }
      p.time[0] = '\0';
      append_int(p.time, sizeof(p.time), rng.range(1, 20));
      append(p.time, sizeof(p.time), "h ago");
      const int32_t words = rng.range(2, 6);
      random_sentence(rng, words, words, p.body, sizeof(p.body));
    }
    button_ = static_cast<int32_t>(rng.below(kNumButtons));
    std::strcpy(user_, posts_[rng.range(0, count_)].username);
    start();
  }

  void load(const json::Value& state) override {
    const auto& posts = state.at("posts", "state").as_array("state.posts");
    if (posts.empty() || posts.size() > static_cast<size_t>(kMaxPosts)) {
      throw InvalidArgument("state.posts must hold 1 to " + std::to_string(kMaxPosts) + " posts; got " +
                            std::to_string(posts.size()));
    }
    Post loaded[kMaxPosts];
    for (size_t i = 0; i < posts.size(); ++i) {
      const std::string w = "state.posts[" + std::to_string(i) + "]";
      read_text(posts[i].at("name", w), w + ".name", loaded[i].name, sizeof(loaded[i].name));
      read_text(posts[i].at("username", w), w + ".username", loaded[i].username, sizeof(loaded[i].username));
      read_text(posts[i].at("time", w), w + ".time", loaded[i].time, sizeof(loaded[i].time));
      read_text(posts[i].at("body", w), w + ".body", loaded[i].body, sizeof(loaded[i].body));
    }
    const std::string& button = state.at("button", "state").as_string("state.button");
    int32_t kind = -1;
    for (int32_t b = 0; b < kNumButtons; ++b) {
      if (button == kButtonClasses[b]) kind = b;
    }
    if (kind < 0) {
      throw InvalidArgument("state.button is \"" + button +
                            "\"; allowed: share, copy, embed, menu-user, block-user, report, reply, retweet, like");
    }
    char user[kTextChars];
    read_text(state.at("user", "state"), "state.user", user, sizeof(user));
    bool found = false;
    for (size_t i = 0; i < posts.size(); ++i) found = found || std::strcmp(loaded[i].username, user) == 0;
    if (!found) throw InvalidArgument("state.user \"" + std::string(user) + "\" wrote none of the posts");
    count_ = static_cast<int32_t>(posts.size());
    for (int32_t i = 0; i < count_; ++i) posts_[i] = loaded[i];
    button_ = kind;
    std::strcpy(user_, user);
    start();
  }

  void instruction(Instruction& out) const override {
    std::strcpy(out.utterance, "For the user ");
    append(out.utterance, sizeof(out.utterance), user_);
    append(out.utterance, sizeof(out.utterance), ", click on the \"");
    append(out.utterance, sizeof(out.utterance), kButtonLabels[button_]);
    append(out.utterance, sizeof(out.utterance), "\" button.");
    out.add_field("user", user_);
    out.add_field("button", kButtonLabels[button_]);
  }

  void build(Page& page, Target) const override {
    const int32_t area = add_frame(page, 154);
    // #area scrolls (overflow-y: scroll, 150 px and its padding); once the posts (62 px each) are
    // taller, a click on it gives it the focus, as Chromium focuses overflowing scrollers.
    page.rows[area].role = kRoleFeed;
    if (62 * count_ + 4 > 154) page.rows[area].flags |= kFlagFocusable;
    for (int32_t i = 0; i < count_; ++i) {
      const Post& p = posts_[i];
      const float top = 52.0f + 62.0f * static_cast<float>(i);
      const int32_t media = page.add(kTagDiv, area, 4, top, 142, 62);
      page.rows[media].classes = "media";
      const int32_t details = page.add(kTagDiv, media, 9, top + 3, 132, 11);
      page.rows[details].classes = "details";
      static const char* const kDetailClasses[4] = {"name", "username", "spacer", "time"};
      const char* texts[4] = {p.name, p.username, "", p.time};
      float x = 9;
      for (int32_t k = 0; k < 4; ++k) {
        const float w = k == 2 ? 3.0f : 5.5f * static_cast<float>(std::strlen(texts[k]));
        const int32_t s = page.add(kTagSpan, details, x, top + 3, w, 11);
        page.rows[s].classes = kDetailClasses[k];
        page.rows[s].text = texts[k];
        x += w + 3;
      }
      const int32_t body = page.add(kTagDiv, media, 9, top + 16, 132, 11);
      page.rows[body].classes = "body";
      page.rows[body].text = p.body;
      const int32_t controls = page.add(kTagDiv, media, 5, top + 43, 126, 18);
      page.rows[controls].classes = "controls";
      static const int32_t kBar[3] = {kReplyButton, kRetweet, kLike};
      for (int32_t k = 0; k < 3; ++k) {
        const int32_t b = page.add(kTagSpan, controls, 20.0f + 33.0f * k, top + 45, 14, 14);
        page.rows[b].classes = kButtonClasses[kBar[k]];
        page.rows[b].role = kRoleButton;
        page.rows[b].arg = static_cast<int16_t>(i * 16 + kBar[k]);
      }
      const int32_t holder = page.add(kTagSpan, controls, 102, top + 50, 29, 11);
      const int32_t more = page.add(kTagSpan, holder, 117, top + 45, 14, 14);
      page.rows[more].classes = "more";
      page.rows[more].role = kRoleMore;
      page.rows[more].arg = static_cast<int16_t>(i);
      if (open_ != i) continue;  // a hidden menu (display: none) has no rows
      const int32_t ul = page.add(kTagUl, holder, 40, top + 61, 120, 120);
      for (int32_t e = 0; e < kMenuEntries; ++e) {
        const int32_t li = page.add(kTagLi, ul, 41, top + 62 + 20.0f * e, 118, 20);
        page.rows[li].classes = kButtonClasses[e];
        page.rows[li].text = e == kMute ? p.mute : e == kBlock ? p.block : kButtonLabels[e];
        page.rows[li].role = kRoleButton;
        page.rows[li].arg = static_cast<int16_t>(i * 16 + e);
      }
    }
  }

  Outcome click(Target target) override {
    if (target.role == kRoleMore) {
      open_ = open_ == target.arg ? -1 : target.arg;
      return Outcome::none();
    }
    if (target.role != kRoleButton) return Outcome::none();
    const bool right = target.arg % 16 == button_ && std::strcmp(posts_[target.arg / 16].username, user_) == 0;
    return Outcome::end(right ? 1.0f : -1.0f, right);
  }

  int32_t expert(const Page& page, const Instruction&, Target) const override {
    int32_t post = 0;
    while (post < count_ && std::strcmp(posts_[post].username, user_) != 0) ++post;
    const int16_t wanted = static_cast<int16_t>(post * 16 + button_);
    for (int32_t r = 0; r < page.count; ++r) {
      if (page.rows[r].role == kRoleButton && page.rows[r].arg == wanted) return click_action(r);
    }
    for (int32_t r = 0; r < page.count; ++r) {  // a menu entry: open the post's menu first
      if (page.rows[r].role == kRoleMore && page.rows[r].arg == post) return click_action(r);
    }
    return click_action(0);
  }

  // Half way once a menu entry is asked and the menu of one of the user's posts is open (a bar
  // button is one click from the start).
  float progress() const override {
    return button_ < kMenuEntries && open_ >= 0 && std::strcmp(posts_[open_].username, user_) == 0 ? 0.5f : 0.0f;
  }

 private:
  void start() {
    for (int32_t i = 0; i < count_; ++i) {
      Post& p = posts_[i];
      std::strcpy(p.mute, "Mute ");
      append(p.mute, sizeof(p.mute), p.username);
      std::strcpy(p.block, "Block ");
      append(p.block, sizeof(p.block), p.username);
    }
    open_ = -1;
  }

  Post posts_[kMaxPosts];
  int32_t count_ = 0;
  int32_t button_ = kLike;
  char user_[kTextChars] = "";
  int32_t open_ = -1;  // the post whose more menu is shown
};

}  // namespace

std::unique_ptr<Task> make_social_media() { return std::unique_ptr<Task>(new SocialMedia()); }

}  // namespace web
}  // namespace csim
