"""Walk a plan's blocks: outcome headings, action tables, indicator sections, summary tables.

:func:`parse_blocks` is the format-independent heart of the extractor. It keeps the outcome
heading the reader is under (by text, see :mod:`cjgraph.loaders.outcomes`), reads every
action table under it, reads indicator sections and link cells, and recognises a later
table that lists actions already read (a summary such as "Outcome Improvement Action Plan"),
whose rows are compared with the outcome tables instead of being read again.

Examples
--------
>>> from cjgraph.loaders.blocks import text_blocks
>>> text = ("Structural Outcome 1\\n\\nCommunities improve their understanding and participation "
...         "in community justice\\n\\nRef\\tAction\\tLead\\tTimescale\\n"
...         "SO1.1\\tRun a survey of residents\\tPolice Scotland\\tMarch 2018\\n")
>>> raw = parse_blocks(text_blocks(text), OutcomeMatcher(load_framework("opif-2016")))
>>> [(a.ref, a.outcome, a.leads) for a in raw.actions]
[('SO1.1', 'communities', 'Police Scotland')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cjgraph.loaders.account import TableText, account_stray_row, account_table
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.indicators import (
    IndicatorItem,
    LinkGroup,
    is_closing_header,
    is_header_only,
    is_indicator_header,
    is_indicator_marker,
    nest_items,
    split_items,
)
from cjgraph.loaders.outcomes import OutcomeMatcher, load_framework
from cjgraph.loaders.tables import (
    ActionRow,
    is_action_header,
    is_ref,
    looks_like_action_row,
    read_action_table,
)
from cjgraph.loaders.text import clean, key
from cjgraph.model import Issue

__all__ = ["RawAction", "RawPlan", "parse_blocks", "OutcomeMatcher", "load_framework"]


@dataclass
class RawAction:
    """An action as printed, before names, dates and needs are resolved."""

    ref: str
    outcome: str
    text: str
    leads: str
    contributors: str
    timescale: str
    where: str
    generated_ref: bool = False
    has_contributors_column: bool = True
    status: str = ""  # as printed in a status / RAG / progress column
    notes: str = ""  # the measures, comments … columns, "header: value" lines


@dataclass
class RawPlan:
    """Everything :func:`parse_blocks` found, still as printed."""

    actions: list[RawAction] = field(default_factory=list)
    repeats: list[tuple[RawAction, str]] = field(default_factory=list)  # (later listing, table where)
    indicators: list[IndicatorItem] = field(default_factory=list)
    links: list[LinkGroup] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tables: int = 0
    table_blocks: set[int] = field(default_factory=set)
    table_text: TableText = field(default_factory=TableText)  # how much of it was read


def parse_blocks(blocks: list[Block], matcher: OutcomeMatcher, *, area: str = "") -> RawPlan:
    """Find actions, indicators and links in a block stream (see the module docstring): each
    block is offered to the readers of :data:`BLOCK_READERS` in order, and the first that takes
    it says where the walk goes on."""
    walk = _Walk(RawPlan(), matcher, area)
    i = 0
    while i < len(blocks):
        # rows that follow an action table with only blanks between, and that no reader takes, are
        # reported (see _heading)
        walk.near_table, walk.after_table = walk.after_table, walk.after_table and blocks[i].kind == "blank"
        i = next(n for read in BLOCK_READERS if (n := read(walk, blocks, i)) is not None)
    walk.raw.issues.extend(_numbering_gaps(walk.raw.actions))
    return walk.raw


@dataclass
class _Walk:
    """Where the walk through a plan's blocks is: the outcome in force, the heading level that
    opened it, and whether an outcome label ("Structural Outcome 1") awaits its statement."""

    raw: RawPlan
    matcher: OutcomeMatcher
    area: str
    outcome: str | None = None
    # the heading level that opened the outcome in force, and of a label awaiting its statement:
    # a heading above it (an appendix, a summary) ends the outcome's section
    outcome_level: int = 0
    label_level: int = 0
    expect_statement: bool = False
    after_table: bool = False  # nothing but blanks and unread rows since an action table
    near_table: bool = False  # the same, before the block being read
    # why the section in force gives its actions no outcome (an aim, a priority action no outcome
    # is aligned to): reported once its first actions are read
    no_outcome_why: Issue | None = None

    def enter(self, outcome: str | None, level: int, why: Issue | None = None) -> None:
        self.outcome, self.outcome_level, self.no_outcome_why = outcome, level, why


def _blank(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    return i + 1 if blocks[i].kind == "blank" else None


def _action_table(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    b = blocks[i]
    if not (is_action_header(b) or looks_like_action_row(b)):
        return None
    table = read_action_table(blocks, i)
    walk.raw.table_blocks.update(range(i, table.end))
    if walk.outcome is None and walk.no_outcome_why is not None:
        walk.raw.issues.append(walk.no_outcome_why)  # the section's actions are read: say why they have none
        walk.no_outcome_why = None
    refs = _take_table(walk.raw, table.rows, table.roles, walk.outcome, b, walk.matcher)
    account_table(walk.raw.issues, walk.raw.table_text, blocks, i, table, refs)
    walk.expect_statement = False
    walk.after_table = True
    return table.end


def _summary_table(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    return _closing_table(walk.raw, blocks, i, walk.matcher, walk.area) if is_closing_header(blocks[i]) else None


def _labelled_outcome(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    """ "Outcome 1 – statement", "Priority 3: statement", "<Area> Community Justice Outcome 1: …"."""
    b = blocks[i]
    text = clean(b.text)
    labelled = walk.matcher.labelled(text) if b.kind != "row" else None
    if not labelled:
        return None
    found, why = _outcome_statement(walk.raw, walk.matcher, labelled, text, b)
    walk.enter(found, b.level, why)
    walk.expect_statement = False
    return i + 1


def _awaited_statement(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    """The statement under an outcome label (a label again is left to the readers after)."""
    if not walk.expect_statement:
        return None
    b, matcher = blocks[i], walk.matcher
    text = clean(b.text)
    found, how = matcher.resolve(text)
    walk.expect_statement = False
    if not found:
        if matcher.is_label(text):
            return None
        # the statement under an outcome label matches no outcome: flagged, never the last one
        statement, why = _outcome_statement(walk.raw, matcher, text, text, b)
        walk.enter(statement, walk.label_level, why)
        return i + 1
    walk.enter(found, walk.label_level or b.level)
    if how == "title":
        _note_similarity(walk.raw, matcher, text, text, found, b)
    if how == "indicator":
        walk.raw.issues.append(
            Issue(
                "info",
                "outcome-heading-as-indicator",
                f"the outcome heading {text!r} is a national indicator of {found!r}; "
                f"its actions are taken as {found!r}",
                subject=found,
                source=b.where,
            )
        )
    return _indicator_section(walk.raw, blocks, i, found, matcher) if is_indicator_marker(b) else i + 1


def _aim(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    """A section by aim: its actions' outcomes are for a person to choose."""
    b = blocks[i]
    why = _section_heading(walk.matcher, clean(b.text), clean(b.text), b) if b.kind == "para" else None
    if why is not None:
        walk.enter(None, b.level, why)
        return i + 1
    return None


