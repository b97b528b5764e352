"""Recognise a plan's outcome headings by their text, never by their number.

Plans number the common outcomes differently (one plan's SO3 is another's SO4), and some
print an outcome heading as one of its indicator sentences. :class:`OutcomeMatcher` maps a
heading to a framework outcome key by its words: first against the outcome titles (and the
framework's ``also_printed_as`` phrasings), then, failing that, against the national
indicators, so a heading printed as an indicator still finds its outcome.

Examples
--------
>>> m = OutcomeMatcher(load_framework("opif-2016"))
>>> m.title_match("Structural Outcome: 3 (SO3) People have better access to the services they "
...               "require, including welfare, health and wellbeing, housing and employability")
'access'
>>> m.resolve("Consultation with communities as part of community justice planning and service provision.")
('communities', 'indicator')
>>> m.title_match("Effective risk management for public protection.") is None
True
>>> m.is_label("Community Justice Outcome;"), m.is_label("Structural Outcome: 1 (SO1)")
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjgraph.framework import Framework, Section, load_framework, load_heading_words
from cjgraph.loaders.text import content_words, key, words

__all__ = ["OutcomeMatcher", "FrameworkGuess", "detect_framework", "load_framework"]


def _alternatives(phrases: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of phrases, longest first, a space matching a space or a hyphen."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s-]?").replace(r"\-", r"[\s-]?") for p in ordered)


def _section_match(sections: list[tuple[Section, list[str]]], text: str, threshold: float) -> Section | None:
    """The section (an aim, a priority action) whose title the text states, or None."""
    have = set(content_words(text))
    if not have:
        return None
    scored = [(sum(1 for w in t if w in have) / len(t), a) for a, t in sections if t]
    best = max(scored, key=lambda s: s[0], default=None)
    return best[1] if best and best[0] >= threshold and len(have) <= 2 * len(best[1].title.split()) else None


class OutcomeMatcher:
    """Map heading text to outcome keys of one framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._titles: list[tuple[str, list[str]]] = []
        actions = {p.key: p for p in framework.priority_actions}
        for o in framework.outcomes:
            # a plan organised by the strategy's priority actions heads a section with one
            aligned = [actions[k].title for k in o.aligned_to if k in actions and actions[k].verified]
            for phrase in (o.title, *o.also_printed_as, *aligned):
                if not phrase.startswith("["):  # a description of wording not confirmed: never matched
                    self._titles.append((o.key, content_words(phrase)))
        self._title_words: dict[str, list[tuple[int, int]]] = {}  # word → (title, times it holds it)
        for n, (_, title) in enumerate(self._titles):
            for w in dict.fromkeys(title):
                self._title_words.setdefault(w, []).append((n, title.count(w)))
        self._aims = [(a, content_words(a.title)) for a in framework.aims if a.verified]
        self._priorities = [(p, content_words(p.title)) for p in framework.priority_actions if p.verified]
        self._indicators = [
            (o.key, content_words(i))
            for o in framework.outcomes
            for i in o.national_indicators
            if not i.startswith("[")
        ]
        numbers, labels = load_heading_words()
        number = rf"(?:\d{{1,2}}|{'|'.join(numbers)})"
        qualifiers = _alternatives(framework.label_words) or "(?!)"
        self._label = re.compile(
            rf"^(?:\d+\.\s*)?(?:(?:{qualifiers})\s+)*(?:{_alternatives(labels)})\s*[:;.]?\s*{number}?\s*"
            r"(?:\([a-z0-9]+\))?\s*[:;.]?$",
            re.I,
        )
        # the label and the statement on one line; the label may name the area first
        self._labelled = re.compile(
            rf"^(?:[\w'’&-]+\s+){{0,6}}?(?:{_alternatives(labels)})\s*{number}\s*"
            r"(?:\([a-z0-9]+\))?\s*[:;.\-–—]\s*(?P<statement>\S.{9,})$",
            re.I,
        )

    def aim_match(self, text: str, *, threshold: float = 0.85) -> Section | None:
        """The strategy aim a heading states (a 2023 plan organised by aim), or None.

        >>> OutcomeMatcher(load_framework("cjpf-2023")).aim_match(
        ...     "Optimise the use of diversion and intervention at the earliest opportunity").key
        'aim-1'
        """
        return _section_match(self._aims, text, threshold)

    def priority_match(self, text: str, *, threshold: float = 0.85) -> Section | None:
        """The strategy's priority action a heading states (a plan organised by them), or None."""
        return _section_match(self._priorities, text, threshold)

    def priority_outcomes(self, priority: Section) -> list[str]:
        """The outcomes aligned to a priority action."""
        return [o.key for o in self.framework.outcomes if priority.key in o.aligned_to]

    def aim_outcomes(self, aim: Section) -> list[str]:
        """The outcomes aligned to the priority actions of ``aim``."""
        actions = {p.key for p in self.framework.priority_actions if p.aim == aim.key}
        return [o.key for o in self.framework.outcomes if set(o.aligned_to) & actions]

    def is_label(self, text: str) -> bool:
        """True for an outcome label line whose statement follows ("Community Justice Outcome;")."""
        return bool(self._label.match(" ".join(text.split())))

    def labelled(self, text: str) -> str | None:
        """The statement of a label line that carries it ("Outcome 2 – Partners plan …"), or None."""
        m = self._labelled.match(text)
        return m.group("statement") if m else None

    def title_match(self, text: str, *, threshold: float = 0.85) -> str | None:
        """The outcome whose title the text states (with up to a few extra words), or None."""
        return self.title_match_words(content_words(text), threshold=threshold)

    def title_match_words(self, got: list[str], *, threshold: float = 0.85) -> str | None:
        """:meth:`title_match` of a text's :func:`content_words`: the share of each title's words
        the text holds, counted through an index of the titles' words (only titles sharing a
        word with the text are looked at; on a tie the first title listed wins)."""
        hits: dict[int, int] = {}
        for w in set(got):
            for n, times in self._title_words.get(w, ()):
                hits[n] = hits.get(n, 0) + times
        best: tuple[float, str] | None = None
        for n in sorted(hits):
            k, title = self._titles[n]
            cover = hits[n] / len(title)
            if len(got) <= 2 * len(title) + 8 and cover >= threshold and (best is None or cover > best[0]):
                best = (cover, k)
        return best[1] if best else None

    def indicator_match(self, text: str, *, threshold: float = 0.85) -> str | None:
        """The outcome one of whose national indicators the text states, or None."""
        got = content_words(text)
        if len(got) < 3:
            return None
        have = set(got)
        best: tuple[float, str] | None = None
        for k, ind in self._indicators:
            if not ind or len(got) > len(ind) + 6:
                continue
            cover = sum(1 for w in ind if w in have) / len(ind)
            if cover >= threshold and (best is None or cover > best[0]):
                best = (cover, k)
        return best[1] if best else None

    def similarity(self, text: str, outcome: str) -> float:
        """The share of ``outcome``'s title words (or of a wording it is also printed as) that
        ``text`` has: 1.0 when it states the title in full.

        >>> m = OutcomeMatcher(load_framework("opif-2016"))
        >>> m.similarity("Partners plan and deliver services in a strategic way", "partnership")
        0.75
        """
        have = set(content_words(text))
        shares = [
            sum(1 for w in title if w in have) / len(title) for k, title in self._titles if k == outcome and title
        ]
        return round(max(shares, default=0.0), 2)

    def closest(self, text: str) -> tuple[str, float]:
        """The outcome whose title shares most words with ``text``, and the share of its words found.

        >>> OutcomeMatcher(load_framework("opif-2016")).closest("People feel safer in their homes")
        ('access', 0.08)
        """
        have = set(content_words(text))
        scored = [(sum(1 for w in title if w in have) / len(title), k) for k, title in self._titles if title]
        score, k = max(scored, key=lambda s: s[0])
        return k, round(score, 2)

    def resolve(self, text: str) -> tuple[str | None, str]:
        """``(key, how)`` for a heading: how is ``title``, ``indicator`` or ``none``."""
        k = self.title_match(text, threshold=0.75)
        if k:
            return k, "title"
        k = self.indicator_match(text)
        if k:
            return k, "indicator"
        return None, "none"

    def is_national(self, outcome: str, text: str) -> bool:
        """True when ``text`` is (a part of) one of ``outcome``'s national indicators."""
        got = words(text)
        if not got:
            return False
        for o in self.framework.outcomes:
            if o.key != outcome:
                continue
            for ind in o.national_indicators:
                iw = words(ind)
                if key(text) == key(ind):
                    return True
                have = set(iw)
                if len(got) >= 3 and sum(1 for w in got if w in have) / len(got) >= 0.9:
                    return True
                if len(iw) >= 3 and sum(1 for w in iw if w in set(got)) / len(iw) >= 0.9:
                    return True
        return False

    def strip_title(self, outcome: str, text: str) -> str:
        """Remove a leading repeat of the outcome's title from an indicator cell."""
        title = words(self.framework.outcome(outcome).title)
        got = text.split()
        # walk the printed words until the title's words are used up
        consumed, t = 0, 0
        for i, w in enumerate(got):
            ww = words(w)
            if not ww:
                continue
            if t < len(title) and ww == title[t : t + len(ww)]:
                t += len(ww)
                consumed = i + 1
                if t >= len(title):
                    break
            else:
                break
        if t >= len(title) - 1 and t > 0:
            return " ".join(got[consumed:])
        return text


