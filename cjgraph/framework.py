"""Framework reference data: outcome frameworks, criminogenic needs, statutory partners and
the registry of Scottish bodies, all read from the data files in ``cjgraph/data``.

Examples
--------
>>> fw = load_framework("opif-2016")
>>> [o.key for o in fw.outcomes][:4]
['communities', 'partnership', 'interventions', 'access']
>>> fw.outcome("access").type
'structural'
>>> [n.key for n in load_needs()][:3]
['housing', 'health', 'education-training']
>>> next(b for b in load_registry() if b.canonical == "Scottish Prison Service").aliases
('SPS',)
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cjgraph.errors import FrameworkError
from cjgraph.model import DEFAULT_FRAMEWORK  # one constant, kept with the plan model (light to import)
from cjgraph.names import fold

__all__ = [
    "DEFAULT_FRAMEWORK",
    "Section",
    "Outcome",
    "Framework",
    "Need",
    "Body",
    "StatutoryCategory",
    "available_frameworks",
    "load_framework",
    "load_needs",
    "load_registry",
    "load_statutory",
    "load_table_words",
    "load_doubts",
    "load_crosswalk",
    "Crosswalk",
    "load_heading_words",
    "TableWords",
    "statutory_partners",
    "registry_entry",
    "is_quantitative",
]


@dataclass(frozen=True)
class Outcome:
    """A national outcome of a framework."""

    key: str
    type: str
    title: str
    also_printed_as: tuple[str, ...]
    national_indicators: tuple[str, ...]
    aligned_to: tuple[str, ...] = ()  # keys of the strategy's priority actions it serves


@dataclass(frozen=True)
class Section:
    """A national aim or priority action of the strategy a framework serves (2023: four aims,
    thirteen priority actions). ``verified`` is False where the published wording could not be
    read: the title then describes it in square brackets and is never matched to headings."""

    key: str
    title: str
    aim: str = ""
    verified: bool = True
    source: str = ""


@dataclass(frozen=True)
class Framework:
    """A national outcomes framework (e.g. ``opif-2016``)."""

    id: str
    name: str
    outcomes: tuple[Outcome, ...]
    enables: tuple[tuple[str, str], ...]
    aims: tuple[Section, ...] = ()
    priority_actions: tuple[Section, ...] = ()
    label_words: tuple[str, ...] = ()  # words that label an outcome heading ("structural", ...)
    ref_prefixes: dict[str, str] = field(default_factory=dict)  # outcome type -> how plans begin refs
    indicators_sourced_centrally: bool = False  # plans need not list indicators for its outcomes

    def outcome(self, key: str) -> Outcome:
        """Return the outcome with this key; :class:`FrameworkError` when unknown."""
        for o in self.outcomes:
            if o.key == key:
                return o
        known = ", ".join(o.key for o in self.outcomes)
        raise FrameworkError(f"{key!r} is not an outcome of {self.id} (known: {known}).")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.outcomes)


@dataclass(frozen=True)
class Need:
    """A criminogenic need and the words that propose it."""

    key: str
    label: str
    words: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True)
class Body:
    """A row of the registry of Scottish bodies (``bodies.csv``)."""

    canonical: str
    aliases: tuple[str, ...]
    kind: str
    scope: str
    type: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class StatutoryCategory:
    """A category of statutory partner under the Community Justice (Scotland) Act 2016."""

    category: str
    types: tuple[str, ...]
    bodies: tuple[str, ...]


def _data(name: str) -> str:
    try:
        return resources.files("cjgraph").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"cjgraph data file {name!r} is missing from the installation.") from None


FRAMEWORKS_ENV = "CJGRAPH_FRAMEWORKS"  # folders of further framework files, os.pathsep-separated


def _framework_files() -> dict[str, Any]:
    """Framework id -> its file: those shipped with cjgraph, then those in the folders named by
    ``$CJGRAPH_FRAMEWORKS`` (a later file of the same id wins)."""
    folders: list[Any] = [resources.files("cjgraph").joinpath("data")]
    folders += [Path(f) for f in os.environ.get(FRAMEWORKS_ENV, "").split(os.pathsep) if f]
    files: dict[str, Any] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry.name.endswith(".toml") and "[[outcomes]]" in entry.read_text(encoding="utf-8"):
                files[entry.name.removesuffix(".toml")] = entry
    return files


def available_frameworks() -> tuple[str, ...]:
    """The ids of the frameworks installed: cjgraph's own and any in ``$CJGRAPH_FRAMEWORKS``."""
    return tuple(sorted(_framework_files()))


