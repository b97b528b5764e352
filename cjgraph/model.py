"""The plan model: typed, frozen records for one Community Justice Outcomes Improvement Plan.

A :class:`Plan` is what the extractor produces from a document, what the workbook holds and
what every question reads. Multi-valued fields are tuples; in the workbook they are joined
with ``" | "``.

Examples
--------
>>> from datetime import date
>>> a = Action(ref="SO1.1", outcome="communities", text="Develop a plan.",
...            leads=("Police Scotland",), due=date(2018, 3, 31), timescale="March 2018")
>>> a.leads
('Police Scotland',)
>>> Plan(info=PlanInfo(id="x-2017-2020"), actions=(a,)).action("SO1.1").due
datetime.date(2018, 3, 31)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from datetime import date as Day  # for the fields of a class that has one named date

# a plan's framework when neither its document nor its workbook says (here, not in cjgraph.framework,
# so that importing the model, as `cjgraph --help` does, stays light)
DEFAULT_FRAMEWORK = "opif-2016"

__all__ = [
    "STATUSES",
    "PARTNER_KINDS",
    "PARTNER_SCOPES",
    "INDICATOR_KINDS",
    "BETTER",
    "SEVERITIES",
    "PlanInfo",
    "Action",
    "Indicator",
    "IndicatorLink",
    "Partner",
    "Issue",
    "Update",
    "IndicatorValue",
    "Assessment",
    "Plan",
]

STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete")
PARTNER_KINDS = (
    "statutory",
    "local-authority-service",
    "third-sector",
    "partnership-body",
    "role",
    "collective",
)
PARTNER_SCOPES = ("national", "local")
INDICATOR_KINDS = ("national", "local")
BETTER = ("higher", "lower")  # which way an indicator's value is better, when a plan says
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class PlanInfo:
    """The ``plan`` sheet: who made the plan, for when, against which framework."""

    id: str
    partnership: str = ""
    title: str = ""
    period_start: str = ""
    period_end: str = ""
    framework: str = DEFAULT_FRAMEWORK
    source: str = ""
    history_note: str = ""  # what the history is, when not the partnership's own reports ("illustrative: …")


@dataclass(frozen=True)
class Action:
    """One improvement action (a row of the ``actions`` sheet)."""

    ref: str
    outcome: str
    text: str
    leads: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    timescale: str = ""
    due: date | None = None
    needs: tuple[str, ...] = ()
    needs_evidence: str = ""
    depends_on: tuple[str, ...] = ()
    status: str = ""
    status_date: date | None = None
    notes: str = ""
    confidence: float = 1.0  # how sure the extractor is of this row (1: nothing doubtful)
    review: str = ""  # why a person should check it ("; "-separated reasons), empty when sure
    source: str = ""  # where it was read: document, page or paragraph, table, row


@dataclass(frozen=True)
class Indicator:
    """A national or local indicator measuring one outcome."""

    outcome: str
    kind: str
    indicator: str
    better: str = ""  # which way a value is better: "higher", "lower", or "" (not said)


@dataclass(frozen=True)
class IndicatorLink:
    """The actions a plan says an indicator measures, with any measures text printed beside."""

    outcome: str
    indicator: str
    linked_actions: tuple[str, ...] = ()
    measures: str = ""


@dataclass(frozen=True)
class Partner:
    """An organisation, role or collective named as a lead or contributor."""

    canonical: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    scope: str = "local"


@dataclass(frozen=True)
class Issue:
    """Something the extractor or the validator wants a person to look at."""

    severity: str
    code: str
    message: str
    subject: str = ""
    suggestion: str = ""
    source: str = ""


@dataclass(frozen=True)
class Update:
    """One progress report on an action (the ``progress`` sheet): its status on ``date``, and a
    revised due date with the reason for it when the timescale moved. The action's own ``due``
    stays the date the plan first gave."""

    ref: str
    date: Day | None
    status: str = ""
    revised_due: Day | None = None
    reason: str = ""
    note: str = ""
    reported_by: str = ""


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator's value for a period (the ``indicator_values`` sheet): a reporting year from
    1 April to 31 March ("2023-24") or a quarter of one ("2023-24 Q2"). The indicator is named
    as the indicators sheet names it, with its outcome."""

    outcome: str
    indicator: str
    period: str
    value: float | None
    unit: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Assessment:
    """A partnership's own score of how far an outcome was achieved in a reporting year (the
    ``self_assessment`` sheet), on a scale such as "1-10"."""

    outcome: str
    year: str
    score: float | None
    scale: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Plan:
    """A whole plan: the sheets of one workbook, with its history (progress reports, indicator
    values and self-assessments) when it has one."""

    info: PlanInfo
    actions: tuple[Action, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    indicator_links: tuple[IndicatorLink, ...] = ()
    partners: tuple[Partner, ...] = ()
    issues: tuple[Issue, ...] = field(default=(), compare=False)
    updates: tuple[Update, ...] = ()
    indicator_values: tuple[IndicatorValue, ...] = ()
    assessments: tuple[Assessment, ...] = ()

    def action(self, ref: str) -> Action:
        """Return the action with this ref; ``KeyError`` when there is none."""
        for a in self.actions:
            if a.ref == ref:
                return a
        raise KeyError(ref)

    def __repr__(self) -> str:
        return (
            f"<Plan {self.info.id!r}: {len(self.actions)} actions, "
            f"{len(self.indicators)} indicators, {len(self.partners)} partners, "
            f"{len(self.issues)} issues>"
        )