def _heading(walk: _Walk, blocks: list[Block], i: int) -> int | None:
    """Any other block: an outcome's title, an outcome label, a higher heading that ends the
    outcome's section, an indicator section; else passed over. Takes every block."""
    b, matcher = blocks[i], walk.matcher
    text = clean(b.text)
    found_title = matcher.title_match(text)
    if found_title:
        walk.enter(found_title, b.level)
        _note_similarity(walk.raw, matcher, text, text, found_title, b)
    elif matcher.is_label(text):
        walk.expect_statement, walk.label_level = True, b.level
        return i + 1
    elif b.level and walk.outcome_level and b.level < walk.outcome_level:
        walk.enter(None, 0)  # a higher heading ("Appendix: summary of actions")
    if (is_indicator_marker(b) or is_indicator_header(b)) and walk.outcome:
        return _indicator_section(walk.raw, blocks, i, walk.outcome, matcher)
    if b.kind == "row" and walk.near_table and not found_title and walk.raw.actions and not _titles_table(blocks, i):
        account_stray_row(walk.raw.issues, walk.raw.table_text, b, walk.raw.actions[-1].ref)
        walk.after_table = True
    return i + 1


def _titles_table(blocks: list[Block], i: int) -> bool:
    """Whether row ``i`` is a table's title: one cell, above the table's header row."""
    nxt = next((k for k in range(i + 1, len(blocks)) if blocks[k].kind != "blank"), None)
    return (
        len(blocks[i].filled) == 1
        and nxt is not None
        and any(is_header(blocks[nxt]) for is_header in (is_action_header, is_closing_header, is_indicator_header))
    )


