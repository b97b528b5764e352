"""cjgraph: Community Justice Outcomes Improvement Plans as a partnership and accountability graph.

Read a plan document or workbook, review it in Excel, and ask exact questions of it.

>>> import cjgraph
>>> cjgraph.__version__
'0.1.0'
"""

from __future__ import annotations

from cjgraph.errors import CjgraphError, DocumentError, FrameworkError, GraphError, PlanFormatError, WorkbookError
from cjgraph.model import Action, Indicator, IndicatorLink, Issue, Partner, Plan, PlanInfo

__version__ = "0.1.0"

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
]
