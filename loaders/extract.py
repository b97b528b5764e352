"""Extract a plan from a document: read → recognise → resolve → a :class:`~cjgraph.model.Plan`.

:func:`extract_plan` reads a ``.txt``, ``.docx`` or ``.pdf`` plan, finds every improvement
action under its outcome heading, resolves partner names, turns timescales into due dates,
reads indicators and link lists (repairing typo'd refs), proposes needs, compares any
summary table with the outcome tables, and records everything a person should review as
:class:`~cjgraph.model.Issue` rows.

Examples
--------
>>> from cjgraph.examples import example_path
>>> result = extract_plan(example_path("midlothian-2017-2020"))
>>> result.plan.info.id, len(result.plan.actions)
('midlothian-2017-2020', 48)
>>> result.plan.action("SO4.8").leads
('Department for Work and Pensions',)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from cjgraph.errors import DocumentError
from cjgraph.framework import DEFAULT_FRAMEWORK, load_doubts, load_framework, load_registry, load_table_words
from cjgraph.limits import (
    MAX_CELL_CHARS,
    MAX_DOCUMENT_BYTES,
    MAX_PDF_MEMORY,
    MAX_PDF_SECONDS,
    MAX_TEXT_BYTES,
    MB,
    check_size,
    check_xml_parts,
    check_zip,
)
from cjgraph.loaders.blocks import CARRIED_OVER, ROW_ACROSS_PAGES, Block, text_blocks
from cjgraph.loaders.indicators import find_refs
from cjgraph.loaders.needs import propose_needs
from cjgraph.loaders.outcomes import OutcomeMatcher, detect_framework
from cjgraph.loaders.parse import RawAction, RawPlan, parse_blocks
from cjgraph.loaders.partners import NameResolver, ResolvedName
from cjgraph.loaders.records import records_to_rows
from cjgraph.loaders.text import clean, key
from cjgraph.loaders.timescales import parse_timescale
from cjgraph.model import STATUSES, Action, Indicator, IndicatorLink, Issue, Partner, Plan, PlanInfo
from cjgraph.names import LOOK_ALIKE_HELP, look_alike

__all__ = ["ExtractResult", "extract_plan", "read_document"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")  # control characters but tab, newlines, page break


@dataclass(frozen=True)
class ExtractResult:
    """The extracted plan and the figures of its summary."""

    plan: Plan
    tables: int
    framework_note: str = ""  # which framework, and how it was chosen

    def summary(self) -> str:
        """A short, human summary: what was found and what to review."""
        p = self.plan
        fw = load_framework(p.info.framework)
        per = Counter(a.outcome for a in p.actions)
        lines = [
            f"{p.info.id}: {len(p.actions)} actions in {self.tables} tables, "
            f"{len(p.indicators)} indicators, {len(p.indicator_links)} indicator links"
        ]
        if self.framework_note:
            lines.append(f"  {self.framework_note}")
        lines.append(
            "  actions per outcome: "
            + ", ".join(f"{o.key} {per.get(o.key, 0)}" for o in fw.outcomes)
            + (f", (none) {per['']}" if per.get("") else "")
        )
        codes = Counter(i.code for i in p.issues)
        unresolved = codes.get("unknown-partner", 0)
        lines.append(
            f"  partners: {len(p.partners)} ({len(p.partners) - unresolved} resolved, "
            f"{unresolved} not in the registry, kept as printed)"
        )
        dated = sum(1 for a in p.actions if a.due)
        vague = codes.get("vague-timescale", 0)
        lines.append(
            f"  timescales: {dated} dated, {len(p.actions) - dated - vague} open-ended, {vague} not understood"
        )
        lines.append(
            f"  repairs: {codes.get('ref-repaired', 0)} link refs; inconsistencies with the summary table: "
            f"{codes.get('summary-lead-differs', 0)} leads, {codes.get('summary-due-differs', 0)} dates, "
            f"{codes.get('summary-text-differs', 0)} wordings"
        )
        doubtful = [a for a in p.actions if a.review]
        reasons = Counter(r for a in doubtful for r in a.review.split("; "))
        lines.append(
            f"  actions to check: {len(doubtful)} of {len(p.actions)} (filter the actions sheet on its review "
            "column)" + "".join(f"\n    {n} {reason}" for reason, n in reasons.most_common())
        )
        sev = Counter(i.severity for i in p.issues)
        lines.append(
            f"  issues to review: {sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, "
            f"{sev.get('info', 0)} notes (see the issues sheet)"
        )
        return "\n".join(lines)


# names Windows keeps for devices: a plan id is a file name in a folder of plans
_WINDOWS_RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")
_CHECK_STRUCTURE = "check this table in the document and the actions read from it"


def read_document(path: Path, warn: Callable[[str, str], None] | None = None) -> list[Block]:
    """Read a plan document into blocks, by its suffix; :class:`DocumentError` if unreadable.
    ``warn(where, message)`` hears of structure the reader read as something else."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path}: no such file.")
    if path.is_dir():
        raise DocumentError(f"{path}: is a folder, not a plan document (.txt, .docx or .pdf).")
    if path.suffix.lower() in (".xlsx", ".csv"):
        raise DocumentError(f"{path}: is a plan workbook, not a plan document; check it with `cjgraph validate`.")
    size = path.stat().st_size
    if size == 0:
        raise DocumentError(f"{path}: the file is empty.")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_size(path, size, MAX_DOCUMENT_BYTES, "a plan document")
        check_zip(path, "a plan document")
        check_xml_parts(path, DocumentError)
        from cjgraph.loaders.docx import docx_blocks

        return docx_blocks(path, warn)
    if suffix == ".pdf":
        check_size(path, size, MAX_DOCUMENT_BYTES, "a plan document")
        return _read_pdf(path)
    if suffix in (".txt", ".text", ".md", ""):
        check_size(path, size, MAX_TEXT_BYTES, "a plan document")
        data = path.read_bytes()
        nul = data.find(b"\x00")
        if nul >= 0:
            raise DocumentError(f"{path}: byte {nul} is a NUL character; this is binary data, not a text plan.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            text = data.decode("cp1252", errors="replace")
            if text.count("\ufffd") > 10:
                raise DocumentError(f"{path}: byte {e.start} is not UTF-8 text; save the plan as UTF-8.") from None
        if sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\t\n\r\f") > 50:
            raise DocumentError(f"{path}: holds control characters, not text; is it a binary file?")
        return text_blocks(_CONTROL.sub("", text))  # stray ones are invisible, and no XML can hold them
    raise DocumentError(f"{path}: unknown document type {suffix!r}; cjgraph reads .txt, .docx and .pdf plans.")


def _read_pdf(path: Path) -> list[Block]:
    """A PDF read in a child process that can reach no file, within a memory cap and a time limit
    (the PDF library, given a hostile file, can ask for gigabytes or abort the process)."""
    from cjgraph.loaders.pdf import pdf_blocks
    from cjgraph.sandbox import ChildStopped, run_apart

    data = path.read_bytes()
    try:
        blocks: list[Block] = run_apart(
            pdf_blocks, path, data, memory=MAX_PDF_MEMORY, seconds=MAX_PDF_SECONDS, what="reading the PDF"
        )
    except ChildStopped as e:
        raise DocumentError(
            f"{path}: reading it stopped ({e.how}): a plan document may take {MAX_PDF_MEMORY // MB} MB and "
            f"{MAX_PDF_SECONDS} s; is it a plan, or pages of drawings inside drawings?"
        ) from None
    return blocks


# passes over the block stream before it is walked, in order: each rewrites a layout the walk
# does not know into one it does (labelled records and " / " lines into table rows)
BLOCK_PASSES: list[Callable[[list[Block]], list[Block]]] = [records_to_rows]


def extract_plan(path: str | Path, *, framework: str | None = None) -> ExtractResult:
    """Extract the plan in a document (see the module docstring).

    Parameters
    ----------
    path : a plan document: .txt, .md, .docx or .pdf.
    framework : the national framework it is written against; when None, the one whose outcomes
        its headings name (reported), or, when none is clear, the default, with a warning.

    Returns
    -------
    ExtractResult : the plan (actions with confidence, review and source; indicators, links,
        partners, issues), the number of tables read, and a summary (:meth:`~ExtractResult.summary`).

    Raises
    ------
    DocumentError : the file cannot be read, is not the format its name says, or holds no
        improvement-action table.
    LimitError : the file is larger than cjgraph reads.
    FrameworkError : an unknown ``framework``.

    Examples
    --------
    >>> from cjgraph.examples import example_path
    >>> result = extract_plan(example_path("midlothian-2017-2020"))
    >>> len(result.plan.actions), result.plan.info.framework
    (48, 'opif-2016')
    """
    path = Path(path)
    issues: list[Issue] = []

    def warn(where: str, message: str) -> None:
        issues.append(Issue("warning", "document-structure", message, suggestion=_CHECK_STRUCTURE, source=where))

    blocks = read_document(path, warn)
    for rewrite in BLOCK_PASSES:
        blocks = rewrite(blocks)
    if framework:
        load_framework(framework)  # an unknown id is refused, naming the known ones
        how = f"framework: {framework} (as asked)"
    else:
        guess = detect_framework([b.text for b in blocks if b.kind != "blank"])
        framework = guess.framework or DEFAULT_FRAMEWORK
        how = f"framework: {framework} (its headings name {guess.describe(framework)})"
        if not guess.framework:
            how = f"framework: {framework}, assumed: none is clear from the headings ({guess.describe()})"
            issues.append(
                Issue(
                    "warning",
                    "framework-not-detected",
                    f"no national framework is clear from the headings (outcomes named: {guess.describe()}); "
                    f"{framework} is assumed",
                    subject=framework,
                    suggestion="extract again with --framework ID",
                    source=str(path),
                )
            )
    matcher = OutcomeMatcher(load_framework(framework))
    info = _plan_info(blocks, path, framework)
    raw = parse_blocks(blocks, matcher, area=info.partnership)
    if not raw.actions:
        raise DocumentError(
            f"{path}: no improvement-action table was found (a table with a header such as "
            "'Ref | Improvement Action | Lead | Timescale', or rows starting with refs like 'SO1.1')."
        )
    # names are learnt from running text and action texts, never from the lead/contributor cells
    narrative = "\n".join(
        [b.text for k, b in enumerate(blocks) if k not in raw.table_blocks] + [a.text for a in raw.actions]
    )
    raw.issues[:0] = issues
    builder = _Builder(info, raw, matcher, NameResolver(narrative), document=path.name)
    return ExtractResult(builder.build(), raw.tables, how)


def _plan_info(blocks: list[Block], path: Path, framework: str) -> PlanInfo:
    head = [clean(b.text) for b in blocks[:120] if b.kind != "blank"]
    joined = "\n".join(head)
    areas: Counter[str] = Counter()
    for body in load_registry():
        if body.type == "council":
            for area in body.areas:
                n = len(re.findall(rf"\b{re.escape(area)}\b", joined, re.I))
                if n:
                    areas[area] += n
    # a longer area name ("North Lanarkshire") beats the shorter one it contains ("Lanarkshire")
    area = ""
    if areas:
        area = max(areas, key=lambda a: (areas[a], len(a)))
        for a in areas:
            if a != area and area.lower() in a.lower() and areas[a] >= areas[area] * 0.5:
                area = a
    m = re.search(r"\b(20\d\d)\s*[-–/]\s*(20\d\d|\d\d)\b", joined)
    start, end = ("", "")
    if m:
        y1, y2 = int(m.group(1)), int(m.group(2))
        y2 = y2 + 2000 if y2 < 100 else y2
        start, end = f"{y1}-04-01", f"{y2}-03-31"
    title = next((t for t in head if "plan" in t.lower() and len(t) < 200), head[0] if head else path.stem)
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
    slug = slug.strip("-") or "plan"
    plan_id = f"{slug}-{start[:4]}-{end[:4]}" if start else slug
    if _WINDOWS_RESERVED.fullmatch(plan_id):  # con.xlsx cannot be opened on Windows
        plan_id = f"{plan_id}-plan"
    return PlanInfo(
        id=plan_id,
        partnership=area,
        title=title,
        period_start=start,
        period_end=end,
        framework=framework,
        source=path.name,
    )


class _Builder:
    """Turn a :class:`RawPlan` into a :class:`Plan`, collecting issues on the way."""

    def __init__(
        self, info: PlanInfo, raw: RawPlan, matcher: OutcomeMatcher, resolver: NameResolver, *, document: str = ""
    ) -> None:
        self.info, self.raw, self.matcher, self.resolver = info, raw, matcher, resolver
        self.document = document
        self.issues: list[Issue] = list(raw.issues)
        self.partners: dict[str, dict[str, object]] = {}

    def build(self) -> Plan:
        actions = [self._action(a) for a in self.raw.actions]
        self._compare_repeats({a.ref: a for a in actions})
        indicators, index_text = self._indicators()
        links = self._links(index_text, {a.ref for a in actions})
        partners = self._partner_records()
        doubts = load_doubts()
        about: dict[str, list[str]] = {}  # each action's doubtful issue codes, in one pass (not one per action)
        for i in self.issues:
            if i.code in doubts:
                about.setdefault(i.subject, []).append(i.code)
        actions = [self._how_sure(a, about.get(a.ref, [])) for a in actions]
        return Plan(
            info=self.info,
            actions=tuple(actions),
            indicators=tuple(indicators),
            indicator_links=tuple(links),
            partners=tuple(partners),
            issues=tuple(self.issues),
        )

    def _how_sure(self, a: Action, doubted: list[str]) -> Action:
        """The action with its confidence and the reasons a person should check it: the doubts of
        ``review.toml`` among the issues about it (``doubted``: their codes), a missing outcome, a
        lead not read as a known organisation."""
        doubts = load_doubts()
        codes = list(doubted)
        if not a.outcome:
            codes.append("action-without-outcome")
        if any(not self._known(lead) for lead in a.leads):
            codes.append("lead-not-organisation")
        confidence = 1.0
        reasons: list[str] = []
        for code in dict.fromkeys(codes):
            factor, reason = doubts[code]
            confidence *= factor
            reasons.append(reason)
        return replace(a, confidence=round(confidence, 2), review="; ".join(reasons))

    def _known(self, canonical: str) -> bool:
        rec = self.partners.get(canonical)
        return rec is None or getattr(rec["name"], "known", True)

    def _mended_row(self, a: RawAction) -> None:
        """Report a row a document reader had to mend (its place says how)."""
        for note, code, what in (
            (ROW_ACROSS_PAGES, "row-across-pages", "its table row breaks across a page and was joined"),
            (CARRIED_OVER, "merged-cell-carried", "a merged cell was carried over a page break into its row"),
        ):
            if note in a.where:
                self.issues.append(
                    Issue(
                        "info",
                        code,
                        f"action {a.ref}: {what}",
                        subject=a.ref,
                        suggestion="check the row against the document",
                        source=a.where,
                    )
                )

    def _names(self, cell: str, where: str, ref: str = "") -> tuple[str, ...]:
        out = []
        for n in self.resolver.resolve_cell(cell):
            self._note_partner(n, where)
            out.append(n.canonical)
            if n.hidden:
                said = look_alike(cell, n.canonical, n.known, n.hidden)
                subject = ref or n.canonical
                self.issues.append(Issue("warning", "look-alike-name", said, subject, LOOK_ALIKE_HELP, where))
        return tuple(out)

    def _note_partner(self, n: ResolvedName, where: str) -> None:
        rec = self.partners.setdefault(
            n.canonical, {"aliases": set(), "kind": n.kind, "scope": n.scope, "name": n, "where": where}
        )
        aliases = rec["aliases"]
        assert isinstance(aliases, set)
        aliases.add(" ".join(n.printed.split()))

    def _action(self, a: RawAction) -> Action:
        leads = self._names(a.leads, a.where, a.ref)
        contributors = self._names(a.contributors, a.where, a.ref)
        if not leads:
            self.issues.append(
                Issue("warning", "action-without-lead", f"action {a.ref} prints no lead", subject=a.ref, source=a.where)
            )
        ts = parse_timescale(a.timescale, period_start=self.info.period_start)
        if ts.kind == "vague":
            self.issues.append(
                Issue(
                    "info",
                    "vague-timescale",
                    f"action {a.ref}: {ts.note}; no due date was set",
                    subject=a.ref,
                    suggestion="enter a due date",
                    source=a.where,
                )
            )
        needs, evidence = propose_needs(a.text)
        status, notes = self._status(a)
        self._mended_row(a)
        return Action(
            ref=a.ref,
            outcome=a.outcome,
            text=self._fits(a, "text", a.text),
            leads=leads,
            contributors=contributors,
            timescale=a.timescale,
            due=ts.due,
            needs=needs,
            needs_evidence=evidence,
            status=status,
            notes=self._fits(a, "notes", notes),
            source=f"{self.document}, {a.where}" if self.document else a.where,
        )

    def _fits(self, a: RawAction, what: str, text: str) -> str:
        """``text``, cut to what a workbook cell holds, saying so (a cell that long is a table that
        swallowed the page: a person should look)."""
        if len(text) <= MAX_CELL_CHARS:
            return text
        self.issues.append(
            Issue(
                "warning",
                "text-cut",
                f"action {a.ref}: its {what} is {len(text):,} characters, over the {MAX_CELL_CHARS:,} a workbook "
                "cell holds; it was cut there",
                subject=a.ref,
                suggestion="check the row against the document: a table may have swallowed the text after it",
                source=a.where,
            )
        )
        return text[: MAX_CELL_CHARS - 1] + "…"

    def _status(self, a: RawAction) -> tuple[str, str]:
        """The workbook status for a printed status ("Green", "On track", "Complete"), and the notes;
        a status that is not one of the status words goes into the notes, reported."""
        printed = " ".join(a.status.split())
        status = load_table_words().status_words.get(printed.lower(), "") if printed else ""
        if printed and not status:
            self.issues.append(
                Issue(
                    "warning",
                    "status-not-read",
                    f"action {a.ref}: the status {printed!r} is not one the workbook knows; it is kept in notes",
                    subject=a.ref,
                    suggestion=f"set status to one of {', '.join(STATUSES)}",
                    source=a.where,
                )
            )
            return "", "\n".join(n for n in (f"Status: {printed}", a.notes) if n)
        return status, a.notes

    def _compare_repeats(self, by_ref: dict[str, Action]) -> None:
        for rep, where in self.raw.repeats:
            orig = by_ref[rep.ref]
            leads = tuple(n.canonical for n in self.resolver.resolve_cell(rep.leads))
            if set(leads) != set(orig.leads):
                printed = " | ".join(leads) if leads else "no lead"
                self.issues.append(
                    Issue(
                        "warning",
                        "summary-lead-differs",
                        f"action {rep.ref}: the summary table at {where} prints {printed}, the outcome table "
                        f"{' | '.join(orig.leads) or 'no lead'}; the outcome table is kept",
                        subject=rep.ref,
                        suggestion="correct one of the two tables in the plan",
                        source=where,
                    )
                )
            if rep.has_contributors_column:
                contributors = tuple(n.canonical for n in self.resolver.resolve_cell(rep.contributors))
                if set(contributors) != set(orig.contributors):
                    self.issues.append(
                        Issue(
                            "warning",
                            "summary-contributors-differ",
                            f"action {rep.ref}: the summary table at {where} prints contributors "
                            f"{' | '.join(contributors) or 'none'}, the outcome table "
                            f"{' | '.join(orig.contributors) or 'none'}",
                            subject=rep.ref,
                            source=where,
                        )
                    )
            ts = parse_timescale(rep.timescale, period_start=self.info.period_start)
            if rep.timescale and ts.due != orig.due:
                self.issues.append(
                    Issue(
                        "warning",
                        "summary-due-differs",
                        f"action {rep.ref}: the summary table at {where} prints {rep.timescale!r}, the outcome "
                        f"table {orig.timescale!r}",
                        subject=rep.ref,
                        source=where,
                    )
                )
            if key(rep.text) != key(orig.text):
                self.issues.append(
                    Issue(
                        "info",
                        "summary-text-differs",
                        f"action {rep.ref}: the summary table at {where} words it {rep.text!r}",
                        subject=rep.ref,
                        source=where,
                    )
                )

    def _indicators(self) -> tuple[list[Indicator], dict[int, str]]:
        out: list[Indicator] = []
        seen: set[tuple[str, str]] = set()
        index_text: dict[int, str] = {}
        for idx, item in enumerate(self.raw.indicators):
            text = item.text.strip()
            if not text:
                continue
            if item.kind_hint in ("national", "local"):
                kind = item.kind_hint
            else:
                kind = "national" if self.matcher.is_national(item.outcome, text) else "local"
            k = (item.outcome, key(text))
            index_text[idx] = text
            if k in seen:
                continue
            if item.kind_hint == "summary" and kind == "local":
                self.issues.append(
                    Issue(
                        "info",
                        "indicator-not-national",
                        f"{text!r} is listed as a national indicator of {item.outcome!r} but is not in "
                        f"{self.matcher.framework.id}; it is kept as local",
                        subject=item.outcome,
                        source=item.where,
                    )
                )
            seen.add(k)
            out.append(Indicator(item.outcome, kind, text))
        return out, index_text

    def _links(self, index_text: dict[int, str], known: set[str]) -> list[IndicatorLink]:
        out: list[IndicatorLink] = []
        for group in self.raw.links:
            refs, repairs, unknown = find_refs(group.text, known)
            for printed, fixed in repairs:
                self.issues.append(
                    Issue(
                        "info",
                        "ref-repaired",
                        f"link ref {printed!r} read as {fixed!r}",
                        subject=fixed,
                        source=group.where,
                    )
                )
            for printed in unknown:
                self.issues.append(
                    Issue(
                        "warning",
                        "link-to-unknown-ref",
                        f"link ref {printed!r} names no action of the plan; it was left out",
                        subject=printed,
                        suggestion="correct the ref",
                        source=group.where,
                    )
                )
            measures = _measures(group.text)
            for idx in group.items:
                item = self.raw.indicators[idx]
                text = index_text.get(idx)
                if text:
                    out.append(IndicatorLink(item.outcome, text, tuple(refs), measures))
        return out

    def _partner_records(self) -> list[Partner]:
        out = []
        for canonical, rec in self.partners.items():
            n = rec["name"]
            assert isinstance(n, ResolvedName)
            aliases = rec["aliases"]
            assert isinstance(aliases, set)
            where = str(rec["where"])
            if not n.known:
                sugg = self.resolver.suggestions(canonical)
                self.issues.append(
                    Issue(
                        "warning",
                        "unknown-partner",
                        f"{canonical!r} (printed {n.printed!r}) is not in the registry of Scottish bodies; "
                        f"kept as printed, kind guessed as {n.kind!r}",
                        subject=canonical,
                        suggestion=("closest known: " + "; ".join(sugg)) if sugg else "add it to the partners sheet",
                        source=where,
                    )
                )
            elif n.how in ("plan-name", "reordered", "abbreviation") and n.how != "registry":
                note = n.note or f"{n.printed!r} read as {canonical!r}"
                if n.how == "abbreviation":
                    for w in n.printed.split():
                        e = self.resolver.acronyms.get(w)
                        if e:
                            note = f"{w} read as {e[0]!r} ({e[1]})"
                self.issues.append(Issue("info", "partner-resolved", note, subject=canonical, source=where))
            out.append(Partner(canonical, tuple(sorted(aliases)), str(rec["kind"]), str(rec["scope"])))
        return sorted(out, key=lambda p: p.canonical.lower())


def _measures(text: str) -> str:
    t = re.sub(r"(?<![A-Za-z0-9])[A-Z][A-Z0]{0,5}\s?\.?\s?\d{1,2}\.\d{1,3}\.?,?", " ", text)
    return clean(t.replace("•", " ")).strip(" ,;")
