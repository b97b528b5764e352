"""The questions asked of the plan graph: pure functions over ``G`` returning frozen records.

One module per question: :mod:`~cjgraph.queries.leadership` (lead-load),
:mod:`~cjgraph.queries.gaps`, :mod:`~cjgraph.queries.paths` (chains),
:mod:`~cjgraph.queries.withdrawal` (impact, single points of failure),
:mod:`~cjgraph.queries.schedule` (timeline), :mod:`~cjgraph.queries.progress` (status on a date,
slippage, stalled actions), :mod:`~cjgraph.queries.network`,
:mod:`~cjgraph.queries.comparison` (compare, diff), and :mod:`~cjgraph.queries.board` (those
answers in words, for the board pack).
"""

from cjgraph.queries.board import (
    ActionLine,
    ChainLine,
    FailureLine,
    GapLine,
    action_lines,
    chain_lines,
    failure_lines,
    gap_lines,
    plan_title,
)
from cjgraph.queries.comparison import Change, OutcomeComparison, compare_plans, diff_plans
from cjgraph.queries.gaps import REASONS, Gap, find_gaps
from cjgraph.queries.leadership import ALL_PLANS, Concentration, LeadLoad, lead_concentration, lead_load
from cjgraph.queries.network import NetworkLink, NetworkPartner, partner_links, partner_network
from cjgraph.queries.paths import Chain, chains
from cjgraph.queries.progress import (
    Movement,
    OutcomeOffTrack,
    PartnerSlip,
    RagQuarter,
    ScoreMovement,
    Slip,
    Stalled,
    StatusOn,
    assessment_movement,
    indicator_movement,
    outcomes_off_track,
    rag_trend,
    slippage,
    slippage_by_partner,
    stalled,
    status_on,
)
from cjgraph.queries.schedule import AsOf, QuarterCount, TimelineItem, as_of_dates, due_per_quarter, timeline
from cjgraph.queries.withdrawal import ImpactItem, SinglePointOfFailure, impact, single_points_of_failure

__all__ = [
    "ALL_PLANS",
    "ActionLine",
    "ChainLine",
    "FailureLine",
    "GapLine",
    "action_lines",
    "chain_lines",
    "failure_lines",
    "gap_lines",
    "plan_title",
    "AsOf",
    "REASONS",
    "Chain",
    "Change",
    "Concentration",
    "Gap",
    "ImpactItem",
    "LeadLoad",
    "NetworkLink",
    "NetworkPartner",
    "OutcomeComparison",
    "QuarterCount",
    "SinglePointOfFailure",
    "TimelineItem",
    "StatusOn",
    "Slip",
    "Stalled",
    "Movement",
    "OutcomeOffTrack",
    "PartnerSlip",
    "RagQuarter",
    "ScoreMovement",
    "as_of_dates",
    "chains",
    "compare_plans",
    "diff_plans",
    "due_per_quarter",
    "find_gaps",
    "impact",
    "lead_concentration",
    "lead_load",
    "partner_links",
    "partner_network",
    "single_points_of_failure",
    "timeline",
    "status_on",
    "slippage",
    "stalled",
    "indicator_movement",
    "assessment_movement",
    "slippage_by_partner",
    "outcomes_off_track",
    "rag_trend",
]
