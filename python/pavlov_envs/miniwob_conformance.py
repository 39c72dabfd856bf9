"""Conformance of Pavlov's native MiniWob tasks against the real ones in Chromium.

For each instance: the real task draws it (seeded), the reference exports it, the native env
loads it through csim_vec_env_set_state_json, and the two pages must agree row by row (tag,
parent, text, value, checked, focused; shades' colours). Then action sequences are replayed in
both: the native scripted expert's, random ones over the rows and fields the page has, and
near-expert ones (the expert, turned aside by one or two random actions, then resuming). Each
step must give the same raw reward and ending, and (while the episode runs) the same page.

    python -m pavlov_envs.miniwob_conformance --tasks click-checkboxes --instances 100 --json out.json

Needs the reference's packages (scripts/miniwob_setup.sh); run with the miniwob venv's Python
with pavlov_envs importable (Bench/miniwob_conformance.sh arranges both).
"""
import argparse
import json
import random
import sys
import time

import numpy as np

from .miniwob_reference import KEYS, MAX_ELEMENTS, MAX_FIELDS, TASKS, MiniWobReference

TEXT_CHARS, VALUE_CHARS, FIELD_CHARS = 32, 16, 32  # web_page.hpp
EXPERT_STEP_CAP = 40


def native_id(task):
    return f"MiniWob-{task}-v0"


def _chars(codes):
    return "".join(chr(int(c)) for c in codes if int(c) != 0)


def _ascii(text, width):
    return "".join(ch if ord(ch) < 128 else "?" for ch in text)[:width]


class NativePage:
    """Reads the native env's page back from its observation parts (what a policy sees)."""

    def __init__(self, env):
        self.parts = {p.name: p for p in env.spec_info.observation_parts}

    def _part(self, obs, name):
        p = self.parts[name]
        return np.asarray(obs[p.offset:p.offset + p.size]).reshape(p.shape)

    def fields(self, obs):
        return [_chars(row) for row in self._part(obs, "fields") if _chars(row)]

    def rows(self, obs):
        codes = self._part(obs, "element_codes")
        text = self._part(obs, "element_text")
        value = self._part(obs, "element_value")
        numbers = self._part(obs, "element_numbers")
        parents = self._part(obs, "element_parents")
        rows = []
        for i in range(codes.shape[0]):
            if int(codes[i, 0]) == 0:
                break
            rows.append({"tag": TAG_NAMES[int(codes[i, 0])], "parent": int(parents[i]) - 1,
                         "text": _chars(text[i]), "value": _chars(value[i]), "checked": bool(codes[i, 2]),
                         "focused": bool(codes[i, 1]),
                         "bg": ([int(round(float(numbers[i, k]) * 255)) for k in (5, 6, 7)]
                                if numbers[i, 4] else None)})
        return rows


# web_observation.cpp's tag table, in code order.
TAG_NAMES = ["", "body", "div", "span", "p", "label", "button", "a", "ul", "li", "form", "input_text",
             "input_number", "input_time", "input_checkbox", "input_radio", "input_password", "textarea", "t",
             "h1", "h2", "h3", "table", "tr", "td", "th", "b", "i", "img", "select", "option", "svg",
             "thead", "tbody", "h4"]


def compare_rows(native, reference):
    """The first difference between two pages as text, or None when they agree."""
    if len(native) != len(reference):
        return (f"{len(native)} native rows, {len(reference)} reference rows: native "
                f"{[r['tag'] for r in native]} vs reference {[r['tag'] for r in reference]}")
    for i, (a, b) in enumerate(zip(native, reference)):
        want = {"tag": b["tag"], "parent": b["parent"], "text": _ascii(b["text"], TEXT_CHARS),
                "value": _ascii(b["value"], VALUE_CHARS), "checked": bool(b["checked"]),
                "focused": bool(b["focused"])}
        for key, v in want.items():
            if a[key] != v:
                return f"row {i} ({b['tag']} {b['text'][:20]!r}): {key} native {a[key]!r}, reference {v!r}"
        if a["bg"] is not None and a["bg"] != b["bg"]:
            return f"row {i}: background native {a['bg']}, reference {b['bg']}"
    return None


