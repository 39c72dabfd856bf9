"""The real MiniWob++ tasks in headless Chromium, as the reference for Pavlov's native web tasks.

It drives Farama's `miniwob` package through its own gymnasium env (the tasks' HTML and
JavaScript, selenium, Debian's chromium and chromedriver; `bash scripts/miniwob_setup.sh`
installs them into ~/.cache/pavlov/miniwob-venv) and speaks the native env's language:

    ref = MiniWobReference("click-checkboxes")
    instance = ref.reset(seed=3)      # utterance, fields, the page's rows, and the "state"
    native.set_state(0, instance.native_state())   # the same instance in the native env
    reward, done, rows = ref.step(native_action)   # the native env's action index

Rows are the page's element table in document order, one row per visible element (tag, id,
classes, text, value, checked, focused, box, background, data-* attributes), as MiniWob's
core.getDOMInfo walks the page, except that a text node beside elements is one row (tag "t")
instead of one per line box, so that rows do not depend on font metrics. Rewards are MiniWob's
raw ones (no wall-clock decay): the native env's reward_kind 0.

Only this module's functions import selenium and miniwob, so `pavlov_envs` itself never needs
them. Slow by nature (a browser round trip per step): for conformance and reference runs.
"""
import json
import os
import re
import shutil
import time

# The native action space (CSim/src/web/web_env.hpp): click row k, click row k and type field
# j, press key i. Mirrored here to drive the browser with the same indices.
MAX_ELEMENTS = 128
MAX_FIELDS = 8
KEYS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "<Backspace>", "<Enter>", "<ArrowUp>",
        "<ArrowDown>")
NUM_ACTIONS = MAX_ELEMENTS + MAX_ELEMENTS * MAX_FIELDS + len(KEYS)

TASKS = ("click-checkboxes", "use-spinner", "guess-number", "click-shades", "click-tab-2", "enter-time",
         "choose-date-nodelay", "search-engine", "tic-tac-toe",
         "email-inbox", "social-media",
         "book-flight-nodelay")


def decode_action(action):
    """("click", row, None), ("type", row, field) or ("key", None, key name) for a native action."""
    a = int(action)
    if not 0 <= a < NUM_ACTIONS:
        raise ValueError(f"action {a} is out of range; allowed actions are 0...{NUM_ACTIONS - 1}")
    if a < MAX_ELEMENTS:
        return "click", a, None
    if a < MAX_ELEMENTS * (1 + MAX_FIELDS):
        k = a - MAX_ELEMENTS
        return "type", k // MAX_FIELDS, k % MAX_FIELDS
    return "key", None, KEYS[a - MAX_ELEMENTS * (1 + MAX_FIELDS)]


