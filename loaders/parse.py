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
from dataclasses import dataclass, field

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


def parse_blocks(blocks: list[Block], matcher: OutcomeMatcher, *, area: str = "") -> RawPlan:
    """Find actions, indicators and links in a block stream (see the module docstring)."""
    raw = RawPlan()
    outcome: str | None = None
    expect_statement = False
    # the heading level that opened the outcome in force, and of a label awaiting its statement:
    # a heading above it (an appendix, a summary) ends the outcome's section
    outcome_level = label_level = 0
    i, n = 0, len(blocks)
    while i < n:
        b = blocks[i]
        if b.kind == "blank":
            i += 1
            continue
        if is_action_header(b) or looks_like_action_row(b):
            table = read_action_table(blocks, i)
            raw.table_blocks.update(range(i, table.end))
            _take_table(raw, table.rows, table.roles, outcome, b, matcher)
            i = table.end
            expect_statement = False
            continue
        if is_closing_header(b):
            i = _closing_table(raw, blocks, i, matcher, area)
            continue
        text = clean(b.text)
        labelled = matcher.labelled(text) if b.kind != "row" else None
        if labelled:  # "Outcome 1 – statement", "Priority 3: statement", "<Area> Community Justice Outcome 1: …"
            outcome = _outcome_statement(raw, matcher, labelled, text, b)
            outcome_level = b.level
            expect_statement = False
            i += 1
            continue
        if expect_statement:
            found, how = matcher.resolve(text)
            expect_statement = False
            if not found and not matcher.is_label(text):
                # the statement under an outcome label matches no outcome: flagged, never the last one
                outcome = _outcome_statement(raw, matcher, text, text, b)
                outcome_level = label_level
                i += 1
                continue
            if found:
                outcome = found
                outcome_level = label_level or b.level
                if how == "title":
                    _note_similarity(raw, matcher, text, text, found, b)
                if how == "indicator":
                    raw.issues.append(
                        Issue(
                            "info",
                            "outcome-heading-as-indicator",
                            f"the outcome heading {text!r} is a national indicator of {found!r}; "
                            f"its actions are taken as {found!r}",
                            subject=found,
                            source=b.where,
                        )
                    )
                if is_indicator_marker(b):
                    i = _indicator_section(raw, blocks, i, outcome, matcher)
                else:
                    i += 1
                continue
        if b.kind == "para" and _aim_heading(raw, matcher, text, text, b):
            outcome, outcome_level = None, b.level  # a section by aim: its actions' outcomes are for a person
            i += 1
            continue
        found_title = matcher.title_match(text)
        if found_title:
            outcome = found_title
            outcome_level = b.level
            _note_similarity(raw, matcher, text, text, found_title, b)
        elif matcher.is_label(text):
            expect_statement = True
            label_level = b.level
            i += 1
            continue
        elif b.level and outcome_level and b.level < outcome_level:
            outcome, outcome_level = None, 0  # a higher heading ("Appendix: summary of actions")
        if (is_indicator_marker(b) or is_indicator_header(b)) and outcome:
            i = _indicator_section(raw, blocks, i, outcome, matcher)
            continue
        i += 1
    raw.issues.extend(_numbering_gaps(raw.actions))
    return raw


def _outcome_statement(raw: RawPlan, matcher: OutcomeMatcher, statement: str, printed: str, b: Block) -> str | None:
    """The outcome an outcome statement states; when none, ``None`` (its actions get no outcome)
    and a warning with the closest outcome and how close it came."""
    if _aim_heading(raw, matcher, statement, printed, b):
        return None
    found, how = matcher.resolve(statement)
    if found:
        _note_similarity(raw, matcher, statement, printed, found, b)
        return found
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
    return None


def _aim_heading(raw: RawPlan, matcher: OutcomeMatcher, statement: str, printed: str, b: Block) -> bool:
    """Whether a heading states one of the strategy's aims (a plan organised by aim): several
    outcomes serve an aim, so its actions get none, and a note says which to choose from."""
    aim = matcher.aim_match(statement)
    if aim is None:
        return False
    choices = matcher.aim_outcomes(aim)
    raw.issues.append(
        Issue(
            "warning",
            "aim-heading",
            f"the heading {printed[:80]!r} is the strategy's {aim.key} ({aim.title[:60]}…), which several "
            "outcomes serve; the actions under it have no outcome",
            subject=aim.key,
            suggestion=f"set each action's outcome to one of {', '.join(choices)}" if choices else "set their outcomes",
            source=b.where,
        )
    )
    return True


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
) -> None:
    raw.tables += 1
    seen = {a.ref: a for a in raw.actions}
    refs = [r.cell("ref") for r in rows if r.cell("ref")]
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
    texts = [" ".join(r.cell("text").split()) for r in rows]
    # "SO1.1 Develop …": refs printed at the start of the action's own cell, when most rows have one
    printed = [_LEADING_REF.match(t) if "ref" not in roles else None for t in texts]
    in_text = sum(m is not None for m in printed) >= 0.6 * max(1, sum(bool(t) for t in texts))
    for r, text, m in zip(rows, texts, printed, strict=True):
        if not text:
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
                    subject=ref,
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
    entries: list[list[str]] = []  # [indicator text, where, its own link text]
    lead_in = ""  # link text printed before the first indicator
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
    title_key = key(matcher.framework.outcome(outcome).title)
    kept = []
    for text, where, link in entries:
        stripped = "" if key(text) == title_key else matcher.strip_title(outcome, text).strip()
        if stripped:
            kept.append((stripped, where, link))
        elif kept or lead_in:  # a repeated title: its link text belongs to the table
            lead_in = f"{lead_in} {link}".strip()
        else:
            lead_in = link
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


def _has_ref(text: str) -> bool:
    return any(is_ref(tok.strip(",;")) for tok in text.split())


def _closing_table(raw: RawPlan, blocks: list[Block], i: int, matcher: OutcomeMatcher, area: str) -> int:
    """Read a summary indicator table with an outcome column; return the index after it."""
    header = blocks[i]
    heads = [clean(c).lower() for c in header.cells]
    outcome_col = next(k for k, h in enumerate(heads) if "outcome" in h)
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
    rows: list[tuple[list[str], Block]] = []
    i += 1
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "blank":
            i += 1
            continue
        if b.kind != "row" or is_action_header(b):
            break
        if is_closing_header(b) or not any(re.search(r"\w", c) for c in b.cells):
            i += 1
            continue
        cells = list(b.cells) + [""] * (len(heads) - len(b.cells))
        if rows and not clean(cells[outcome_col]):  # the row above, continued after a page break
            prev = rows[-1][0]
            for k, c in enumerate(cells):
                if c.strip() and k < len(prev):
                    prev[k] = f"{prev[k]}\f{c}"  # \f: continued after a page break
        else:
            rows.append((cells, b))
        i += 1
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
            if k >= len(cells):
                continue
            for text in split_items(cells[k]):
                raw.indicators.append(IndicatorItem(found, text, kind or "summary", b.where))
    return i