# the readers a block is offered to, in order; the last takes every block. A new kind of block
# (a layout the walk does not know yet) is a reader placed before the first that would take it.
BLOCK_READERS: tuple[Callable[[_Walk, list[Block], int], int | None], ...] = (
    _blank,
    _action_table,
    _summary_table,
    _labelled_outcome,
    _awaited_statement,
    _aim,
    _heading,
)


def _outcome_statement(
    raw: RawPlan, matcher: OutcomeMatcher, statement: str, printed: str, b: Block
) -> tuple[str | None, Issue | None]:
    """The outcome an outcome statement states; when none, ``None`` (its actions get no outcome)
    with why: the strategy's aim or priority action it states (reported when actions are read
    under it), or a warning with the closest outcome and how close it came."""
    why = _section_heading(matcher, statement, printed, b)
    found, how = matcher.resolve(statement) if why is None else (None, "")
    if found:
        _note_similarity(raw, matcher, statement, printed, found, b)
        return found, None
    if why is not None:
        return None, why
    near, score = matcher.closest(statement)
    raw.issues.append(
        Issue(
            "warning",
            "outcome-not-matched",
            f"the outcome heading {printed!r} matches no outcome of {matcher.framework.id} "
            f"(closest: {near!r}, {score:.0%} of its words); the actions under it have no outcome",
            subject=printed[:60],
            suggestion=f"set the outcome column of those actions (perhaps {near!r})",
            source=b.where,
        )
    )
    return None, None


def _section_heading(matcher: OutcomeMatcher, statement: str, printed: str, b: Block) -> Issue | None:
    """Why a heading's actions get no outcome when it states one of the strategy's aims (several
    outcomes serve an aim: a person chooses) or a priority action no outcome is aligned to; None
    for any other heading."""
    aim = matcher.aim_match(statement)
    if aim is not None:
        choices = matcher.aim_outcomes(aim)
        return Issue(
            "warning",
            "aim-heading",
            f"the heading {printed[:80]!r} is the strategy's {aim.key} ({aim.title[:60]}…), which several "
            "outcomes serve; the actions under it have no outcome",
            subject=aim.key,
            suggestion=f"set each action's outcome to one of {', '.join(choices)}" if choices else "set their outcomes",
            source=b.where,
        )
    priority = matcher.priority_match(statement)
    if priority is not None and not matcher.priority_outcomes(priority):
        return Issue(
            "warning",
            "priority-action-without-outcome",
            f"the heading {printed[:80]!r} is the strategy's {priority.key} ({priority.title[:60]}…), to which "
            f"no outcome of {matcher.framework.id} is aligned; the actions under it have no outcome",
            subject=priority.key,
            suggestion="set an outcome for the actions one serves, or leave them without",
            source=b.where,
        )
    return None


def _note_similarity(raw: RawPlan, matcher: OutcomeMatcher, statement: str, printed: str, found: str, b: Block) -> None:
    """Record how close a reworded outcome statement came to the outcome it was matched to."""
    score = matcher.similarity(statement, found)
    if score < 1.0:
        raw.issues.append(
            Issue(
                "info",
                "outcome-matched-by-similarity",
                f"the outcome heading {printed[:80]!r} is read as {found!r}: it has {score:.0%} of that "
                "outcome's words",
                subject=found,
                suggestion="check the outcome of the actions under it",
                source=b.where,
            )
        )


