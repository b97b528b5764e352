"""Plans of the same family in other shapes: the extractor is written for all of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.model import Plan
from cjgraph.workbook import read_plan

COLUMNS_REORDERED = """Fife Community Justice Outcomes Improvement Plan 2019 - 2022

Structural Outcome 3

Effective interventions are delivered to prevent and reduce the risk of further offending

Lead Partner\tImprovement Action\tRef\tDue by\tContributing Partners
Police Scotland SFRS\tRun community safety sessions for young people in every ward\tSO3.1\tJune 2020\tFife Council Acme Widgets Trust
COPFS\tPublish the diversion from prosecution figures every year\tSO3.2\tQ4 2021\tCJSW

Structural Outcome 4

People have better access to the services they require, including welfare, health and wellbeing, housing and employability

Lead Partner\tImprovement Action\tRef\tDue by\tContributing Partners
NHS Fife\tReview access to GP services for people leaving custody\tSO4.1\t31/03/2021\tSPS/DWP
"""

PIPE_UNNUMBERED = """Dundee City Community Justice Outcomes Improvement Plan 2020-2023

Person-centric outcome 1

Life chances are improved through needs, including health, financial inclusion, housing and safety being addressed

| Action | Lead | Partners | Timescale |
|---|---|---|---|
| Develop a housing pathway for people leaving prison | Dundee City Council | SPS, Shelter Scotland | March 2021 |
| Expand mentoring and peer support for young people with convictions,
including those on remand | Skills Development Scotland | Action for Children | Ongoing |

Page 7

| Action | Lead | Partners | Timescale |
|---|---|---|---|
| Offer a benefits check to everyone released from custody | DWP | Citizens Advice Scotland | September 2021 |
"""

PAGE_BREAK = """Angus Community Justice Outcomes Improvement Plan 2018 - 2021

Community Justice Outcome;

- Partners plan and deliver services in a more strategic and collaborative way

Ref. No.\tImprovement Action\tLead Officer or Organisation\tCompletion Date
P1\tAgree an information sharing protocol between all partner\tAngus Council\tMarch 2019
P2\tTrain staff in partner agencies on trauma informed practice so that\tNHS Tayside/Department for Work\tMarch 2020

DRAFT

\tservices respond to the needs of people with convictions.\tand Pensions\t
P3\tAgree how resources will be\tAll Partners\tAs required
\tshared across the partnership\t\t
"""


def _extract(text: str, tmp_path: Path, name: str = "plan.txt") -> tuple[Plan, str]:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return read_plan(out), result.output


def test_columns_in_another_order_and_other_abbreviations(tmp_path: Path) -> None:
    plan, _ = _extract(COLUMNS_REORDERED, tmp_path)
    assert plan.info.id == "fife-2019-2022"
    a = plan.action("SO3.1")
    assert a.outcome == "interventions"  # SO3 by its text, whatever its number
    assert a.leads == ("Police Scotland", "Scottish Fire and Rescue Service")
    assert a.contributors == ("Fife Council", "Acme Widgets Trust")
    assert a.due == date(2020, 6, 30)
    assert plan.action("SO3.2").leads == ("Crown Office and Procurator Fiscal Service",)
    assert plan.action("SO3.2").contributors == ("Criminal Justice Social Work",)
    b = plan.action("SO4.1")
    assert b.outcome == "access"
    assert b.contributors == ("Scottish Prison Service", "Department for Work and Pensions")
    assert b.due == date(2021, 3, 31)


def test_unknown_organisation_reported_with_suggestions(tmp_path: Path) -> None:
    plan, output = _extract(COLUMNS_REORDERED, tmp_path)
    unknown = [i for i in plan.issues if i.code == "unknown-partner"]
    assert [i.subject for i in unknown] == ["Acme Widgets Trust"]
    assert unknown[0].source.startswith("line ")
    assert unknown[0].suggestion  # closest known names, or how to add it
    assert "Acme Widgets Trust" in {p.canonical for p in plan.partners}
    assert "1 not in the registry" in output


def test_pipe_tables_unnumbered_actions_and_a_repeated_header(tmp_path: Path) -> None:
    plan, _ = _extract(PIPE_UNNUMBERED, tmp_path)
    assert [a.ref for a in plan.actions] == ["A1", "A2", "A3"]
    assert {i.subject for i in plan.issues if i.code == "generated-ref"} == {"A1", "A2", "A3"}
    assert all(a.outcome == "life-chances" for a in plan.actions)
    assert plan.action("A2").text == (
        "Expand mentoring and peer support for young people with convictions, including those on remand"
    )
    assert plan.action("A1").contributors == ("Scottish Prison Service", "Shelter Scotland")
    assert plan.action("A2").due is None and plan.action("A2").timescale == "Ongoing"
    assert plan.action("A3").leads == ("Department for Work and Pensions",)
    assert plan.action("A3").due == date(2021, 9, 30)


def test_row_broken_by_a_page_break_and_wrapped_cells(tmp_path: Path) -> None:
    plan, _ = _extract(PAGE_BREAK, tmp_path)
    assert [a.ref for a in plan.actions] == ["P1", "P2", "P3"]
    p2 = plan.action("P2")
    assert p2.outcome == "partnership"
    assert p2.text.endswith("so that services respond to the needs of people with convictions.")
    assert p2.leads == ("NHS Tayside", "Department for Work and Pensions")
    assert plan.action("P3").text == "Agree how resources will be shared across the partnership"
    assert plan.action("P3").leads == ("All Partners",)
    assert {p.canonical: p.kind for p in plan.partners}["All Partners"] == "collective"


def test_plan_without_contributors_column(tmp_path: Path) -> None:
    plan, _ = _extract(PAGE_BREAK, tmp_path)
    assert all(a.contributors == () for a in plan.actions)


PER_ROW_LINKS = """Stirling Community Justice Outcomes Improvement Plan 2019 - 2022

