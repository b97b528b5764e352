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

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cjgraph.errors import DocumentError
from cjgraph.framework import DEFAULT_FRAMEWORK, load_framework
from cjgraph.loaders.account import TableText
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.build import PlanBuilder
from cjgraph.loaders.flattened import flattened_to_rows
from cjgraph.loaders.outcomes import OutcomeMatcher, detect_framework
from cjgraph.loaders.parse import parse_blocks
from cjgraph.loaders.partners import NameResolver
from cjgraph.loaders.planinfo import plan_info
from cjgraph.loaders.read import read_document
from cjgraph.loaders.records import records_to_rows
from cjgraph.model import Issue, Plan

__all__ = ["ExtractResult", "extract_plan", "read_document", "BLOCK_PASSES"]


@dataclass(frozen=True)
class ExtractResult:
    """The extracted plan and the figures of its summary."""

    plan: Plan
    tables: int
    framework_note: str = ""  # which framework, and how it was chosen
    table_text: TableText = field(default_factory=TableText)  # how much of the tables' text was read

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
        if not p.info.partnership:
            lines.append("  partnership: none named, so read as a national plan")
        if p.updates:
            dates = sorted({str(u.date) for u in p.updates})
            lines.append(f"  progress: {len(p.updates)} rows from the updates it prints, dated {', '.join(dates)}")
        lines.append(f"  table text read: {self.table_text.describe()}")
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


_CHECK_STRUCTURE = "check this table in the document and the actions read from it"


# passes over the block stream before it is walked, in order: each rewrites a layout the walk
# does not know into one it does (labelled records, and tables flattened to " / " lines or to one
# cell per line, into table rows)
BLOCK_PASSES: list[Callable[[list[Block]], list[Block]]] = [records_to_rows, flattened_to_rows]


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
    info = plan_info(blocks, path, framework)
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
    builder = PlanBuilder(info, raw, matcher, NameResolver(narrative), document=path.name)
    return ExtractResult(builder.build(), raw.tables, how, raw.table_text)