# Walks the page like core.getDOMInfo (same skipped ids, zero-size elements left out), after
# calling it so that every row's element carries the ref that CLICK_ELEMENT actions use.
_ROWS_JS = r"""
core.getDOMInfo();
var rows = [];
var skip = {'reward-display': 1, 'sync-task-cover': 1, 'click-canvas': 1, 'query': 1};
function visit(el, parent) {
  if (skip[el.id]) return;
  var rect = el.getBoundingClientRect();
  if (rect.width == 0 || rect.height == 0) return;
  var tag = el.tagName.toLowerCase(), value = '', checked = false;
  if (el instanceof HTMLInputElement) {
    tag += '_' + el.type;
    if (el.type == 'checkbox' || el.type == 'radio') checked = el.checked; else value = el.value;
  } else if (el instanceof HTMLTextAreaElement) {
    value = el.value;
  }
  var attrs = {};
  for (var i = 0; i < el.attributes.length; i++) {
    var a = el.attributes[i];
    if (a.name.indexOf('data-') == 0 && a.name.indexOf('data-wob') != 0) attrs[a.name] = a.value;
  }
  var row = {ref: el.dataset.wob_ref === undefined ? null : +el.dataset.wob_ref, parent: parent, tag: tag,
             id: el.id || '', classes: typeof el.className === 'string' ? el.className : '', text: '',
             value: value, checked: checked, focused: document.activeElement === el, left: rect.left,
             top: rect.top, width: rect.width, height: rect.height,
             bg: window.getComputedStyle(el).backgroundColor, attrs: attrs};
  var index = rows.length;
  rows.push(row);
  var kids = [], textOnly = true;
  el.childNodes.forEach(function (c) {
    if (c instanceof Text) { if (!/^\s*$/.test(c.data)) kids.push(c); }
    else if (c instanceof Element) { kids.push(c); textOnly = false; }
  });
  if (textOnly) { row.text = kids.map(function (x) { return x.data.trim(); }).join(' '); return; }
  kids.forEach(function (c) {
    if (c instanceof Text) {
      var range = document.createRange();
      range.selectNodeContents(c);
      var b = range.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) {
        rows.push({ref: null, parent: index, tag: 't', id: '', classes: '', text: c.data.trim(), value: '',
                   checked: false, focused: false, left: b.left, top: b.top, width: b.width, height: b.height,
                   bg: '', attrs: {}});
      }
    } else {
      visit(c, index);
    }
  });
}
visit(document.body, -1);
return rows;
"""

# Keys whose effect the page applies on a timer: jQuery UI tabs show a tab chosen with the arrow
# keys 300 ms later. The reference waits that out, so that a step's page is its settled result
# (the native env applies it at once).
_KEY_SETTLE_SECONDS = {"click-tab-2": 0.4}

_SPACES = re.compile(r"\s+")


def _clean(text):
    return _SPACES.sub(" ", text).strip()