def _numbering_gaps(actions: list[RawAction]) -> list[Issue]:
    """Refs missing from a numbered series (SO2.9, SO2.11: no SO2.10), as notes to check."""
    series: dict[str, list[tuple[int, RawAction]]] = {}
    for a in actions:
        m = re.fullmatch(r"(.*?)(\d+)", a.ref)
        if m and not a.generated_ref:
            series.setdefault(m.group(1), []).append((int(m.group(2)), a))
    out = []
    for prefix, members in series.items():
        numbers = sorted(n for n, _ in members)
        for lo, hi in zip(numbers, numbers[1:], strict=False):
            for missing in range(lo + 1, min(hi, lo + 4)):
                after = next(a for n, a in members if n == lo)
                out.append(
                    Issue(
                        "info",
                        "ref-gap",
                        f"the plan has no {prefix}{missing} between {prefix}{lo} and {prefix}{hi}",
                        subject=f"{prefix}{missing}",
                        suggestion="check whether an action was left out",
                        source=after.where,
                    )
                )
    return out


def _take_table(
    raw: RawPlan,
    rows: list[ActionRow],
    roles: dict[str, int],
    outcome: str | None,
    first: Block,
    matcher: OutcomeMatcher,
) -> list[str]:
    """Read a table's rows as actions; the ref each row was read as ('' for a row not read)."""
    raw.tables += 1
    taken: list[str] = []
    seen = {a.ref: a for a in raw.actions}
    texts = [" ".join(r.cell("text").split()) for r in rows]
    # "SO1.1 Develop …": refs printed at the start of the action's own cell, when most rows have one
    printed = [_LEADING_REF.match(t) if "ref" not in roles else None for t in texts]
    in_text = sum(m is not None for m in printed) >= 0.6 * max(1, sum(bool(t) for t in texts))
    refs = [r.cell("ref") for r in rows if r.cell("ref")] or [m.group(1) for m in printed if m and in_text]
    repeat_table = bool(refs) and sum(_norm_ref(r) in seen for r in refs) >= 0.5 * len(refs)
    if outcome is None and not repeat_table and rows:
        raw.issues.append(
            Issue(
                "warning",
                "action-without-outcome",
                f"the action table at {first.where} sits under no recognised outcome heading; "
                "its actions have no outcome",
                suggestion="set the outcome column in the workbook",
                source=first.where,
            )
        )
    reffed = "ref" in roles and sum(is_ref(x) for x in refs) >= 0.6 * len(refs)
    for r, text, m in zip(rows, texts, printed, strict=True):
        taken.append("")
        if not text or (reffed and not any(ch.isdigit() for ch in r.cell("ref"))):  # a note row among refs
            continue
        ref = _norm_ref(r.cell("ref"))
        if in_text and m:
            ref, text = _norm_ref(m.group(1)), m.group(2)
        generated = False
        if not ref:
            ref = f"A{len(raw.actions) + 1}"
            generated = True
        action = RawAction(
            ref=ref,
            outcome=outcome or "",
            text=text,
            leads=r.raw("leads"),
            contributors=r.raw("contributors"),
            timescale=r.cell("timescale"),
            where=r.where,
            generated_ref=generated,
            has_contributors_column="contributors" in roles,
            status=r.cell("status"),
            notes=r.notes(),
        )
        if repeat_table:
            if ref in seen:
                raw.repeats.append((action, r.where))
                taken[-1] = ref
                continue
            # its outcome is its ref family's (SO2.x beside SO2.1), never the heading last in force
            action.outcome = _outcome_of_siblings(ref, raw.actions) or ""
            where_from = (
                f"its outcome is taken from its ref family ({action.outcome})"
                if action.outcome
                else "no other action shares its ref family, so it has no outcome"
            )
            raw.issues.append(
                Issue(
                    "warning",
                    "only-in-summary",
                    f"action {ref} appears only in the summary table at {r.where}; {where_from}",
                    subject=ref,
                    suggestion="" if action.outcome else "set its outcome column",
                    source=r.where,
                )
            )
        elif ref in seen:
            new_ref = _unique_ref(ref, seen)
            raw.issues.append(
                Issue(
                    "warning",
                    "duplicate-ref",
                    f"ref {ref!r} is printed twice; the second ({r.where}) is kept as {new_ref!r}",
                    subject=new_ref,
                    suggestion=f"renumber {new_ref}",
                    source=r.where,
                )
            )
            action.ref = new_ref
        if generated:
            raw.issues.append(
                Issue(
                    "info",
                    "generated-ref",
                    f"the action at {r.where} has no ref; it was given {ref!r}",
                    subject=ref,
                    source=r.where,
                )
            )
        raw.actions.append(action)
        seen[action.ref] = action
        taken[-1] = action.ref
    return taken


