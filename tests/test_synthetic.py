"""Synthetic plans: realistic shape, deterministic, valid workbooks."""

from __future__ import annotations

from pathlib import Path

from cjgraph.examples.synthetic import synthetic_plans
from cjgraph.graph import graph_from_plans
from cjgraph.queries import find_gaps, lead_load
from cjgraph.validate import check_plan
from cjgraph.workbook import read_plan, write_plan


def test_shape_and_determinism() -> None:
    plans = synthetic_plans(40, seed=3)
    assert len({p.info.id for p in plans}) == 40  # unique past the 32 council areas
    for p in plans:
        assert 40 <= len(p.actions) <= 80
        assert {a.outcome for a in p.actions} == {
            "communities",
            "partnership",
            "interventions",
            "access",
            "life-chances",
            "relationships",
            "resilience",
        }
        assert all(1 <= len(a.leads) <= 3 for a in p.actions)
        assert p.indicators and p.indicator_links
        assert check_plan(p) == []
    assert synthetic_plans(40, seed=3) == plans
    assert synthetic_plans(40, seed=4) != plans


def test_round_trip_and_questions(tmp_path: Path) -> None:
    plan = synthetic_plans(1, seed=5)[0]
    write_plan(plan, tmp_path / "s.xlsx")
    assert read_plan(tmp_path / "s.xlsx") == plan
    G = graph_from_plans(synthetic_plans(5, seed=5))
    assert len({r.plan for r in lead_load(G)}) == 6  # five plans and "(all plans)"
    assert any(g.reason == "action-without-indicator" for g in find_gaps(G))
