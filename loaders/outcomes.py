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

from cjgraph.framework import Framework, load_framework
from cjgraph.loaders.text import content_words, key, words

__all__ = ["OutcomeMatcher", "load_framework"]

_LABEL = re.compile(
    r"^(?:\d+\.\s*)?(?:(?:community justice|structural|person[- ]?centric|common|national|local)\s+)*"
    r"outcomes?\s*[:;.]?\s*(?:\d+|one|two|three|four|five|six|seven)?\s*(?:\([a-z0-9]+\))?\s*[:;.]?$",
    re.I,
)


class OutcomeMatcher:
    """Map heading text to outcome keys of one framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._titles: list[tuple[str, list[str]]] = []
        for o in framework.outcomes:
            for phrase in (o.title, *o.also_printed_as):
                self._titles.append((o.key, content_words(phrase)))
        self._indicators = [(o.key, content_words(i)) for o in framework.outcomes for i in o.national_indicators]

    @staticmethod
    def is_label(text: str) -> bool:
        """True for an outcome label line whose statement follows ("Community Justice Outcome;")."""
        return bool(_LABEL.match(" ".join(text.split())))

    def title_match(self, text: str, *, threshold: float = 0.85) -> str | None:
        """The outcome whose title the text states (with up to a few extra words), or None."""
        got = content_words(text)
        if not got:
            return None
        have = set(got)
        best: tuple[float, str] | None = None
        for k, title in self._titles:
            if len(got) > 2 * len(title) + 8:
                continue
            cover = sum(1 for w in title if w in have) / len(title)
            if cover >= threshold and (best is None or cover > best[0]):
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
