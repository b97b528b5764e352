"""Partner names: split a lead/contributor cell into organisations and name each canonically.

A cell may name several bodies with or without delimiters ("Police Scotland SF&RS
Co-ordinator CJ" is three, "Education/Police Scotland" two). :class:`NameResolver` splits on
explicit delimiters first, then segments each piece over the words it knows:

* the registry of Scottish bodies (``cjgraph/data/bodies.csv``) with common abbreviations;
* the plan's own abbreviations: "Full Name (ABBR)" definitions, or a capitalised phrase of
  the plan whose initials spell the abbreviation (``MELDAP``);
* the plan's own names: maximal capitalised phrases of its running text ("Third Sector
  Endorsed Networks"), which also stand for their shorter endings ("Endorsed Networks").

Words no known name covers are split after an organisation head noun followed by a new
capitalised word ("... Partnership Lead Officers ..."); a lone modifier ("All",
"organisations") joins its neighbour. Every name that is not in the registry is kept as
printed (abbreviations expanded, ``&`` written ``and``) and reported with the closest known
names: nothing is dropped and nothing is guessed silently.

Examples
--------
>>> r = NameResolver("The North Lanarkshire Partnership (NLP) and Voluntary Action North Lanarkshire (VANL).")
>>> [n.canonical for n in r.resolve_cell("Police Scotland SF&RS Co-ordinator CJ")]
['Police Scotland', 'Scottish Fire and Rescue Service', 'Community Justice Co-ordinator']
>>> [n.canonical for n in r.resolve_cell("VANL, NLP/Education")]
['Voluntary Action North Lanarkshire', 'North Lanarkshire Partnership', 'Education']
>>> r.resolve_cell("Acme Widgets Trust")[0].known
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from cjgraph.framework import Body, load_registry
from cjgraph.loaders.text import clean, key
from cjgraph.names import unconfuse

__all__ = ["ResolvedName", "NameResolver", "HEAD_NOUNS"]

HEAD_NOUNS = frozenset(
    "partnership partnerships network networks service services council board group office team "
    "trust association agency authority forum unit providers funders scotland resources sector "
    "co-ordinator coordinator managers partners organisations committee panel inclusion pensions "
    "employability work authorities boards teams agencies".split()
)
_CONNECT = {"and", "of", "for", "the", "&", "in", "on", "to"}
_JOINERS = {"and", "&", "with", "plus", "also", "or", "by", "via", "in", "supported"}  # words that only join names
_DELIMS = re.compile(r"\s*(?:/|,|;|\||\s-\s|\u2022|\n\s*\n)\s*")
# "partners involved in diversion, including COPFS, Police Scotland and CJS": the names follow the
# word; the words before it describe them and are no partner unless they name one
_INCLUDING = re.compile(r"^(.*?)[\s,]*\b(?:including|such as)\b\s*(.+)$", re.I | re.S)
_CAP_PHRASE = re.compile(
    r"(?<![\w'’&-])(?:[A-Z][\w'’&-]*)(?:[ \t]+(?:(?:and|of|for|the|&|in)[ \t]+)*(?:[A-Z][\w'’&-]*))*"
)
# "Full Name Of A Body (ABBR)": starts only where a word starts and spans at most 12 words, so a
# long line costs time in proportion to its length (a line of capitalised words was quadratic)
_DEFINITION = re.compile(
    r"(?<![\w'’&-])([A-Z][\w'’&-]*(?:[ \t]+(?:(?:and|of|for|the|&)[ \t]+){0,3}[A-Z][\w'’&-]*){1,12})"
    r"[ \t]*\(([A-Z][A-Za-z&]{1,9})\)"
)
_LONGEST_NAME = 12  # words in the longest organisation name looked for
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,8}$")
_MODIFIERS = {"all", "other", "local", "relevant", "key", "organisations", "partners", "agencies", "the"}
_NOT_PLACE = {"nhs", "and", "of", "the", "city", "islands", "council"}


def _place_words() -> frozenset[str]:
    """Words of Scottish area names ("Lanarkshire", "Lothian"), which qualify a name that follows."""
    out: set[str] = set()
    for b in load_registry():
        if b.type in ("council", "nhs-board"):
            for name in (*b.areas, b.canonical):
                out.update(w.lower() for w in name.split() if w.lower() not in _NOT_PLACE)
    return frozenset(out)


_PLACES = _place_words()


@dataclass(frozen=True)
class ResolvedName:
    """One organisation named in a cell: its canonical name, how it was found, its kind."""

    canonical: str
    printed: str
    kind: str
    scope: str
    known: bool  # True when the registry or the plan's own definitions name it
    how: str  # registry, abbreviation, plan-name, reordered, new
    note: str = ""
    hidden: tuple[str, ...] = ()  # look-alike or invisible characters folded before matching


@dataclass
class NameResolver:
    """Resolve lead/contributor cells of one plan (see the module docstring)."""

    narrative: str
    registry: tuple[Body, ...] = field(default_factory=load_registry)

    def __post_init__(self) -> None:
        self._cells: dict[str, list[ResolvedName]] = {}
        self._reg: dict[str, Body] = {}
        for b in self.registry:
            for name in (b.canonical, *b.aliases):
                self._reg.setdefault(key(name), b)
        self.acronyms: dict[str, tuple[str, str]] = {}  # ABBR -> (expansion, evidence)
        self._not_acronyms: set[str] = set()  # looked up and not found
        text = "\n".join(clean(line) for line in self.narrative.splitlines())
        for m in _DEFINITION.finditer(text):
            abbr = m.group(2)
            full = _tail_with_initials(m.group(1), abbr)
            if full and key(abbr) not in self._reg:
                self.acronyms.setdefault(abbr, (full, f"defined as {full} ({abbr})"))
        self.phrases: dict[str, str] = {}  # key -> printed phrase (maximal capitalised phrases)
        counts: dict[str, int] = {}
        for m in _CAP_PHRASE.finditer(text):
            for p in _phrase_parts(_drop_the(m.group(0).strip())):
                if len(p.split()) >= 2:
                    k = key(p)
                    counts[k] = counts.get(k, 0) + 1
                    self.phrases.setdefault(k, p)
        self._counts = counts
        self._by_words: dict[tuple[str, ...], str] = {}  # sorted words -> a name (for reordered names)
        for name in (*self.phrases.values(), *(b.canonical for b in self.registry)):
            self._by_words.setdefault(tuple(sorted(key(name).split())), name)
        self._short: dict[str, str] = {}  # ending of a plan name -> the plan name
        for k, p in self.phrases.items():
            ws = k.split()
            for i in range(max(1, len(ws) - _LONGEST_NAME), len(ws) - 1):  # endings a name can be
                tail = ws[i:]
                if tail[-1] in HEAD_NOUNS and tail[0] not in _CONNECT and len(tail) >= 2:
                    self._short.setdefault(" ".join(tail), p)

    # -- abbreviations -------------------------------------------------------------------
    def expand(self, abbr: str) -> tuple[str, str] | None:
        """``(expansion, evidence)`` for an abbreviation of this plan, or None."""
        if abbr in self.acronyms:
            return self.acronyms[abbr]
        if abbr in self._not_acronyms or not _ACRONYM.match(abbr) or key(abbr) in self._reg:
            return None
        best: tuple[int, str] | None = None
        letters = abbr.replace("&", "")
        for k, p in self.phrases.items():
            initials = "".join(w[0].upper() for w in p.split() if w.lower() not in _CONNECT)
            if initials == letters:
                c = self._counts.get(k, 0)
                if best is None or c > best[0]:
                    best = (c, p)
        if best:
            self.acronyms[abbr] = (best[1], f"initials of {best[1]!r}, printed in the plan")
            return self.acronyms[abbr]
        self._not_acronyms.add(abbr)
        return None

    def _expand_words(self, text: str) -> str:
        out = []
        for w in text.split():
            e = self.expand(w) if _ACRONYM.match(w) and key(w) not in self._reg else None
            out.append(e[0] if e else w)
        return " ".join(out)

    # -- single names --------------------------------------------------------------------
    def lookup(self, text: str) -> ResolvedName | None:
        """Resolve text that is exactly one known name (registry, abbreviation, plan name)."""
        k = key(text)
        if not k:
            return None
        if k in self._reg:
            b = self._reg[k]
            return ResolvedName(b.canonical, text, b.kind, b.scope, True, "registry")
        expanded = self._expand_words(text)
        ek = key(expanded)
        if ek != k:
            if ek in self._reg:
                b = self._reg[ek]
                return ResolvedName(b.canonical, text, b.kind, b.scope, True, "abbreviation")
            if len(text.split()) == 1:
                return ResolvedName(_tidy(expanded), text, _guess_kind(expanded), "local", True, "abbreviation")
        if ek in self.phrases and len(ek.split()) >= 2:
            return ResolvedName(_tidy(self.phrases[ek]), text, _guess_kind(expanded), "local", True, "plan-name")
        return None

    def _segment_cost(self, text: str) -> float | None:
        """Cost of reading ``text`` as one name: lower is better; None when it is no known name."""
        if not text[:1].isupper():
            return None  # names inside a cell are printed with a capital: "social work" is not one
        k = key(text)
        if k in self._reg:
            return 1.0
        ek = key(self._expand_words(text))
        if ek in self._reg or (ek != k and len(text.split()) == 1):
            return 1.0
        if ek in self.phrases and len(ek.split()) >= 2 and ek.split()[-1] in HEAD_NOUNS:
            return 1.0
        if ek in self._short:
            return 1.5
        return None

    # -- cells ---------------------------------------------------------------------------
    def resolve_cell(self, cell: str) -> list[ResolvedName]:
        """Split a lead or contributor cell into resolved names, in printed order; look-alike
        characters (a Cyrillic "о" in "Police") are folded first and named on each name read
        (:attr:`ResolvedName.hidden`). A cell printed again (a plan names its leads over and
        over) is read once."""
        if cell not in self._cells:
            self._cells[cell] = self._read_cell(cell)
        return list(self._cells[cell])

    def _read_cell(self, cell: str) -> list[ResolvedName]:
        out: list[ResolvedName] = []
        including = _INCLUDING.match(cell)
        if including:
            described = self.lookup(clean(including.group(1)).strip(" .:-"))
            return ([described] if described else []) + self._read_cell(including.group(2))
        for piece in _DELIMS.split(cell.replace("\n", " \n ")):
            folded, hidden = unconfuse(clean(piece))
            piece = folded.strip(" .:-")
            if piece:
                found = self._resolve_piece(piece)
                out.extend(replace(n, hidden=hidden) if hidden else n for n in found)
        seen: set[str] = set()
        unique = []
        for n in out:
            if n.canonical not in seen:
                seen.add(n.canonical)
                unique.append(n)
        return unique

    def _resolve_piece(self, piece: str) -> list[ResolvedName]:
        whole = self.lookup(piece)
        if whole:
            return [whole]
        if len(piece.split()) >= 2:
            near = self._near(piece)
            if near:
                return [near]
        tokens = piece.split()
        n = len(tokens)
        Segments = list[tuple[int, int, bool]]
        best: list[tuple[float, Segments]] = [(0.0, [])]
        best += [(float("inf"), []) for _ in range(n)]
        for j in range(1, n + 1):
            for i in range(j):
                span = " ".join(tokens[i:j])
                cost = self._segment_cost(span)
                known = cost is not None
                if cost is None:
                    cost = 10.0 * (j - i)
                prev_cost, prev = best[i]
                segs = prev
                if not known and segs and not segs[-1][2]:
                    continue  # unknown spans are taken whole, not in pieces
                total = prev_cost + cost
                if total < best[j][0]:
                    best[j] = (total, [*segs, (i, j, known)])
        segments = best[n][1]
        spans = _merge_modifiers([(" ".join(tokens[i:j]), known) for i, j, known in segments])
        out: list[ResolvedName] = []
        for span, known in spans:
            names = [span] if known else _split_unknown(span)
            for name in names:
                if not known and all(w.lower() in _JOINERS for w in name.split()):
                    continue  # "and", "&", "with" between two names is never a partner
                name = name if known else _unjoined(name)
                out.append(self.lookup(name) or self._new_or_near(name))
        return self._council_services(out)

    def _council_services(self, names: list[ResolvedName]) -> list[ResolvedName]:
        """A council followed by one of its services ("NLC Financial Inclusion") is one name."""
        out: list[ResolvedName] = []
        for n in names:
            prev = out[-1] if out else None
            council = (
                prev is not None
                and self._reg.get(key(prev.canonical)) is not None
                and (self._reg[key(prev.canonical)].type == "council")
            )
            service = n.kind == "local-authority-service" and n.how in ("new", "plan-name", "registry")
            if prev is not None and council and service:
                merged = f"{prev.canonical} {_tidy(n.printed)}"
                out[-1] = ResolvedName(
                    merged,
                    f"{prev.printed} {n.printed}",
                    "local-authority-service",
                    "local",
                    n.known,
                    n.how if n.how != "registry" else "plan-name",
                    f"{prev.printed} {n.printed!r} read as a service of {prev.canonical}",
                )
                continue
            out.append(n)
        return out

    def _new_or_near(self, name: str) -> ResolvedName:
        near = self._near(name)
        if near:
            return near
        expanded = _tidy(self._expand_words(name))
        return ResolvedName(expanded, name, _guess_kind(expanded), "local", False, "new")

    def _near(self, name: str) -> ResolvedName | None:
        """A plan name this one shortens (its ending, or its start) or reorders, or None."""
        expanded = _tidy(self._expand_words(name))
        ek = key(expanded)
        longer = [p for k, p in self.phrases.items() if k.startswith(ek + " ")]
        full = self._short.get(ek) or (longer[0] if len({key(p) for p in longer}) == 1 else None)
        if full:
            full = _tidy(full)
            note = f"{name!r} read as {full!r}, the fuller name printed in the plan"
            return ResolvedName(full, name, _guess_kind(full), "local", True, "plan-name", note)
        cand = self._by_words.get(tuple(sorted(ek.split())))
        if cand is not None and key(cand) != ek:
            b = self._reg.get(key(cand))
            kind, scope = (b.kind, b.scope) if b else (_guess_kind(cand), "local")
            return ResolvedName(
                _tidy(b.canonical if b else cand),
                name,
                kind,
                scope,
                True,
                "reordered",
                f"{name!r} read as {cand!r} (the same words in another order)",
            )
        return None

    def suggestions(self, name: str, *, limit: int = 3) -> list[str]:
        """The closest organisation names (registry and the plan's own) to an unresolved name."""
        plan_names = [p for k, p in self.phrases.items() if k.split()[-1] in HEAD_NOUNS and len(k.split()) <= 8]
        choices = list(dict.fromkeys([*(b.canonical for b in self.registry), *plan_names]))
        got = process.extract(key(name), choices, scorer=fuzz.token_sort_ratio, processor=key, limit=limit + 3)
        out = [c for c, score, _ in got if score >= 65 and key(c) != key(name)]
        return out[:limit]


def _phrase_parts(phrase: str) -> list[str]:
    """A phrase and, where it joins two names ("X Partnership and Y Partnership"), each name."""
    ws = phrase.split()
    parts = [phrase]
    for i, w in enumerate(ws[1:-1], start=1):
        if w.lower() in ("and", "&") and ws[i - 1].lower() in HEAD_NOUNS:
            parts += [" ".join(ws[:i]), " ".join(ws[i + 1 :])]
    return parts


def _drop_the(p: str) -> str:
    return re.sub(r"^(?:The|In|A|An|By|For|From|With|And)\s+", "", p)


def _tail_with_initials(full: str, abbr: str) -> str:
    """The shortest ending of ``full`` whose initials spell ``abbr``, or "" when none does."""
    ws = full.split()
    letters = abbr.replace("&", "").upper()
    for i in range(len(ws) - 1, -1, -1):
        tail = ws[i:]
        initials = "".join(w[0].upper() for w in tail if w.lower() not in _CONNECT)
        if initials == letters and tail[0].lower() not in _CONNECT:
            return " ".join(tail)
    return ""


def _tidy(name: str) -> str:
    return " ".join(name.replace("&", " and ").split())


def _merge_modifiers(spans: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Join lone modifiers ("All", "organisations") to the neighbouring name."""
    out: list[tuple[str, bool]] = []
    pending = ""
    for span, known in spans:
        if not known and all(w.lower() in _PLACES for w in span.split()):
            pending = f"{pending} {span}".strip()
            continue
        if not known and all(w.lower() in _MODIFIERS for w in span.split()):
            if out and span[:1].islower():
                out[-1] = (f"{out[-1][0]} {span}", False)
            else:
                pending = f"{pending} {span}".strip()
            continue
        if pending:
            span, known, pending = f"{pending} {span}", False, ""
        out.append((span, known))
    if pending:
        if out:
            out[-1] = (f"{out[-1][0]} {pending}", False)
        else:
            out.append((pending, False))
    return out


def _unjoined(name: str) -> str:
    """A name without the joining words it begins with ("and local authorities" after SCTS)."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in _JOINERS:
        words.pop(0)
    return " ".join(words)


def _split_unknown(span: str) -> list[str]:
    """Split words no known name covers after a head noun followed by a new capitalised word; a
    description in lower case ("local authorities and health boards") at "and" after a head noun."""
    if span[:1].islower():
        m = re.match(r"^(.*?\b(\w+))\s+(?:and|&)\s+(\S.*)$", span)
        if m and m.group(2).lower() in HEAD_NOUNS:
            return [m.group(1), *_split_unknown(m.group(3))]
    ws = span.split()
    parts: list[list[str]] = [[]]
    for i, w in enumerate(ws):
        parts[-1].append(w)
        nxt = ws[i + 1] if i + 1 < len(ws) else ""
        if (
            w.lower().strip(",.") in HEAD_NOUNS
            and nxt[:1].isupper()
            and nxt.lower() not in HEAD_NOUNS
            and nxt.lower() not in _CONNECT
        ):
            parts.append([])
    return [" ".join(p) for p in parts if p]


_KIND_RULES: tuple[tuple[str, str], ...] = (
    (r"^all\b|\bnetworks?\b|\bproviders\b|\bfunders\b|\borganisations\b|\bsector\b", "collective"),
    (r"\bco-?ordinator\b|\bmanagers?\b|\bofficer\b|\blead\b.*\bofficers?\b$", "role"),
    (r"\bcouncil\b.+|\bservices?\b$|\bteam\b$|\binclusion\b$|\bresources\b$", "local-authority-service"),
    (
        r"\bpartnership\b|\bgroup\b|\boffice\b|\bboard\b|\bcommittee\b|\bforum\b|\bpanel\b|\bprotection\b",
        "partnership-body",
    ),
    (r"\bvoluntary\b|\btrust\b|\bcharity\b|\baction\b|\binterface\b", "third-sector"),
)


def _guess_kind(name: str) -> str:
    low = name.lower()
    for pattern, kind in _KIND_RULES:
        if re.search(pattern, low):
            return kind
    return "third-sector" if len(name.split()) == 1 else "partnership-body"