def _rgb(css):
    """(r, g, b) of a computed CSS colour, None for transparent."""
    m = re.match(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", css or "")
    if not m or (m.group(4) is not None and float(m.group(4)) == 0.0):
        return None
    return [int(m.group(1)), int(m.group(2)), int(m.group(3))]


class Instance:
    """One exported task instance: what the page shows and the state the native env loads."""

    def __init__(self, task, seed, utterance, fields, rows, state):
        self.task, self.seed, self.utterance, self.fields, self.rows, self.state = (
            task, seed, utterance, fields, rows, state)

    def native_state(self):
        """The JSON the native env's set-state entry point loads (docs/miniwob.md)."""
        return json.dumps({"task": self.task, "state": self.state})

    def to_dict(self):
        return {"task": self.task, "seed": self.seed, "utterance": self.utterance, "fields": self.fields,
                "rows": self.rows, "state": self.state}


def chromium_paths():
    """(chromium, chromedriver) on PATH, or raises RuntimeError saying what is missing."""
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not chrome or not driver:
        raise RuntimeError("Chromium and chromedriver are needed for the MiniWob reference; "
                           "run `bash scripts/miniwob_setup.sh` (Debian: apt-get install chromium chromium-driver)")
    return chrome, driver


class MiniWobReference:
    """One real MiniWob task in a headless Chromium, driven with native action indices."""

    def __init__(self, task):
        if task not in TASKS:
            raise ValueError(f"no native counterpart for MiniWob task {task!r}; tasks: {', '.join(TASKS)}")
        chrome, driver = chromium_paths()
        # miniwob starts Chromium through selenium; naming the binaries keeps selenium-manager
        # from looking for a browser on the network.
        os.environ.setdefault("MINIWOB_CHROME_BINARY", chrome)
        os.environ.setdefault("MINIWOB_CHROMEDRIVER", driver)
        import gymnasium
        import miniwob
        from miniwob.action import ActionSpaceConfig, ActionTypes

        gymnasium.register_envs(miniwob)
        self.task = task
        self._types = ActionTypes
        config = ActionSpaceConfig(
            action_types=[ActionTypes.NONE, ActionTypes.CLICK_ELEMENT, ActionTypes.PRESS_KEY,
                          ActionTypes.FOCUS_ELEMENT_AND_TYPE_FIELD],
            allowed_keys=KEYS)
        self.env = gymnasium.make(f"miniwob/{task}-v1", action_space_config=config)
        self._driver = None
        self.rows = []
        self.fields = []
        self.done = False

    @property
    def driver(self):
        return self.env.unwrapped.instance.driver

    def close(self):
        self.env.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def read_rows(self):
        # The native table holds the first MAX_ELEMENTS rows in document order; rows past it
        # (a long autocomplete list) are dropped on both sides.
        rows = self.driver.execute_script(_ROWS_JS)[:MAX_ELEMENTS]
        for r in rows:
            r["text"] = _clean(r["text"])
            r["bg"] = _rgb(r["bg"])
        _ROW_READINGS.get(self.task, lambda rows: rows)(rows)
        return rows

    def reset(self, seed):
        """Starts the instance MiniWob draws for `seed` and exports it."""
        obs, _ = self.env.reset(seed=int(seed))
        utterance = obs["utterance"]
        self.fields = [[k, v] for k, v in obs["fields"]]
        state = _STATE_EXPORTERS[self.task](self, utterance)
        if self.task in _EXPORT_CHANGES_PAGE:  # probing changed the page: draw the same instance again
            obs, _ = self.env.reset(seed=int(seed))
        if self.task in _PAGE_RANDOMNESS:  # what the page will draw from now on, seeded
            state = _PAGE_RANDOMNESS[self.task](self, f"pavlov-{int(seed)}", state)
        # MiniWob keeps the page between episodes, so an element that survives a new episode
        # (a static Submit button) keeps the focus the last episode gave it, and Enter would
        # press it. An exported instance is the page as freshly loaded: the body has the focus.
        self.driver.execute_script("if (document.activeElement) document.activeElement.blur();")
        self.rows = self.read_rows()
        self.done = False
        return Instance(self.task, int(seed), utterance, [list(f) for f in self.fields], self.rows, state)

    def _ref_of(self, row):
        """The ref CLICK_ELEMENT needs for a row: a text row's nearest element ancestor."""
        while row is not None and 0 <= row < len(self.rows) and self.rows[row]["ref"] is None:
            row = self.rows[row]["parent"]
        return None if row is None or row < 0 or row >= len(self.rows) else self.rows[row]["ref"]

    def step(self, action):
        """Applies a native action; returns (raw reward, done, rows after the step)."""
        kind, row, extra = decode_action(action)
        env = self.env.unwrapped
        t = self._types
        if kind == "key":
            a = env.create_action(t.PRESS_KEY, key=KEYS.index(extra))
        elif row >= len(self.rows) or (kind == "type" and extra >= len(self.fields)):
            # The native env treats a missing row or field as doing nothing (or only clicking).
            a = (env.create_action(t.NONE) if row >= len(self.rows)
                 else env.create_action(t.CLICK_ELEMENT, ref=self._ref_of(row)))
        elif kind == "click":
            a = env.create_action(t.CLICK_ELEMENT, ref=self._ref_of(row))
        else:
            a = env.create_action(t.FOCUS_ELEMENT_AND_TYPE_FIELD, ref=self._ref_of(row), field=extra)
        _, _, terminated, truncated, info = self.env.step(a)
        if kind == "key" and self.task in _KEY_SETTLE_SECONDS:
            time.sleep(_KEY_SETTLE_SECONDS[self.task])
        self.done = bool(terminated or truncated)
        reward = float(info["raw_reward"]) if self.done else 0.0
        self.rows = [] if self.done else self.read_rows()
        return reward, self.done, self.rows


# ---- What each task's state is, read from the live page (the native env rebuilds the page
# from it; the conformance check compares the two pages row by row) ----

def _state_click_checkboxes(ref, utterance):
    rows = ref.read_rows()
    wanted = {v for k, v in ref.fields if k.startswith("target")}
    boxes = []
    for i, r in enumerate(rows):
        if r["tag"] == "input_checkbox":
            name = next(x["text"] for x in rows if x["parent"] == r["parent"] and x["tag"] == "t")
            boxes.append({"name": name, "wanted": name in wanted})
    return {"boxes": boxes}


def _state_use_spinner(ref, utterance):
    return {"target": int(re.match(r"Select (-?\d+) with", utterance).group(1))}


_PROBE_GUESS_JS = r"""
for (var n = 0; n < 10; n++) {
  $('#tt').val(String(n));
  $('#subbtn').click();
  if (WOB_DONE_GLOBAL) return n;
}
return -1;
"""


def _state_guess_number(ref, utterance):
    # The answer lives in a closure of the page's script: try each number once (this ends the
    # episode; reset() then draws the same instance again from the same seed).
    answer = ref.driver.execute_script(_PROBE_GUESS_JS)
    if answer < 0:
        raise RuntimeError("guess-number: no number in 0-9 was accepted")
    return {"answer": int(answer)}


_SHADES_JS = r"""
return Array.prototype.map.call(document.querySelectorAll('#area span'), function (s) {
  return [s.getAttribute('data-color'), window.getComputedStyle(s).backgroundColor];
});
"""


def _state_click_shades(ref, utterance):
    target = re.match(r"Select all the shades of (\w+) and", utterance).group(1)
    shades = [{"color": c, "rgb": _rgb(bg)} for c, bg in ref.driver.execute_script(_SHADES_JS)]
    return {"target": target, "shades": shades}


_TABS_JS = r"""
var tabs = [];
for (var i = 1; i <= 3; i++) {
  var p = document.querySelector('#tabs-' + i + ' p'), nodes = [];
  p.childNodes.forEach(function (c) {
    if (c instanceof Text) nodes.push([c.data, false]); else nodes.push([c.textContent, true]);
  });
  tabs.push(nodes);
}
return tabs;
"""


def _state_click_tab_2(ref, utterance):
    target = re.match(r'Switch between the tabs to find and click on the link "(.*)"\.$', utterance).group(1)
    tabs = []
    for nodes in ref.driver.execute_script(_TABS_JS):
        words = []
        for text, link in nodes:
            if link:
                words.append({"text": text, "link": True})
            else:
                words.extend({"text": w, "link": False} for w in text.split())
        tabs.append(words)
    return {"target": target, "tabs": tabs}


def _state_enter_time(ref, utterance):
    m = re.match(r"Enter (\d+):(\d\d) (AM|PM) as the time", utterance)
    hour = int(m.group(1)) % 12 + (12 if m.group(3) == "PM" else 0)
    return {"hour": hour, "minute": int(m.group(2))}


def _state_choose_date(ref, utterance):
    m = re.match(r"Select (\d\d)/(\d\d)/2016 as the date", utterance)
    return {"month": int(m.group(1)), "day": int(m.group(2))}


_SEARCH_RESULTS_JS = r"""
$('#search-text').val(arguments[0]);
$('#search').click();
var out = [];
for (var p = 1; p <= 3; p++) {
  $('#pagination').twbsPagination('show', p);
  $('#page-content > div').each(function () {
    var a = $(this).find('.search-title');
    out.push({index: +a.attr('data-result'), title: a.text(), url: $(this).find('.search-url').text(),
              desc: $(this).find('.search-desc').text()});
  });
}
return out;
"""


def _state_search_engine(ref, utterance):
    # The results live in a closure of the page's script: search for the query and read the
    # three pages (reset() then draws the same instance again).
    query = dict(ref.fields)["query"]
    found = sorted(ref.driver.execute_script(_SEARCH_RESULTS_JS, query), key=lambda r: r["index"])
    if [r["index"] for r in found] != list(range(9)):
        raise RuntimeError(f"search-engine: expected results 0-8, read {[r['index'] for r in found]}")
    results = [{"title": _clean(r["title"]), "url": _clean(r["url"]), "desc": _clean(r["desc"])} for r in found]
    return {"query": query, "index": int(dict(ref.fields)["rank"]) - 1, "results": results}


# The made-up results a wrong search shows come from the page's Math.random: seed it (MiniWob's
# own seedrandom), draw the pages the native env will show, and seed it again, so that the page
# draws those very pages, in that order.
_FAKE_PAGES = 16
_FAKE_PAGES_JS = r"""
var seed = arguments[0], count = arguments[1], pages = [];
Math.seedrandom(seed);
for (var i = 0; i < count; i++) {
  pages.push(generateSearch().slice(0, 3).map(function (r) { return {title: r.title, url: r.url, desc: r.desc}; }));
}
Math.seedrandom(seed);
return pages;
"""


def _fake_pages_search_engine(ref, seed, state):
    pages = ref.driver.execute_script(_FAKE_PAGES_JS, seed, _FAKE_PAGES)
    state["fake_pages"] = [[{k: _clean(v) for k, v in r.items()} for r in page] for page in pages]
    return state


_SEED_JS = "Math.seedrandom(arguments[0]);"


def _seed_tic_tac_toe(ref, seed, state):
    ref.driver.execute_script(_SEED_JS, seed)  # the opponent's moves from here on
    state["random_seed"] = seed
    return state


def _state_tic_tac_toe(ref, utterance):
    marks = {"mark-x": 1, "mark-o": -1}
    cells = ref.driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.ttt-row span'), "
        "function (s) { return s.className; });")
    return {"board": [marks.get(c, 0) for c in cells]}


