"""cjgraph: Community Justice Outcomes Improvement Plans as a partnership and accountability graph.

Read a plan document or workbook, review it in Excel, and ask exact questions of it.

>>> import cjgraph
>>> cjgraph.__version__
'0.1.0'
>>> from cjgraph.examples import example_path
>>> G = cjgraph.load(example_path("midlothian-2017-2020"))
>>> G
<PlanGraph: 1 plan (midlothian-2017-2020); 48 Action, 21 Assessment, 76 Indicator, 312 Measurement, \
9 Need, 7 Outcome, 25 Partner, 1 Partnership, 1 Plan, 231 Update>
>>> cjgraph.lead_load(G)[0].partner, len(cjgraph.find_gaps(G, reasons=["need-unaddressed"]))
('Criminal Justice Social Work', 0)
"""

from __future__ import annotations

from cjgraph.errors import (
    CjgraphError,
    DocumentError,
    FrameworkError,
    GraphError,
    MissingDependencyError,
    PlanFormatError,
    WorkbookError,
)
from cjgraph.model import Action, Indicator, IndicatorLink, Issue, Partner, Plan, PlanInfo

__version__ = "0.1.0"

# the questions, importable as cjgraph.lead_load and so on
_QUESTIONS = (
    "lead_load",
    "lead_concentration",
    "find_gaps",
    "chains",
    "impact",
    "timeline",
    "partner_network",
    "partner_links",
    "compare_plans",
    "diff_plans",
    "single_points_of_failure",
)
_LAZY = {
    "load": ("cjgraph.loading", "load"),
    "graph_from_plans": ("cjgraph.graph", "graph_from_plans"),
    "extract_plan": ("cjgraph.loaders.extract", "extract_plan"),
    "read_plan": ("cjgraph.workbook", "read_plan"),
    "write_plan": ("cjgraph.workbook", "write_plan"),
    "validate_graph": ("cjgraph.contract", "validate_graph"),
    "write_map": ("cjgraph.visualisations.maps", "write_map"),
    "to_frame": ("cjgraph.output", "to_frame"),
    **{name: ("cjgraph.queries", name) for name in _QUESTIONS},
}


def __getattr__(name: str) -> object:
    # the graph and the loaders are imported on first use, so `cjgraph --help` stays quick
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'cjgraph' has no attribute {name!r}")


__all__ = [
    "__version__",
    "Action",
    "CjgraphError",
    "DocumentError",
    "FrameworkError",
    "GraphError",
    "Indicator",
    "IndicatorLink",
    "Issue",
    "Partner",
    "Plan",
    "PlanFormatError",
    "PlanInfo",
    "WorkbookError",
    "extract_plan",
    "graph_from_plans",
    "load",
    "read_plan",
    "write_plan",
    "validate_graph",
    "write_map",
    "to_frame",
    *_QUESTIONS,
    "MissingDependencyError",
]