# a ref at the start of an action-text cell: a dotted number, with or without letters ("SO1.1",
# "3.2"), never a bare number or a name with a number ("3 sessions a year", "NHS 24 will")
_LEADING_REF = re.compile(r"((?:[A-Z]{1,6})?\d{1,2}(?:\.\d{1,3}){1,2}[a-z]?)[.:)]?\s+(\S.*)", re.S)


def _norm_ref(ref: str) -> str:
    return "".join(ref.split()).rstrip(".")


def _unique_ref(ref: str, seen: dict[str, RawAction]) -> str:
    k = 2
    while f"{ref}-{k}" in seen:
        k += 1
    return f"{ref}-{k}"


def _outcome_of_siblings(ref: str, actions: list[RawAction]) -> str:
    prefix = re.sub(r"\.\d+$", "", ref)
    votes: dict[str, int] = {}
    for a in actions:
        if re.sub(r"\.\d+$", "", a.ref) == prefix and a.outcome:
            votes[a.outcome] = votes.get(a.outcome, 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else ""


def _indicator_section(raw: RawPlan, blocks: list[Block], i: int, outcome: str, matcher: OutcomeMatcher) -> int:
    """Read the bullets or table rows after an indicator label; return the index after them."""
    items: list[tuple[int, str, str]] = []  # (depth, text, where)
    rows: list[tuple[str, str, str]] = []  # (indicator cell, link cell, where)
    i += 1 if is_indicator_marker(blocks[i]) else 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        if b.kind == "blank":
            i += 1
            continue
        if b.kind == "para":
            if b.depth > 0 and not rows:
                items.append((b.depth, clean(b.text), b.where))
                i += 1
                continue
            break
        if is_action_header(b) or looks_like_action_row(b) or is_closing_header(b):
            break
        if is_header_only(b):
            i += 1
            continue
        cells = [clean(c) for c in b.cells]
        rows.append((cells[0] if cells else "", " ".join(c for c in cells[1:] if c), b.where))
        i += 1
    for _, text, where in nest_items(items):
        raw.indicators.append(IndicatorItem(outcome, text, "", where))
    if rows:
        _indicator_rows(raw, rows, outcome, matcher)
    return i


def _indicator_rows(raw: RawPlan, rows: list[tuple[str, str, str]], outcome: str, matcher: OutcomeMatcher) -> None:
    """Indicator-table rows → indicators, with their link text per row or for the whole table."""
    entries, lead_in = _indicator_entries(rows)
    kept, lead_in = _without_titles(entries, lead_in, outcome, matcher)
    per_row = len(kept) > 1 and all(_has_ref(link) for _, _, link in kept) and not _has_ref(lead_in)
    if per_row:
        for text, where, link in kept:
            raw.links.append(LinkGroup(link, where, items=[len(raw.indicators)]))
            raw.indicators.append(IndicatorItem(outcome, text, "", where, group=len(raw.links) - 1))
        return
    table_link = " ".join(t for t in [lead_in, *(link for _, _, link in kept)] if t.strip())
    group = -1
    if table_link:
        raw.links.append(LinkGroup(table_link, kept[0][1] if kept else rows[0][2]))
        group = len(raw.links) - 1
    for text, where, _ in kept:
        if group >= 0:
            raw.links[group].items.append(len(raw.indicators))
        raw.indicators.append(IndicatorItem(outcome, text, "", where, group=group))


def _indicator_entries(rows: list[tuple[str, str, str]]) -> tuple[list[list[str]], str]:
    """The indicators of a table's rows as [text, where, its own link text] (a wrapped cell joined
    to the one above), and the link text printed before the first indicator."""
    entries: list[list[str]] = []
    lead_in = ""
    for ind, link, where in rows:
        ind = ind.lstrip("•◦○- ").strip()
        if ind and (not entries or not ind[0].islower()):
            entries.append([ind, where, link])
        elif entries:  # a wrapped indicator cell, or the link cell flowing on
            if ind:
                entries[-1][0] = f"{entries[-1][0]} {ind}"
            entries[-1][2] = f"{entries[-1][2]} {link}".strip()
        else:
            lead_in = f"{lead_in} {link}".strip()
    return entries, lead_in


def _without_titles(
    entries: list[list[str]], lead_in: str, outcome: str, matcher: OutcomeMatcher
) -> tuple[list[tuple[str, str, str]], str]:
    """The entries without the outcome's title printed among them (a repeated title's link text
    belongs to the whole table), and the table's link text so far."""
    title_key = key(matcher.framework.outcome(outcome).title)
    kept = []
    for text, where, link in entries:
        stripped = "" if key(text) == title_key else matcher.strip_title(outcome, text).strip()
        if stripped:
            kept.append((stripped, where, link))
        elif kept or lead_in:
            lead_in = f"{lead_in} {link}".strip()
        else:
            lead_in = link
    return kept, lead_in


def _has_ref(text: str) -> bool:
    return any(is_ref(tok.strip(",;")) for tok in text.split())


def _closing_table(raw: RawPlan, blocks: list[Block], i: int, matcher: OutcomeMatcher, area: str) -> int:
    """Read a summary indicator table with an outcome column; return the index after it."""
    heads = [clean(c).lower() for c in blocks[i].cells]
    outcome_col = next(k for k, h in enumerate(heads) if "outcome" in h)
    kinds = _closing_kinds(heads, outcome_col, area)
    rows, i = _closing_rows(blocks, i + 1, len(heads), outcome_col)
    for cells, b in rows:
        found, _how = matcher.resolve(clean(cells[outcome_col]))
        if not found:
            raw.issues.append(
                Issue(
                    "warning",
                    "unknown-outcome",
                    f"the indicator row at {b.where} names an outcome {clean(cells[outcome_col])[:80]!r} "
                    "that matches no framework outcome",
                    source=b.where,
                )
            )
            continue
        for k, kind in kinds.items():
            for text in split_items(cells[k]) if k < len(cells) else ():
                raw.indicators.append(IndicatorItem(found, text, kind or "summary", b.where))
    return i


def _closing_kinds(heads: list[str], outcome_col: int, area: str) -> dict[int, str]:
    """The indicator columns of a summary table and the kind each holds (local, national or
    unsaid) by its heading."""
    kinds: dict[int, str] = {}
    for k, h in enumerate(heads):
        if k == outcome_col or "indicator" not in h:
            continue
        if "local" in h or (area and area.lower() in h):
            kinds[k] = "local"
        elif "national" in h:
            kinds[k] = "national"
        else:
            kinds[k] = ""
    return kinds


def _closing_rows(
    blocks: list[Block], i: int, width: int, outcome_col: int
) -> tuple[list[tuple[list[str], Block]], int]:
    """The rows of a summary table from block ``i`` (a row continued after a page break joined to
    the one above), and the index after the table."""
    rows: list[tuple[list[str], Block]] = []
    while i < len(blocks):
        b = blocks[i]
        i += 1
        if b.kind == "blank":
            continue
        if b.kind != "row" or is_action_header(b):
            return rows, i - 1
        if is_closing_header(b) or not any(re.search(r"\w", c) for c in b.cells):
            continue
        cells = list(b.cells) + [""] * (width - len(b.cells))
        if rows and not clean(cells[outcome_col]):  # the row above, continued after a page break
            prev = rows[-1][0]
            for k, c in enumerate(cells):
                if c.strip() and k < len(prev):
                    prev[k] = f"{prev[k]}\f{c}"  # \f: continued after a page break
        else:
            rows.append((cells, b))
    return rows, i