def _marks_as_text(rows):
    # A marked cell is an image drawn by its class (CSS content: url(x.png)), with no text: read
    # it as the letter it shows, as the native rows do.
    for r in rows:
        mark = {"mark-x": "X", "mark-o": "O"}.get(r["classes"])
        if mark and not r["text"]:
            r["text"] = mark
    return rows


# book-flight-nodelay: the flights a right search shows live in a closure of the page's script:
# fill the form the way the instruction asks (any airport whose name holds the asked city or
# code passes the page's check), search, and read them (reset() then draws the same instance
# again). The airport list is the page's own, read at run time, not a copy kept here.
_FLIGHTS_JS = r"""
var f = arguments[0];
var pick = function (s) { return DOMESTIC_FLIGHTS.filter(function (a) { return a.indexOf(s) !== -1; })[0]; };
$('#flight-from').val(pick(f.from)); $('#flight-to').val(pick(f.to)); $('#datepicker').val(f.date);
$('#search').click();
var flights = $('#results .flight').map(function () {
  var el = $(this), text = function (c) { return el.find('.' + c).text(); };
  return {depart_time: text('depart-time'), depart_day: text('depart-day'), depart_city: text('depart-city'),
          arrive_time: text('arrive-time'), arrive_day: text('arrive-day'), arrive_city: text('arrive-city'),
          duration: text('time-duration'), duration_ms: +el.find('.time-duration').attr('data-duration'),
          price: +el.find('.flight-price').attr('data-price')};
}).get();
return {airports: DOMESTIC_FLIGHTS.slice(), flights: flights};
"""


