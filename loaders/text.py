"""Small text normalisers shared by the loaders (whitespace, HTML remnants, quotes, words).

Examples
--------
>>> clean("<p>Speed of  access</p> <ul> • to drug")
'Speed of access • to drug'
>>> words("Individual's resilience & self-management")
['individual', 's', 'resilience', 'and', 'self', 'management']
>>> key("Children & Families Service.")
'children and families service'
>>> ends_sentence("Review the protocol."), ends_on_joining_word("Further development of the")
(True, True)
"""

from __future__ import annotations

import re

from cjgraph.framework import load_table_words

__all__ = ["clean", "words", "key", "content_words", "STOPWORDS", "ends_sentence", "ends_on_joining_word"]

# what a finished sentence (or an action's text) ends with
_SENTENCE_ENDS = (".", ":", ";", "!", "?", ")")

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = str.maketrans({"\u00a0": " "})
_WORD = re.compile(r"[a-z0-9%]+")
STOPWORDS = frozenset(
    "a an and the of to in for with on at by as or is are be being been their its this that "
    "which who from into such etc".split()
)


def clean(text: str) -> str:
    """Drop HTML tags and fold white space (quotes stay as printed)."""
    return " ".join(_TAG.sub(" ", text).translate(_SPACES).split())


def words(text: str) -> list[str]:
    """Lower-case words of a text, ``&`` read as ``and``."""
    return _WORD.findall(clean(text).lower().replace("&", " and "))


def content_words(text: str) -> list[str]:
    """:func:`words` without stop words."""
    return [w for w in words(text) if w not in STOPWORDS]


def key(text: str) -> str:
    """A comparison key: words joined by single spaces (case, punctuation and ``&`` folded)."""
    return " ".join(words(text))


def ends_sentence(text: str) -> bool:
    """Whether a text ends as a sentence does (a full stop, a colon, …), not mid-sentence."""
    return text.rstrip().endswith(_SENTENCE_ENDS)


def ends_on_joining_word(text: str) -> bool:
    """Whether a text ends on a word no sentence ends on ("of", "the", "and": the words of
    ``table_columns.toml``), so that what follows goes on with it."""
    last = text.split()[-1:]
    return bool(last) and last[0].lower() in load_table_words().unfinished