Outcome: Communities improve their understanding and participation in community justice

Ref\tAction\tLead\tTimescale
C1.1\tHold an annual public event on community justice\tStirling Council\tMarch 2020
C1.2\tSurvey residents on their awareness of unpaid work\tCJSW\tMarch 2021
C1.3\tRecruit people with lived experience to the partnership\tAll Partners\tOngoing

Indicator(s)

Indicator\tLinks to improvement actions and measures
Consultation with communities as part of community justice planning and service provision\tC1.1, C1.3 Event feedback
Level of community awareness of/satisfaction with work undertaken as part of a CPO\tC1.2 Survey results
Number of people with lived experience on the partnership\tC1.3
"""


def test_indicator_links_per_row(tmp_path: Path) -> None:
    plan, _ = _extract(PER_ROW_LINKS, tmp_path)
    links = {link.indicator: link for link in plan.indicator_links}
    assert links[
        "Consultation with communities as part of community justice planning and service provision"
    ].linked_actions == ("C1.1", "C1.3")
    level = "Level of community awareness of/satisfaction with work undertaken as part of a CPO"
    assert links[level].linked_actions == ("C1.2",)
    assert links[level].measures == "Survey results"
    kinds = {i.indicator: i.kind for i in plan.indicators}
    assert kinds[level] == "national"
    assert kinds["Number of people with lived experience on the partnership"] == "local"


CARDS = """Anytown Community Justice Outcomes Improvement Plan 2020-2023

Structural Outcome 1: Communities improve their understanding and participation in community justice

[Action SO1.1] Run a survey of residents about community justice {Police Scotland} {March 2021}
[Action SO1.2] Hold open days at the justice centre {Sacro} {June 2021}

Structural Outcome 4: People have better access to the services they require, including welfare, health and wellbeing, housing and employability

[Action SO4.1] Agree a housing pathway for people leaving prison {Scottish Prison Service} {March 2022}
"""


def test_a_new_layout_goes_in_as_a_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newcomer's guide (loaders/__init__), followed for a layout cjgraph does not know:
    actions printed as cards, "[Action REF] text {lead} {timescale}". Unknown, the plan holds no
    action table; a pass that rewrites the cards as table rows, added to BLOCK_PASSES, and every
    step after it reads them: outcomes from the headings, leads from the registry, due dates."""
    import re

    from cjgraph.loaders import extract
    from cjgraph.loaders.blocks import Block

    card = re.compile(r"\[Action (\S+)\]\s*(.+?)\s*\{(.+?)\}\s*\{(.+?)\}$")

    def cards_to_rows(blocks: list[Block]) -> list[Block]:
        out: list[Block] = []
        for b in blocks:
            m = card.match(b.text) if b.kind == "para" else None
            if m and not (out and out[-1].kind == "row"):
                out.append(Block.row(("Ref", "Action", "Lead", "Timescale"), line=b.line, where=b.where))
            out.append(Block.row(m.groups(), line=b.line, where=b.where) if m else b)
        return out

    plan = tmp_path / "cards.txt"
    plan.write_text(CARDS, encoding="utf-8")
    runner = CliRunner()
    before = runner.invoke(main, ["extract", str(plan), "--out", str(tmp_path / "before.xlsx")])
    assert before.exit_code == 1 and "no improvement-action table" in before.output
    monkeypatch.setattr(extract, "BLOCK_PASSES", [*extract.BLOCK_PASSES, cards_to_rows])
    after = runner.invoke(main, ["extract", str(plan), "--out", str(tmp_path / "after.xlsx")])
    assert after.exit_code == 0, after.output
    got = [(a.ref, a.outcome, a.leads, a.due) for a in read_plan(tmp_path / "after.xlsx").actions]
    assert got == [
        ("SO1.1", "communities", ("Police Scotland",), date(2021, 3, 31)),
        ("SO1.2", "communities", ("Sacro",), date(2021, 6, 30)),
        ("SO4.1", "access", ("Scottish Prison Service",), date(2022, 3, 31)),
    ]