def load_framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a framework by id: ``cjgraph/data/<id>.toml`` or a file in ``$CJGRAPH_FRAMEWORKS``."""
    files = _framework_files()
    if framework_id not in files:
        raise FrameworkError(f"unknown framework {framework_id!r}; known frameworks: {', '.join(sorted(files))}.")
    entry = files[framework_id]
    return _load_framework(str(entry), entry.read_text(encoding="utf-8"))


@cache
def _load_framework(where: str, text: str) -> Framework:
    try:
        raw = tomllib.loads(text)
        return _framework(raw)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        detail = f"missing {e}" if isinstance(e, KeyError) else str(e)
        raise FrameworkError(f"{where}: is not a framework file cjgraph can read ({detail}).") from None


def _framework(raw: dict[str, Any]) -> Framework:
    outcomes = tuple(
        Outcome(
            key=o["key"],
            type=o["type"],
            title=o["title"],
            also_printed_as=tuple(o.get("also_printed_as", ())),
            national_indicators=tuple(o.get("national_indicators", ())),
            aligned_to=tuple(o.get("aligned_to", ())),
        )
        for o in raw["outcomes"]
    )
    enables = tuple((a, b) for a, b in raw.get("enables", ()))
    keys = [o.key for o in outcomes]
    if not keys or len(set(keys)) != len(keys):
        raise ValueError("its outcomes need keys, each key once")
    unknown = sorted({k for pair in enables for k in pair} - set(keys))
    if unknown:
        raise ValueError(f"enables names outcomes it does not have: {', '.join(unknown)}")

    def sections(name: str) -> tuple[Section, ...]:
        return tuple(
            Section(s["key"], s["title"], s.get("aim", ""), bool(s.get("verified", True)), s.get("source", ""))
            for s in raw.get(name, ())
        )

    return Framework(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        outcomes=outcomes,
        enables=enables,
        aims=sections("aims"),
        priority_actions=sections("priority_actions"),
        label_words=tuple(raw.get("label_words", ())),
        ref_prefixes=dict(raw.get("ref_prefixes", {})),
        indicators_sourced_centrally=bool(raw.get("indicators_sourced_centrally", False)),
    )


@dataclass(frozen=True)
class Crosswalk:
    """Which outcomes of one framework carry on each outcome of another, with the reason
    (``crosswalk-<from>-<to>.toml``)."""

    source: str  # framework id the rows start from
    target: str
    rows: tuple[tuple[str, tuple[str, ...], str], ...]  # (from key, to keys, rationale)

    def counterparts(self, key: str) -> tuple[str, ...]:
        """The target outcomes that carry on ``key`` (of the source framework)."""
        return next((to for k, to, _ in self.rows if k == key), ())

    def rationale(self, key: str) -> str:
        return next((why for k, _, why in self.rows if k == key), "")

    def links(self, a: str, b: str) -> bool:
        """Whether outcome ``a`` of one framework and ``b`` of the other correspond (either way)."""
        return any((k == a and b in to) or (k == b and a in to) for k, to, _ in self.rows)


@cache
def load_crosswalk(one: str, other: str) -> Crosswalk | None:
    """The crosswalk between two frameworks (stored either way round), or None."""
    for source, target in ((one, other), (other, one)):
        name = f"crosswalk-{source}-{target}.toml"
        if resources.files("cjgraph").joinpath("data", name).is_file():
            raw = tomllib.loads(_data(name))
            rows = tuple((r["from"], tuple(r.get("to", ())), r.get("rationale", "")) for r in raw["rows"])
            return Crosswalk(raw["from"], raw["to"], rows)
    return None


@cache
def load_needs() -> tuple[Need, ...]:
    """The criminogenic needs and their matching rules (``needs.toml``)."""
    raw = tomllib.loads(_data("needs.toml"))
    return tuple(
        Need(n["key"], n["label"], tuple(n.get("words", ())), tuple(n.get("exclude", ()))) for n in raw["needs"]
    )


@dataclass(frozen=True)
class TableWords:
    """What action-table headers say (``table_columns.toml``): header stems per column role, and
    the status words planners write (RAG colours and the like) with the status each means."""

    groups: dict[str, tuple[str, ...]]
    status_words: dict[str, str]
    unfinished: frozenset[str] = frozenset()  # words a sentence does not end on


@cache
def load_table_words() -> TableWords:
    """The header stems of action-table columns and the status words (``table_columns.toml``).

    >>> load_table_words().status_words["amber"]
    'at-risk'
    """
    raw = tomllib.loads(_data("table_columns.toml"))
    return TableWords(
        {role: tuple(stems) for role, stems in raw["groups"].items()},
        {" ".join(k.split()): v for k, v in raw["status_words"].items()},
        frozenset(raw["unfinished"]["words"]),
    )


@cache
def load_doubts() -> dict[str, tuple[float, str]]:
    """What makes an extracted action doubtful (``review.toml``): issue code -> (confidence
    factor, reason written in the action's review column).

    >>> load_doubts()["generated-ref"]
    (0.8, 'ref generated (none printed)')
    """
    raw = tomllib.loads(_data("review.toml"))["doubts"]
    return {code: (float(d["factor"]), str(d["reason"])) for code, d in raw.items()}


@cache
def load_heading_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How plans number and name their outcome headings (``headings.toml``): the number words
    and the label words, longest first.

    >>> numbers, labels = load_heading_words()
    >>> numbers[2], labels[0]
    ('three', 'priority action')
    """
    raw = tomllib.loads(_data("headings.toml"))
    return tuple(raw["numbers"]), tuple(sorted(raw["labels"], key=len, reverse=True))


@cache
def load_registry() -> tuple[Body, ...]:
    """The registry of Scottish bodies that appear in plans (``bodies.csv``)."""
    rows = csv.DictReader(_data("bodies.csv").splitlines())
    return tuple(
        Body(
            canonical=r["canonical"].strip(),
            aliases=tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
            kind=r["kind"].strip(),
            scope=r["scope"].strip(),
            type=r["type"].strip(),
            areas=tuple(a.strip() for a in r["area"].split("|") if a.strip()),
        )
        for r in rows
    )


@cache
def load_statutory() -> tuple[StatutoryCategory, ...]:
    """The statutory partner categories of the 2016 Act (``statutory.toml``)."""
    raw = tomllib.loads(_data("statutory.toml"))
    return tuple(
        StatutoryCategory(p["category"], tuple(p.get("types", ())), tuple(p.get("bodies", ()))) for p in raw["partners"]
    )


def registry_entry(name: str) -> Body | None:
    """The registry row whose canonical name or alias is ``name`` (as :func:`~cjgraph.names.fold` compares names)."""
    return _registry_index().get(fold(name))


@cache
def _registry_index() -> dict[str, Body]:
    index: dict[str, Body] = {}
    for b in load_registry():
        for n in (b.canonical, *b.aliases):
            index.setdefault(fold(n), b)
    return index


def statutory_partners(area: str) -> list[tuple[StatutoryCategory, Body]]:
    """The statutory partners of a plan for ``area`` (a council area), one per category.

    >>> [(c.category, b.canonical) for c, b in statutory_partners("Midlothian")][:3]
    [('local authority', 'Midlothian Council'), ('health board', 'NHS Lothian'), \
('integration joint board (health and social care partnership)', 'Midlothian Health and Social Care Partnership')]
    >>> len(statutory_partners("North Lanarkshire"))
    9
    """
    out: list[tuple[StatutoryCategory, Body]] = []
    registry = load_registry()
    for cat in load_statutory():
        for body in registry:
            if body.canonical in cat.bodies or (body.type in cat.types and area and area in body.areas):
                out.append((cat, body))
                break
    return out


@cache
def _quantitative() -> re.Pattern[str]:
    words = tomllib.loads(_data("indicator_rules.toml"))["quantitative"]
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.I)


def is_quantitative(indicator: str) -> bool:
    """True when an indicator names something counted or measured (``indicator_rules.toml``).

    >>> is_quantitative("Number of referrals to services for women"), is_quantitative("Feedback from users")
    (True, False)
    """
    return _quantitative().search(indicator) is not None