@dataclass(frozen=True)
class FrameworkGuess:
    """Which framework a document's headings state: for each installed framework, how many of
    its outcomes the headings name; ``framework`` is the best, or ``""`` when none is clear."""

    framework: str
    found: dict[str, int]  # framework id -> outcomes named by a heading
    sizes: dict[str, int]  # framework id -> outcomes it has

    def describe(self, first: str = "") -> str:
        """How many outcomes of each framework the headings name, ``first`` first:
        ``"7 of its 7 outcomes; cjpf-2023: 0 of 9"``."""
        order = sorted(self.found, key=lambda f: (f != first, -self.found[f]))
        parts = [
            f"{self.found[f]} of its {self.sizes[f]} outcomes"
            if f == first
            else f"{f}: {self.found[f]} of {self.sizes[f]}"
            for f in order
        ]
        return "; ".join(parts)


def detect_framework(texts: list[str], frameworks: tuple[str, ...] | None = None) -> FrameworkGuess:
    """The framework whose outcomes the heading-like ``texts`` of a document name most (at least
    two of them, and more than any other framework names); ``""`` when none is clear.

    >>> detect_framework(["Structural Outcome 2", "Partners plan and deliver services in a more "
    ...                   "strategic and collaborative way", "Effective interventions are delivered "
    ...                   "to prevent and reduce the risk of further offending"]).framework
    'opif-2016'
    """
    from cjgraph.framework import available_frameworks

    found: dict[str, int] = {}
    sizes: dict[str, int] = {}
    short = list(dict.fromkeys(t for t in texts if len(t.split()) <= 60))  # each text once, in order
    said: dict[str, list[str]] = {}  # a text's content words, once for every framework
    for fid in frameworks or available_frameworks():
        matcher = OutcomeMatcher(load_framework(fid))
        named = set()
        for text in short:
            statement = matcher.labelled(text) or text  # as resolve() names a title
            got = said[statement] if statement in said else said.setdefault(statement, content_words(statement))
            k = matcher.title_match_words(got, threshold=0.75)
            if k:
                named.add(k)
                if len(named) == len(matcher.framework.outcomes):
                    break  # every outcome named: nothing more to find
        found[fid], sizes[fid] = len(named), len(matcher.framework.outcomes)
    ranked = sorted(found, key=lambda f: (found[f], found[f] / max(sizes[f], 1)), reverse=True)
    best = ranked[0] if ranked else ""
    clear = best and found[best] >= 2 and (len(ranked) < 2 or found[best] > found[ranked[1]])
    return FrameworkGuess(best if clear else "", found, sizes)
