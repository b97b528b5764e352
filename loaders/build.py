"""Step 5 of extraction: the plan as printed (:class:`~cjgraph.loaders.parse.RawPlan`) built into
the plan model: names resolved, timescales read, needs proposed, indicators and links matched,
and every doubt recorded (see :mod:`cjgraph.loaders`)."""

from __future__ import annotations

import re
from dataclasses import replace

from cjgraph.framework import load_doubts, load_table_words
from cjgraph.limits import (
    MAX_CELL_CHARS,
)
from cjgraph.loaders.blocks import CARRIED_DOWN, CARRIED_OVER, MERGED_DOWN, ROW_ACROSS_PAGES
from cjgraph.loaders.indicators import find_refs
from cjgraph.loaders.needs import propose_needs
from cjgraph.loaders.outcomes import OutcomeMatcher
from cjgraph.loaders.parse import RawAction, RawPlan
from cjgraph.loaders.partners import NameResolver, ResolvedName
from cjgraph.loaders.text import clean, key
from cjgraph.loaders.updates import progress_from_updates
from cjgraph.model import STATUSES, Action, Indicator, IndicatorLink, Issue, Partner, Plan, PlanInfo
from cjgraph.names import LOOK_ALIKE_HELP, look_alike
from cjgraph.timescales import parse_timescale

__all__ = ["PlanBuilder"]


class PlanBuilder:
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
        updates, undated = progress_from_updates(self.info, actions)
        self.issues.extend(undated)
        return Plan(
            info=self.info,
            actions=tuple(actions),
            indicators=tuple(indicators),
            indicator_links=tuple(links),
            partners=tuple(partners),
            issues=tuple(self.issues),
            updates=tuple(updates),
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
            (CARRIED_DOWN, "merged-cell-carried", "a cell printed once above it was carried into its row"),
            (MERGED_DOWN, "merged-cell-spanned", "a cell merged over several rows was read into its row"),
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