def _state_book_flight(ref, utterance):
    f = dict(ref.fields)
    got = ref.driver.execute_script(_FLIGHTS_JS, f)
    if not 3 <= len(got["flights"]) <= 5:
        raise RuntimeError(f"book-flight-nodelay: a right search showed {len(got['flights'])} flights")
    flights = [{k: (_clean(v) if isinstance(v, str) else int(v)) for k, v in fl.items()} for fl in got["flights"]]
    return {"criterion": f["criterion"], "from": f["from"], "to": f["to"], "date": f["date"],
            "airports": got["airports"], "flights": flights}


# The flights a wrong search makes up come from the page's Math.random: seeded here, the
# native env draws the same numbers (web_seedrandom.hpp). jQuery's selector engine (Sizzle's
# superMatcher) also calls Math.random, for a cache key whose value means nothing, as often as
# the clicks and keys make it evaluate nested selectors: those calls get a constant, so that the
# seeded stream serves the page's own script alone. The page keeps widget state between
# episodes (its genProblem never destroys the autocompletes or the datepicker): close them,
# forget the announcements of the autocompletes' live regions and the datepicker's last read
# value and key flag, so that an instance starts as a freshly loaded page does.
_BOOK_FLIGHT_FRESH_JS = r"""
Math.seedrandom(arguments[0]);
var pageRandom = Math.random;
Math.random = function () { return /superMatcher/.test(new Error().stack) ? 0.5 : pageRandom(); };
$('#flight-from, #flight-to').autocomplete('close');
$('.ui-helper-hidden-accessible').empty();
$.datepicker._hideDatepicker();
var inst = $.datepicker._getInst($('#datepicker')[0]);
delete inst.lastVal;
inst._keyEvent = false;
"""


