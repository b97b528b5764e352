"""How each kind of node and relationship looks on the map (one place for colours and shapes).

Colours come from the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness and on a washed-out projector; shapes differ too, so colour is never the
only cue.
"""

from __future__ import annotations

__all__ = ["NODE_STYLE", "EDGE_STYLE", "OVERVIEW_EDGE_STYLE", "PLAN_COLOURS", "GAP_COLOUR", "COLLECTIVE_COLOUR"]

NODE_STYLE: dict[str, dict[str, str]] = {
    "Partner": {"color": "#0072B2", "shape": "dot", "label": "Partner (size = actions led)"},
    "Action": {"color": "#E69F00", "shape": "square", "label": "Improvement action"},
    "Outcome": {"color": "#009E73", "shape": "star", "label": "National outcome"},
    "Need": {"color": "#CC79A7", "shape": "triangle", "label": "Criminogenic need"},
    "Indicator": {"color": "#56B4E9", "shape": "triangleDown", "label": "Indicator"},
    "Plan": {"color": "#555555", "shape": "box", "label": "Plan"},
    "Partnership": {"color": "#000000", "shape": "box", "label": "Partnership"},
}

EDGE_STYLE: dict[str, dict[str, object]] = {
    "LEADS": {"color": "#0072B2", "width": 3, "dashes": False, "label": "leads"},
    "CONTRIBUTES_TO": {"color": "#0072B2", "width": 1, "dashes": [6, 4], "label": "contributes to"},
    "DELIVERS": {"color": "#009E73", "width": 2, "dashes": False, "label": "delivers outcome"},
    "MEASURED_BY": {"color": "#56B4E9", "width": 1, "dashes": [2, 3], "label": "measured by"},
    "ADDRESSES": {"color": "#CC79A7", "width": 1.5, "dashes": [10, 3, 2, 3], "label": "addresses need"},
    "DEPENDS_ON": {"color": "#D55E00", "width": 2, "dashes": [4, 2], "label": "depends on"},
    "ENABLES": {"color": "#999999", "width": 1, "dashes": [1, 4], "label": "enables"},
    "PART_OF": {"color": "#DDDDDD", "width": 0.5, "dashes": False, "label": "part of plan"},
    "OF": {"color": "#DDDDDD", "width": 0.5, "dashes": False, "label": "plan of"},
    "PARTNER_OF": {"color": "#E5E5E5", "width": 0.5, "dashes": [1, 3], "label": "partner of plan"},
    "ACTS_FOR": {"color": "#999999", "width": 1, "dashes": [3, 3], "label": "acts for"},
}

GAP_COLOUR = "#D55E00"  # vermillion: an unmeasured outcome, an unaddressed need
COLLECTIVE_COLOUR = "#F0E442"  # yellow ring: a collective lead (no single accountable owner)

# the accountability overview's lines: a partner to an outcome or a need its actions serve (the
# width says how many actions); drawn only in the overview, where actions are not
OVERVIEW_EDGE_STYLE: dict[str, dict[str, object]] = {
    "LEADS_ACTIONS_FOR": {
        "color": "#0072B2",
        "width": 2,
        "dashes": False,
        "label": "leads actions for (width: how many)",
    },
    "CONTRIBUTES_ACTIONS_FOR": {
        "color": "#7FA7C9",
        "width": 1,
        "dashes": [6, 4],
        "label": "contributes to actions for",
    },
}

# with several plans together, each plan's overview lines in its own colour (Okabe-Ito, then again)
PLAN_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