def random_action(rng, rows, num_fields):
    """A random action for the current page: a click on a row, typing a field into a row, or a key."""
    u = rng.random()
    if u < 0.5 or (u < 0.7 and num_fields == 0):
        return rng.randrange(len(rows))
    if u < 0.7:
        return MAX_ELEMENTS + rng.randrange(len(rows)) * MAX_FIELDS + rng.randrange(num_fields)
    return MAX_ELEMENTS * (1 + MAX_FIELDS) + rng.randrange(len(KEYS))


class Checker:
    def __init__(self, task, seed_base=0):
        import pavlov_envs

        self.task = task
        self.ref = MiniWobReference(task)
        # A step limit far above any replayed sequence: endings come from the task alone.
        self.env = pavlov_envs.make_vec(native_id(task), 1, seed=seed_base, num_threads=1, max_episode_steps=1000)
        self.env.reset()  # set-state starts a new episode in a batch that has one
        self.page = NativePage(self.env)
        self.report = {"task": task, "instances": 0, "sequences": 0, "steps": 0, "page_mismatches": 0,
                       "step_mismatches": 0, "expert_native_success": 0, "expert_reference_success": 0,
                       "examples": []}

    def close(self):
        self.ref.close()
        self.env.close()

    def _note(self, what):
        if len(self.report["examples"]) < 5:
            self.report["examples"].append(what)

    def _load(self, seed):
        instance = self.ref.reset(seed)
        obs = self.env.set_state(0, instance.native_state()).copy()
        return instance, obs

    def check_instance(self, seed, random_sequences, rng, mutant_sequences=0):
        r = self.report
        instance, obs = self._load(seed)
        r["instances"] += 1
        problem = None
        if self.env.mission(0) != instance.utterance:
            problem = f"utterance native {self.env.mission(0)!r}, reference {instance.utterance!r}"
        elif self.page.fields(obs) != [_ascii(v, FIELD_CHARS) for _, v in instance.fields]:
            problem = f"fields native {self.page.fields(obs)}, reference {instance.fields}"
        else:
            problem = compare_rows(self.page.rows(obs), instance.rows)
        if problem:
            r["page_mismatches"] += 1
            self._note(f"seed {seed} page: {problem}")
            return
        # The expert's sequence, recorded natively, then replayed in the browser.
        expert, native_steps = [], []
        for _ in range(EXPERT_STEP_CAP):
            a = int(self.env.expert_actions()[0])
            expert.append(a)
            native_steps.append(self._native_step(a))
            if native_steps[-1][1]:
                break
        if native_steps[-1][1] and native_steps[-1][0] >= 1.0:
            r["expert_native_success"] += 1
        ok, reward = self._replay(seed, expert, native_steps, "expert")
        if ok and reward >= 1.0:
            r["expert_reference_success"] += 1
        for _ in range(random_sequences):
            self._random_sequence(seed, rng)
        for _ in range(mutant_sequences):
            self._mutant_sequence(seed, rng)
        if self.task == "book-flight-nodelay":
            for _ in range(max(1, mutant_sequences)):
                self._wrong_search_sequence(seed, rng)

    def _random_sequence(self, seed, rng):
        instance, obs = self._load(seed)
        actions, native_steps = [], []
        rows = self.page.rows(obs)
        for _ in range(rng.randrange(1, 9)):
            a = random_action(rng, rows, len(instance.fields))
            actions.append(a)
            native_steps.append(self._native_step(a))
            rows = native_steps[-1][2]
            if native_steps[-1][1]:
                break
        self._replay(seed, actions, native_steps, "random", instance_loaded=instance)

    def _native_step(self, action):
        """Steps the native env; returns (reward, done, the page's rows or None once done)."""
        obs, rew, term, trunc, _ = self.env.step(np.array([action], dtype=np.int32))
        done = bool(term[0] or trunc[0])
        return float(rew[0]), done, None if done else self.page.rows(obs[0])

    def _mutant_sequence(self, seed, rng):
        """The expert, with one or two random actions in place of its own from a random step on."""
        instance, obs = self._load(seed)
        actions, native_steps = [], []
        rows = self.page.rows(obs)
        turn, detour = rng.randrange(0, 6), rng.randrange(1, 3)
        for t in range(EXPERT_STEP_CAP):
            if turn <= t < turn + detour:
                a = random_action(rng, rows, len(instance.fields))
            else:
                a = int(self.env.expert_actions()[0])
            actions.append(a)
            native_steps.append(self._native_step(a))
            rows = native_steps[-1][2]
            if native_steps[-1][1]:
                break
        self._replay(seed, actions, native_steps, "near-expert", instance_loaded=instance)

    def _wrong_search_sequence(self, seed, rng):
        """book-flight: the expert, but picking another day, then Search (the page's made-up
        flights, drawn from its seeded Math.random) and random actions, half of them on buttons
        (Back, Search again, Book)."""
        instance, obs = self._load(seed)
        actions, native_steps = [], []
        rows = self.page.rows(obs)
        searched, extra = False, rng.randrange(1, 7)
        for _ in range(EXPERT_STEP_CAP):
            days = [i for i, r in enumerate(rows) if r["tag"] == "a" and r["text"].isdigit()]
            buttons = [i for i, r in enumerate(rows) if r["tag"] == "button"]
            a = int(self.env.expert_actions()[0])
            if searched:
                if extra == 0:
                    break
                extra -= 1
                a = rng.choice(buttons) if buttons and rng.random() < 0.5 else random_action(
                    rng, rows, len(instance.fields))
            elif a in days and len(days) > 1:
                a = rng.choice([d for d in days if d != a])
            elif actions and actions[-1] in days_before:
                a = next(i for i, r in enumerate(rows) if r["tag"] == "button" and r["text"] == "Search")
                searched = True
            days_before = days
            actions.append(a)
            native_steps.append(self._native_step(a))
            rows = native_steps[-1][2]
            if native_steps[-1][1]:
                break
        self._replay(seed, actions, native_steps, "wrong-search", instance_loaded=instance)

    def _replay(self, seed, actions, native_steps, kind, instance_loaded=None):
        """Replays actions in the browser; returns (agreed, last reward)."""
        r = self.report
        if instance_loaded is None:
            self.ref.reset(seed)
        else:
            self.ref.rows = instance_loaded.rows  # _load just exported this very page
        r["sequences"] += 1
        reward = 0.0
        for k, (a, (n_reward, n_done, n_rows)) in enumerate(zip(actions, native_steps)):
            reward, done, rows = self.ref.step(a)
            r["steps"] += 1
            problem = None
            if abs(reward - n_reward) > 1e-5 or done != n_done:
                problem = f"reward/done native ({n_reward:g}, {n_done}), reference ({reward:g}, {done})"
            elif not done:
                problem = compare_rows(n_rows, rows)
            if problem:
                r["step_mismatches"] += 1
                self._note(f"seed {seed} {kind} step {k} action {a} ({self.env.action_name(a)}): {problem}; "
                           f"actions {actions[:k + 1]}")
                return False, reward
        return True, reward