def _seed_book_flight(ref, seed, state):
    ref.driver.execute_script(_BOOK_FLIGHT_FRESH_JS, seed)
    state["random_seed"] = seed
    return state


_EXPORT_CHANGES_PAGE = ("guess-number", "search-engine", "book-flight-nodelay")
_PAGE_RANDOMNESS = {"search-engine": _fake_pages_search_engine, "tic-tac-toe": _seed_tic_tac_toe,
                    "book-flight-nodelay": _seed_book_flight}
_ROW_READINGS = {"tic-tac-toe": _marks_as_text}

# The emails and what is asked live in the page script's closure; jQuery keeps them as the data
# of the threads' click handlers.
_EMAILS_JS = r"""
var data = $._data($('#main .email-thread')[0], 'events').click[0].data;
var d = data.expectedDetails;
return {emails: data.emails.map(function (e) { return {name: e.name, subject: e.subject, body: e.body}; }),
        target: data.emails.indexOf(d.email), action: d.action, reply: d.reply || '', forward: d.forward || ''};
"""


def _state_email_inbox(ref, utterance):
    state = ref.driver.execute_script(_EMAILS_JS)
    if state["action"] != "reply":
        del state["reply"]
    if state["action"] != "forward":
        del state["forward"]
    return state


_POSTS_JS = r"""
return Array.prototype.map.call(document.querySelectorAll('#area .media'), function (m) {
  var text = function (c) { return m.getElementsByClassName(c)[0].textContent; };
  return {name: text('name'), username: text('username'), time: text('time'), body: text('body')};
});
"""
_SOCIAL_BUTTONS = {"Share via DM": "share", "Copy link to Tweet": "copy", "Embed Tweet": "embed", "Mute": "menu-user",
                   "Block": "block-user", "Report": "report", "Reply": "reply", "Retweet": "retweet", "Like": "like"}


def _state_social_media(ref, utterance):
    m = re.match(r'For the user (.*), click on the "(.*)" button\.$', utterance)
    return {"posts": ref.driver.execute_script(_POSTS_JS), "user": m.group(1), "button": _SOCIAL_BUTTONS[m.group(2)]}


_STATE_EXPORTERS = {
    "click-checkboxes": _state_click_checkboxes,
    "use-spinner": _state_use_spinner,
    "guess-number": _state_guess_number,
    "click-shades": _state_click_shades,
    "click-tab-2": _state_click_tab_2,
    "enter-time": _state_enter_time,
    "choose-date-nodelay": _state_choose_date,
    "search-engine": _state_search_engine,
    "tic-tac-toe": _state_tic_tac_toe,
    "email-inbox": _state_email_inbox,
    "social-media": _state_social_media,
    "book-flight-nodelay": _state_book_flight,
}
