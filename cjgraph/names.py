"""Names as people read them: look-alike characters folded before names are matched.

A name typed or pasted with a letter of another script that looks Latin ("Pоlice Scotland" with
a Cyrillic "о"), with a zero-width space, a bidirectional control or a compatibility form (a
full-width letter) reads the same to a person and is a different string to a computer: matched
as it is, it becomes a new local body, and a statutory partner seems to lead nothing.
:func:`unconfuse` folds such a name (Unicode NFKC; format characters removed; the look-alikes
of ``cjgraph/data/confusables.toml``, from Unicode's UTS #39 confusables, replaced by the
letters they imitate) and names every hidden character, so that the caller reads the name as
the body it imitates **and says so**.

Examples
--------
>>> unconfuse("P\\u043elice Scotland")
('Police Scotland', ('U+043E CYRILLIC SMALL LETTER O',))
>>> unconfuse("Sacro")
('Sacro', ())
>>> unconfuse("Ceòl Community Trust")  # a letter with an accent is a letter of its own
('Ceòl Community Trust', ())
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

__all__ = ["fold", "slug", "closest", "did_you_mean", "unconfuse", "describe", "look_alike", "LOOK_ALIKE_HELP"]

CLOSE_ENOUGH = 70  # how alike (0-100, rapidfuzz's ratio of the folded names) a "did you mean" must be


def fold(text: str) -> str:
    """A name as cjgraph compares names: look-alike and hidden characters folded, case ignored,
    ``&`` read as "and", punctuation and runs of spaces as one space.

    >>> fold("Children&Families") == fold("children and  families") == fold("Children & Families")
    True
    >>> fold("Co-ordinator (CJ)"), fold("P\u043elice Scotland"), fold("Ceòl Trust")
    ('co ordinator cj', 'police scotland', 'ceòl trust')
    """
    return " ".join(re.findall(r"[^\W_]+|%", unconfuse(text)[0].lower().replace("&", " and ")))


def slug(text: str) -> str:
    """A lower-case, dash-separated id part: ``slug("Children & Families")`` is ``children-and-families``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ").replace("'", "")).strip("-")


def closest(name: str, choices: Iterable[str], *, limit: int = 2) -> list[str]:
    """Up to ``limit`` of ``choices`` most like ``name`` (folded, at least :data:`CLOSE_ENOUGH`
    alike), the likest first; each choice once.

    >>> closest("Polise Scotland", ["Police Scotland", "Sacro", "NHS Lothian"])
    ['Police Scotland']
    >>> closest("partnr", ["Partner", "Plan", "Action"]), closest("zzz", ["Partner"])
    (['Partner'], [])
    """
    from rapidfuzz import fuzz, process

    unique = list(dict.fromkeys(c for c in choices if c))
    found = process.extract(name, unique, scorer=fuzz.ratio, processor=fold, limit=limit, score_cutoff=CLOSE_ENOUGH)
    return [choice for choice, _score, _index in found]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x' or 'y'?)`` for the :func:`closest` choices, or ``""`` when none is close.

    >>> did_you_mean("reff", ["ref", "text"])
    " (did you mean 'ref'?)"
    """
    near = closest(name, choices)
    return f" (did you mean {' or '.join(repr(x) for x in near)}?)" if near else ""


def unconfuse(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with hidden and look-alike characters folded, and each such character named
    (``U+043E CYRILLIC SMALL LETTER O``), in the order met, once each."""
    if text.isascii():
        return text, ()
    table = _look_alikes()
    hidden: dict[str, None] = {}
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if unicodedata.category(ch) == "Cf":  # zero-width spaces and joiners, bidirectional controls
            folded = ""
        folded = "".join(table.get(c, c) for c in folded)
        if folded != ch and not _same_letter(ch, folded) and unicodedata.category(ch) != "Zs":  # a space is a space
            hidden[describe(ch)] = None
        out.append(folded)
    return "".join(out), tuple(hidden)


def look_alike(printed: str, read: str, known: bool, hidden: tuple[str, ...]) -> str:
    """What to say of a name that holds look-alike or invisible characters: which, and what the
    name was read as (a known body, or a new name kept without them).

    >>> print(look_alike("P\u043elice Scotland", "Police Scotland", True, ("U+043E CYRILLIC SMALL LETTER O",)))
    'Pоlice Scotland' holds characters that only look like letters (U+043E CYRILLIC SMALL LETTER O); \
read as 'Police Scotland'
    """
    what = f"read as {read!r}" if known else f"read as {read!r} without them, a name cjgraph does not know"
    return f"{printed!r} holds characters that only look like letters ({', '.join(hidden)}); {what}"


LOOK_ALIKE_HELP = "retype the name in the document or workbook"


def describe(ch: str) -> str:
    """A character as Unicode names it: ``U+043E CYRILLIC SMALL LETTER O``."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"


def _same_letter(ch: str, folded: str) -> bool:
    """A composed accented Latin letter written as another sequence is not a disguise."""
    return unicodedata.normalize("NFC", folded) == unicodedata.normalize("NFC", ch)


@cache
def _look_alikes() -> dict[str, str]:
    text = resources.files("cjgraph.data").joinpath("confusables.toml").read_text(encoding="utf-8")
    table: dict[str, str] = tomllib.loads(text)["look_alikes"]
    return table