def check_task(task, instances, random_sequences=2, seed_base=0, log=None, mutant_sequences=1):
    checker = Checker(task, seed_base)
    rng = random.Random(seed_base + 7)
    start = time.time()
    try:
        for i in range(instances):
            checker.check_instance(seed_base + i, random_sequences, rng, mutant_sequences)
            if log and (i + 1) % 25 == 0:
                log(f"{task}: {i + 1}/{instances} instances, {time.time() - start:.0f} s")
    finally:
        checker.close()
    report = checker.report
    report["seconds"] = round(time.time() - start, 1)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", nargs="*", default=list(TASKS))
    parser.add_argument("--instances", type=int, default=100)
    parser.add_argument("--random-sequences", type=int, default=2)
    parser.add_argument("--mutant-sequences", type=int, default=1, help="near-expert sequences per instance")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the reports here")
    args = parser.parse_args(argv)
    reports = []
    for task in args.tasks:
        rep = check_task(task, args.instances, args.random_sequences, args.seed,
                         log=lambda m: print(m, file=sys.stderr, flush=True), mutant_sequences=args.mutant_sequences)
        reports.append(rep)
        print(json.dumps(rep), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(reports, f, indent=1)
    bad = sum(r["page_mismatches"] + r["step_mismatches"] for r in reports)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
